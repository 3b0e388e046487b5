#!/usr/bin/env python3
"""Benchmark driver behind bench/run.sh (python3 standard library only).

Starts eddy, measures start-to-first-served-request and idle RSS, creates and
preloads the tables, runs wrk with put.lua / get.lua / query.lua, and prints
a summary table against the targets in bench/README.md.

All configuration is through the environment (see run.sh). Exit status: 0 if
every wrk run finished without a non-2xx response or socket error, 1
otherwise (and, with STRICT=1, also when a target is missed), 2 on a setup
failure.
"""
import http.client
import json
import os
import re
import select
import signal
import socket
import statistics
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
HOST = "127.0.0.1"

# Targets from bench/README.md (2-core machine, load generator on it too).
TARGET_RPS = {"put": 50_000, "get": 50_000, "query": 20_000}
# Index ops are held to a fraction of the same op without the index, run in
# the same process: (baseline op, minimum ratio).
TARGET_RATIO = {"put_gsi": ("put", 0.7), "query_gsi": ("query", 0.9)}
TARGET_START_MS = 50
TARGET_IDLE_RSS_MB = 30

HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "Authorization": "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, "
                     "SignedHeaders=host, Signature=0",
}


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value else default


class Config:
    def __init__(self):
        self.eddy_bin = os.environ.get("EDDY_BIN") or os.path.join(
            os.path.dirname(BENCH_DIR), "build/release/src/server/eddy")
        self.eddy_args = os.environ.get("EDDY_ARGS", "").split()
        self.duration = env_int("DURATION", 10)
        self.connections = env_int("CONNECTIONS", 64)
        self.threads = env_int("THREADS", 2)
        self.ops = os.environ.get("OPS", "put get query").split()
        self.stream = os.environ.get("STREAM", "0") not in ("", "0")
        self.get_items = env_int("GET_ITEMS", 10_000)
        self.query_partitions = env_int("QUERY_PARTITIONS", 1_000)
        self.startup_runs = max(1, env_int("STARTUP_RUNS", 5))
        self.strict = os.environ.get("STRICT", "0") not in ("", "0")
        self.verbose = os.environ.get("VERBOSE", "0") not in ("", "0")
        self.perf = os.environ.get("PERF", "0") not in ("", "0")
        self.out_dir = os.environ.get("OUT_DIR", "/tmp/eddy-bench")


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- eddy process

class Eddy:
    """One eddy process on a free port, with its start-up timings."""

    def __init__(self, config, stderr_path):
        self.stderr_file = open(stderr_path, "ab")
        argv = [config.eddy_bin, "--in-memory", "--port", "0", *config.eddy_args]
        t0 = time.perf_counter()
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self.stderr_file)
        line = self._read_line(deadline=t0 + 10)
        self.listening_ms = (time.perf_counter() - t0) * 1000
        match = re.search(r"eddy listening on http://[^:]+:(\d+)", line)
        if not match:
            self.stop()
            raise RuntimeError(f"unexpected first line from eddy: {line!r} (stderr in {stderr_path})")
        self.port = int(match.group(1))
        self._poll_health(deadline=t0 + 10)
        self.first_request_ms = (time.perf_counter() - t0) * 1000

    @property
    def pid(self):
        return self.process.pid

    def _read_line(self, deadline):
        fd = self.process.stdout.fileno()
        data = b""
        while not data.endswith(b"\n"):
            remaining = deadline - time.perf_counter()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                self.stop()
                raise RuntimeError("eddy did not print its listening line within 10 s")
            chunk = os.read(fd, 4096)
            if not chunk:
                self.stop()
                raise RuntimeError(f"eddy exited before listening (status {self.process.wait()})")
            data += chunk
        return data.decode(errors="replace")

    def _poll_health(self, deadline):
        # A tight loop of fresh connections: the first 200 is "first served
        # request". No sleeps, so the figure is not rounded up to a period.
        request = f"GET /_eddy/health HTTP/1.1\r\nHost: {HOST}:{self.port}\r\nConnection: close\r\n\r\n".encode()
        while time.perf_counter() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=1) as s:
                    s.sendall(request)
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        return
            except OSError:
                pass
        self.stop()
        raise RuntimeError("eddy did not answer /_eddy/health with 200 within 10 s")

    def rss_kb(self, field="VmRSS"):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # utime and stime are fields 14 and 15 of stat(5); fields[0] is field 3.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                log(f"eddy (pid {self.pid}) ignored SIGTERM for 10 s; killing it")
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self.stderr_file.close()
        return self.process.returncode


# ---------------------------------------------------------------- API client

class DynamoClient:
    """A minimal keep-alive DynamoDB JSON client for setup and checks."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)

    def call(self, operation, body):
        headers = dict(HEADERS, **{"X-Amz-Target": "DynamoDB_20120810." + operation})
        self.connection.request("POST", "/", body=json.dumps(body), headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"{operation} failed with HTTP {response.status}: {data[:500]!r}")
        return json.loads(data)

    def create_table(self, name, key_schema, stream=False, gsis=()):
        """key_schema: [(name, HASH|RANGE, S|N|B)]; gsis: [(index name, key_schema, projection type)]."""
        attributes = {k: t for k, _, t in key_schema}
        for _, index_keys, _ in gsis:
            attributes.update({k: t for k, _, t in index_keys})
        body = {
            "TableName": name,
            "AttributeDefinitions": [{"AttributeName": k, "AttributeType": t} for k, t in attributes.items()],
            "KeySchema": [{"AttributeName": k, "KeyType": kt} for k, kt, _ in key_schema],
            "BillingMode": "PAY_PER_REQUEST",
        }
        if gsis:
            body["GlobalSecondaryIndexes"] = [
                {"IndexName": index, "KeySchema": [{"AttributeName": k, "KeyType": kt} for k, kt, _ in keys],
                 "Projection": {"ProjectionType": projection}} for index, keys, projection in gsis]
        if stream:
            body["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
        self.call("CreateTable", body)
        deadline = time.monotonic() + 30
        while self.call("DescribeTable", {"TableName": name})["Table"]["TableStatus"] != "ACTIVE":
            if time.monotonic() > deadline:
                raise RuntimeError(f"table {name} did not become ACTIVE")
            time.sleep(0.01)

    def batch_write(self, table, items):
        for start in range(0, len(items), 25):
            requests = {table: [{"PutRequest": {"Item": item}} for item in items[start:start + 25]]}
            for attempt in range(100):
                unprocessed = self.call("BatchWriteItem", {"RequestItems": requests}).get("UnprocessedItems") or {}
                if not unprocessed:
                    break
                requests = unprocessed
                time.sleep(0.01 * attempt)
            else:
                raise RuntimeError(f"BatchWriteItem into {table} kept returning UnprocessedItems")


# The same ~200-byte shape as put.lua writes.
PAYLOAD = ("abcdefghijklmnopqrstuvwxyz0123456789" * 5)[:150]


def bench_item(key, n, sort_key=None):
    item = {"p": {"S": key}, "payload": {"S": PAYLOAD}, "name": {"S": "benchmark item name"},
            "active": {"BOOL": True}, "n": {"N": str(n)}}
    if sort_key is not None:
        item["s"] = {"N": str(sort_key)}
        item["g"] = {"S": "g" + key}  # the query table's GSI partition key
    return item


TABLES = {"put": "bench_put", "get": "bench_get", "query": "bench_query",
          "put_gsi": "bench_put_gsi", "query_gsi": "bench_query", "transact": "bench_transact"}
SCRIPTS = {"put": "put.lua", "get": "get.lua", "query": "query.lua", "put_gsi": "put.lua", "query_gsi": "query.lua",
           "transact": "transact.lua"}
# put_gsi: PutItem into a table with two GSIs that every put.lua item is in
# (ALL on name+n, KEYS_ONLY on n). query_gsi: the query table's GSI on g+s
# (ALL), whose partitions hold the same 10 items as the table's.
PUT_GSIS = [("by_name", [("name", "HASH", "S"), ("n", "RANGE", "N")], "ALL"),
            ("by_n", [("n", "HASH", "N")], "KEYS_ONLY")]
QUERY_GSIS = [("by_g", [("g", "HASH", "S"), ("s", "RANGE", "N")], "ALL")]


def prepare_tables(config, client, ops):
    """Creates the tables `ops` need, preloads and checks them."""
    env = {}
    if "put" in ops:
        client.create_table(TABLES["put"], [("p", "HASH", "S")], stream=config.stream)
    if "transact" in ops:
        client.create_table(TABLES["transact"], [("p", "HASH", "S")], stream=config.stream)
    if "put_gsi" in ops:
        client.create_table(TABLES["put_gsi"], [("p", "HASH", "S")], stream=config.stream, gsis=PUT_GSIS)
    if "get" in ops:
        client.create_table(TABLES["get"], [("p", "HASH", "S")])
        client.batch_write(TABLES["get"], [bench_item(f"k{i:07d}", i) for i in range(config.get_items)])
        got = client.call("GetItem", {"TableName": TABLES["get"], "Key": {"p": {"S": f"k{config.get_items - 1:07d}"}}})
        if "Item" not in got:
            raise RuntimeError("preloaded GetItem check failed: no Item in the response")
        env["BENCH_KEYS"] = str(config.get_items)
    if "query" in ops or "query_gsi" in ops:
        # The GSI only for query_gsi: plain query runs on a table without
        # one (and so against builds that predate indexes).
        client.create_table(TABLES["query"], [("p", "HASH", "S"), ("s", "RANGE", "N")],
                            gsis=QUERY_GSIS if "query_gsi" in ops else ())
        items = [bench_item(f"q{p:07d}", p, s) for p in range(config.query_partitions) for s in range(10)]
        client.batch_write(TABLES["query"], items)
        result = client.call("Query", {"TableName": TABLES["query"], "KeyConditionExpression": "p = :p",
                                       "ExpressionAttributeValues": {":p": {"S": f"q{config.query_partitions - 1:07d}"}}})
        if result.get("Count") != 10:
            raise RuntimeError(f"preloaded Query check failed: Count={result.get('Count')}, expected 10")
        env["BENCH_PARTS"] = str(config.query_partitions)
    if "query_gsi" in ops:
        result = client.call("Query", {"TableName": TABLES["query"], "IndexName": "by_g",
                                       "KeyConditionExpression": "g = :p",
                                       "ExpressionAttributeValues": {":p": {"S": f"gq{config.query_partitions - 1:07d}"}}})
        if result.get("Count") != 10:
            raise RuntimeError(f"preloaded index Query check failed: Count={result.get('Count')}, expected 10")
    return env


# ---------------------------------------------------------------- wrk runs

BENCH_LINE = re.compile(r"^BENCH (.*)$", re.M)


def run_wrk(config, eddy, op, extra_env):
    script = os.path.join(BENCH_DIR, SCRIPTS[op])
    argv = ["wrk", f"-t{config.threads}", f"-c{config.connections}", f"-d{config.duration}s",
            "--timeout", "5s", "-s", script, f"http://{HOST}:{eddy.port}/"]
    env = dict(os.environ, BENCH_TABLE=TABLES[op], BENCH_OP=op, **extra_env)
    if op == "query_gsi":
        env.update(BENCH_INDEX="by_g", BENCH_KEY="g", BENCH_KEY_PREFIX="gq")
    perf = None
    if config.perf:
        perf_data = os.path.join(config.out_dir, f"perf-{op}.data")
        perf = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-o", perf_data, "-p", str(eddy.pid),
                                 "--", "sleep", str(config.duration)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    eddy_cpu_before = eddy.cpu_seconds()
    wrk_cpu_before = wrk_cpu_seconds()
    wall_start = time.perf_counter()
    wrk = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = wrk.communicate(timeout=config.duration + 60)
    except subprocess.TimeoutExpired:
        wrk.kill()
        out, err = wrk.communicate()
        log(f"wrk {op} did not finish within {config.duration + 60} s; killed")
    wall = time.perf_counter() - wall_start
    eddy_cpu = eddy.cpu_seconds() - eddy_cpu_before
    # wrk's own CPU time comes from its rusage (it is our child and reaped).
    wrk_cpu = wrk_cpu_seconds() - wrk_cpu_before
    if perf is not None:
        perf.wait(timeout=config.duration + 60)
        report = os.path.join(config.out_dir, f"perf-{op}.txt")
        text = subprocess.run(["perf", "report", "-i", perf_data, "--stdio", "--no-children",
                               "--sort", "dso,symbol", "-g", "none", "--percent-limit", "0.5"],
                              capture_output=True, text=True, timeout=300).stdout
        with open(report, "w") as f:  # perf pads every line to a huge width
            f.writelines(re.sub(r"[\s-]+$", "", line) + "\n" for line in text.splitlines()
                         if line.strip() and not line.startswith("#"))
        log(f"perf profile of eddy during {op}: {report}")
    out, err = out.decode(errors="replace"), err.decode(errors="replace")
    if config.verbose or wrk.returncode != 0:
        sys.stderr.write(out + err)
    match = BENCH_LINE.search(out)
    result = {"op": op, "ok": wrk.returncode == 0 and match is not None, "exit": wrk.returncode,
              "eddy_cpu_pct": 100 * eddy_cpu / wall, "wrk_cpu_pct": 100 * wrk_cpu / wall}
    if match:
        for field in match.group(1).split():
            key, value = field.split("=", 1)
            result[key] = value if key == "op" else float(value)
    return result


def wrk_cpu_seconds():
    usage = os.times()
    return usage.children_user + usage.children_system


# ---------------------------------------------------------------- report

def mark(ok):
    return "ok  " if ok else "MISS"


def print_summary(config, startup, rss_idle_kb, rss_after_kb, hwm_kb, results):
    print()
    print(f"eddy benchmark: {config.threads} wrk threads, {config.connections} connections, "
          f"{config.duration} s per op, {os.cpu_count()} CPUs, stream={'on' if config.stream else 'off'}")
    print()
    header = f"{'op':<9} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'non-2xx':>8} {'sock err':>8} " \
             f"{'eddy CPU':>9} {'wrk CPU':>8} {'target':>8}  "
    print(header)
    print("-" * len(header))
    misses = []
    for r in results:
        if "rps" not in r:
            print(f"{r['op']:<9} {'FAILED (wrk exit ' + str(r['exit']) + ')':>40}")
            misses.append(r["op"])
            continue
        sock = r["connect"] + r["read"] + r["write"] + r["timeout"]
        if r["op"] in TARGET_RATIO:
            # Against the median of every run of the baseline op: repeat
            # both (OPS="put put_gsi put put_gsi ...") to even out noise.
            base, ratio = TARGET_RATIO[r["op"]]
            base_runs = [b["rps"] for b in results if b["op"] == base and "rps" in b]
            target = int(ratio * statistics.median(base_runs)) if base_runs else 0
        else:
            target = TARGET_RPS.get(r["op"], 0)  # transact: reported, no target yet
        ok = r["rps"] >= target
        if not ok:
            misses.append(r["op"])
        print(f"{r['op']:<9} {r['rps']:>10,.0f} {r['p50_us'] / 1000:>8.2f} {r['p99_us'] / 1000:>8.2f} "
              f"{r['max_us'] / 1000:>8.2f} {r['non2xx']:>8.0f} {sock:>8.0f} {r['eddy_cpu_pct']:>8.0f}% "
              f"{r['wrk_cpu_pct']:>7.0f}% {target:>8,}  {mark(ok)}")
    for op, (base, ratio) in TARGET_RATIO.items():
        runs = [r["rps"] for r in results if r["op"] == op and "rps" in r]
        base_runs = [r["rps"] for r in results if r["op"] == base and "rps" in r]
        if runs and base_runs:
            pairs = " ".join(f"{a / b:.2f}" for a, b in zip(runs, base_runs))
            value = statistics.median(runs) / statistics.median(base_runs)
            print(f"{op}/{base}: {value:.2f} (medians of {len(runs)} and {len(base_runs)} runs; "
                  f"run by run {pairs})   target >= {ratio}  {mark(value >= ratio)}")
            if value < ratio:
                misses.append(f"{op}/{base}")
    print()
    start_ms = statistics.median(startup["first"])
    rss_mb = rss_idle_kb / 1024
    print(f"start to first served request: median {start_ms:.1f} ms, max {max(startup['first']):.1f} ms "
          f"over {len(startup['first'])} starts (listening line: median {statistics.median(startup['listen']):.1f} ms)"
          f"   target < {TARGET_START_MS} ms  {mark(start_ms < TARGET_START_MS)}")
    print(f"idle RSS after start: {rss_mb:.1f} MB   target < {TARGET_IDLE_RSS_MB} MB  "
          f"{mark(rss_mb < TARGET_IDLE_RSS_MB)}")
    if rss_after_kb is not None:
        print(f"RSS after the benchmark (1 s idle): {rss_after_kb / 1024:.1f} MB, peak (VmHWM) {hwm_kb / 1024:.1f} MB")
    if start_ms >= TARGET_START_MS:
        misses.append("start")
    if rss_mb >= TARGET_IDLE_RSS_MB:
        misses.append("rss")
    return misses


def main():
    config = Config()
    if not os.access(config.eddy_bin, os.X_OK):
        log(f"eddy binary not found at {config.eddy_bin}; build it or set EDDY_BIN")
        return 2
    unknown = [op for op in config.ops if op not in TABLES]
    if unknown:
        log(f"unknown OPS {unknown}; choose from {list(TABLES)}")
        return 2
    os.makedirs(config.out_dir, exist_ok=True)
    stderr_path = os.path.join(config.out_dir, "eddy.stderr.log")

    # Several cold starts; the last process stays up for the load runs.
    startup = {"first": [], "listen": []}
    eddy = None
    try:
        for i in range(config.startup_runs):
            eddy = Eddy(config, stderr_path)
            startup["first"].append(eddy.first_request_ms)
            startup["listen"].append(eddy.listening_ms)
            if i + 1 < config.startup_runs:
                eddy.stop()
        rss_idle_kb = eddy.rss_kb()
        log(f"eddy pid {eddy.pid} on port {eddy.port}; first served request after "
            f"{eddy.first_request_ms:.1f} ms; idle RSS {rss_idle_kb / 1024:.1f} MB")

        # Each op gets a fresh eddy: every table shares RocksDB's memtables,
        # so an op run after another would pay for the items the first one
        # wrote, and the put/put_gsi ratio would depend on the order.
        results = []
        for n, op in enumerate(config.ops):
            if n > 0:
                eddy.stop()
                eddy = Eddy(config, stderr_path)
            client = DynamoClient(eddy.port)
            t = time.perf_counter()
            extra_env = prepare_tables(config, client, [op])
            client.connection.close()
            log(f"tables for {op} created and preloaded in {time.perf_counter() - t:.1f} s")
            log(f"running wrk: {op} for {config.duration} s ...")
            results.append(run_wrk(config, eddy, op, extra_env))
            if eddy.process.poll() is not None:
                log(f"eddy exited during the {op} run with status {eddy.process.returncode}; see {stderr_path}")
                break

        rss_after_kb = hwm_kb = None
        if eddy.process.poll() is None:
            time.sleep(1)
            rss_after_kb, hwm_kb = eddy.rss_kb(), eddy.rss_kb("VmHWM")
    except Exception as e:  # setup failure: say what and stop eddy
        log(f"benchmark setup failed: {e}")
        if eddy is not None:
            eddy.stop()
        return 2

    misses = print_summary(config, startup, rss_idle_kb, rss_after_kb, hwm_kb, results)
    status = eddy.stop()
    failed = [r["op"] for r in results if not r["ok"]]
    if len(results) < len(config.ops):
        failed.append("eddy exited")
    if failed:
        print(f"\nFAILED: {', '.join(failed)} (non-2xx responses, socket errors or a crash; see above)")
        return 1
    if status not in (0, None):
        print(f"\neddy exited with status {status} on SIGTERM (stderr: {stderr_path})")
    if config.strict and misses:
        print(f"\nSTRICT: targets missed: {', '.join(misses)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
