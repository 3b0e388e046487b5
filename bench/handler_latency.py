#!/usr/bin/env python3
"""Write-to-handler latency of eddy's stream handlers (python3 standard library only).

Measures the time from a PutItem response arriving at the client to a warm
Python handler starting on that item's stream record, one put at a time:

    build/release/src/server/eddy  (Release build; nothing is built here)
    python3 bench/handler_latency.py
    OPS=5000 BATCH_SIZES="1" python3 bench/handler_latency.py

It starts `eddy --in-memory --port 0 --functions F --log-dir D`, where F (in
OUT_DIR, emptied first) registers one python3 function with one event source
mapping per batch size, each on its own table with a NEW_IMAGE stream,
StartingPosition LATEST. The handler's first statement takes
time.monotonic_ns() and writes "<ns> <key> <request id>\n" with one os.write
to a FIFO (opened once, at import); the client takes time.monotonic_ns() as
soon as the last byte of each PutItem response is read (raw keep-alive
socket), then blocks on the FIFO until that key arrives before the next put,
so this is latency, not throughput. CLOCK_MONOTONIC is one clock for every
process on a Linux machine, so the two timestamps compare directly. Latency =
handler start - response received: it is negative when the handler starts
before the client process has woken up and read the response; the raw
distribution is reported, and "request sent -> handler start" (never negative)
bounds it from above.

Environment (defaults in brackets):
  EDDY_BIN     eddy binary [build/release/src/server/eddy]
  EDDY_ARGS    extra eddy flags []
  OPS          measured puts per batch size [1000]
  WARMUP       puts first, not measured (the first cold-starts the worker) [50]
  BATCH_SIZES  one mapping (and table) per value, measured in this order [1 100]
  STRICT=1     also exit 1 when a target is missed
  VERBOSE=1    also print the 10 slowest puts, with their eddy-side REPORT Duration
  OUT_DIR      eddy's stderr log, handler logs and the functions file [/tmp/eddy-bench/handler-latency]

Exit status: 0 ok; 1 a record did not reach the handler within 10 s (or, with
STRICT=1, a target was missed); 2 setup or a PutItem failed (e.g. eddy died).
"""
import json
import os
import re
import select
import shutil
import socket
import sys
import time
import types

from bench import HEADERS, HOST, DynamoClient, Eddy, env_int, log

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
RECORD_TIMEOUT_S = 10

# Targets (the stream-handlers issue): a warm handler starts on a record soon
# after the write that made it is acknowledged.
TARGET_P50_MS = 5
TARGET_P99_MS = 50

# The handler's own cost before the timestamp is one attribute lookup; the
# write happens after it, with the FIFO opened once at import.
HANDLER_SOURCE = '''\
import os
import time

_now = time.monotonic_ns
_out = os.open(os.environ["LATENCY_FIFO"], os.O_WRONLY | os.O_APPEND)


def lambda_handler(event, context):
    started = _now()
    os.write(_out, "".join("%d %s %s\\n" % (started, r["dynamodb"]["Keys"]["p"]["S"], context.aws_request_id)
                           for r in event["Records"]).encode())
'''


def table_name(batch_size):
    return f"bench_latency_b{batch_size}"


def write_functions_file(work_dir, fifo_path, batch_sizes):
    code_dir = os.path.join(work_dir, "handler")
    os.makedirs(code_dir, exist_ok=True)
    with open(os.path.join(code_dir, "lambda_function.py"), "w") as f:
        f.write(HANDLER_SOURCE)
    functions = {"Functions": [{
        "FunctionName": "latency-handler", "Runtime": "python3.12", "Handler": "lambda_function.lambda_handler",
        "CodeDirectory": "handler", "Timeout": 30,
        "Environment": {"Variables": {"LATENCY_FIFO": fifo_path}},
        "EventSourceMappings": [{"TableName": table_name(b), "StartingPosition": "LATEST", "BatchSize": b}
                                for b in batch_sizes],
    }]}
    path = os.path.join(work_dir, "functions.json")
    with open(path, "w") as f:
        json.dump(functions, f, indent=2)
    return path


def create_stream_table(client, name):
    client.call("CreateTable", {
        "TableName": name, "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}],
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    })
    deadline = time.monotonic() + 30
    while client.call("DescribeTable", {"TableName": name})["Table"]["TableStatus"] != "ACTIVE":
        if time.monotonic() > deadline:
            raise RuntimeError(f"table {name} did not become ACTIVE")
        time.sleep(0.01)


class HandlerFifo:
    """The read end of the FIFO the handler writes "<ns> <key> <request id>" lines to."""

    def __init__(self, path):
        os.mkfifo(path)
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        # A writer of our own, never used: the FIFO never reads as EOF (a
        # dead worker would otherwise make poll() return at once forever).
        self.keep_open = os.open(path, os.O_WRONLY)
        self.poller = select.poll()
        self.poller.register(self.fd, select.POLLIN)
        self.buffer = b""
        self.seen = {}  # key -> (handler start ns, request id), for keys not yet waited for

    def wait_for(self, key, timeout_s):
        """Blocks (no spinning: the timestamp is the handler's, not ours) until `key` arrives."""
        deadline = time.monotonic() + timeout_s
        while key not in self.seen:
            remaining_ms = (deadline - time.monotonic()) * 1000
            if remaining_ms <= 0:
                return None
            if self.poller.poll(remaining_ms):
                self.buffer += os.read(self.fd, 65536)
                *lines, self.buffer = self.buffer.split(b"\n")
                for line in lines:
                    ns, got_key, request_id = line.decode().split(" ")
                    self.seen[got_key] = (int(ns), request_id)
        return self.seen.pop(key)

    def close(self):
        os.close(self.fd)
        os.close(self.keep_open)


class PutClient:
    """PutItem over one keep-alive socket, timestamped when the last byte of the response is read.

    A raw socket rather than http.client: its header parsing (tens of
    microseconds of Python) would sit between the response arriving and
    the timestamp. The status and body are checked after the timestamp.
    """

    PAYLOAD = ("abcdefghijklmnopqrstuvwxyz0123456789" * 5)[:150]

    def __init__(self, port):
        self.port = port
        self.sock = socket.create_connection((HOST, port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        headers = dict(HEADERS, **{"X-Amz-Target": "DynamoDB_20120810.PutItem", "Host": f"{HOST}:{port}"})
        self.head = "POST / HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())

    def put(self, table, key):
        """Returns (request sent ns, response received ns)."""
        body = json.dumps({"TableName": table, "Item": {"p": {"S": key}, "payload": {"S": self.PAYLOAD}}}).encode()
        request = (self.head + f"Content-Length: {len(body)}\r\n\r\n").encode() + body
        sent = time.monotonic_ns()
        self.sock.sendall(request)
        data = b""
        length = None
        while length is None or len(data) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("eddy closed the connection")
            data += chunk
            if length is None and b"\r\n\r\n" in data:
                head_end = data.index(b"\r\n\r\n") + 4
                match = re.search(rb"(?im)^content-length:\s*(\d+)", data[:head_end])
                if not match:
                    raise RuntimeError(f"PutItem response without Content-Length: {data[:500]!r}")
                length = head_end + int(match.group(1))
        received = time.monotonic_ns()
        if not data.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(f"PutItem failed: {data[:500]!r}")
        return sent, received

    def close(self):
        self.sock.close()


def percentile(sorted_values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty sorted list."""
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def distribution(values_ns):
    v = sorted(values_ns)
    ms = lambda ns: ns / 1e6  # noqa: E731
    return {"p50": ms(percentile(v, 50)), "p90": ms(percentile(v, 90)), "p99": ms(percentile(v, 99)),
            "min": ms(v[0]), "max": ms(v[-1]), "count": len(v), "negative": sum(1 for x in v if x < 0)}


def report_durations(log_dir):
    """REPORT Duration (ms) by request id, from the handler's log files."""
    durations = {}
    pattern = re.compile(r"REPORT RequestId: (\S+)\tDuration: ([\d.]+) ms")
    for root, _, files in os.walk(log_dir):
        for name in files:
            with open(os.path.join(root, name), errors="replace") as f:
                for match in pattern.finditer(f.read()):
                    durations[match.group(1)] = float(match.group(2))
    return durations


def run(eddy_port, fifo, batch_size, warmup, ops, eddy):
    """Measures one mapping: a list of (latency, round trip, sent -> handler start) in ns, key, request id;
    None when a record is lost."""
    table = table_name(batch_size)
    putter = PutClient(eddy_port)
    samples = []
    for i in range(warmup + ops):
        key = f"b{batch_size}-{i:07d}"
        sent, received = putter.put(table, key)
        got = fifo.wait_for(key, RECORD_TIMEOUT_S)
        if got is None:
            state = "running" if eddy.process.poll() is None else f"exited with {eddy.process.returncode}"
            log(f"record {key} did not reach the handler within {RECORD_TIMEOUT_S} s (eddy {state})")
            return None
        if i >= warmup:
            started, request_id = got
            samples.append((started - received, received - sent, started - sent, key, request_id))
    putter.close()
    return samples


def main():
    eddy_bin = os.environ.get("EDDY_BIN") or os.path.join(os.path.dirname(BENCH_DIR), "build/release/src/server/eddy")
    try:
        ops = max(1, env_int("OPS", 1000))
        warmup = max(1, env_int("WARMUP", 50))
        batch_sizes = [int(b) for b in os.environ.get("BATCH_SIZES", "1 100").split()]
    except ValueError as e:  # e.g. run.sh's OPS="put get query" left in the environment
        log(f"OPS, WARMUP and BATCH_SIZES must be numbers here: {e}")
        return 2
    strict = os.environ.get("STRICT", "0") not in ("", "0")
    verbose = os.environ.get("VERBOSE", "0") not in ("", "0")
    out_dir = os.environ.get("OUT_DIR", "/tmp/eddy-bench/handler-latency")
    if not os.access(eddy_bin, os.X_OK):
        log(f"eddy binary not found at {eddy_bin}; build it or set EDDY_BIN")
        return 2
    if not batch_sizes or any(not 1 <= b <= 10_000 for b in batch_sizes):
        log(f"BATCH_SIZES must be numbers from 1 to 10000 (Lambda's range), got {os.environ.get('BATCH_SIZES')!r}")
        return 2

    # A fresh directory each run: the FIFO, handler code and logs of an old
    # run must not mix with this one's.
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    fifo_path = os.path.join(out_dir, "handler.fifo")
    log_dir = os.path.join(out_dir, "logs")
    functions_path = write_functions_file(out_dir, fifo_path, batch_sizes)
    fifo = HandlerFifo(fifo_path)
    config = types.SimpleNamespace(eddy_bin=eddy_bin, eddy_args=[
        "--functions", functions_path, "--log-dir", log_dir, *os.environ.get("EDDY_ARGS", "").split()])
    eddy = None
    results = {}
    try:
        eddy = Eddy(config, os.path.join(out_dir, "eddy.stderr.log"))
        client = DynamoClient(eddy.port)
        for b in batch_sizes:
            create_stream_table(client, table_name(b))
        client.connection.close()
        log(f"eddy pid {eddy.pid} on port {eddy.port}; {warmup} warm-up + {ops} puts per batch size {batch_sizes}")
        for b in batch_sizes:
            samples = run(eddy.port, fifo, b, warmup, ops, eddy)
            if samples is None:
                break
            results[b] = samples
    except Exception as e:
        log(f"benchmark failed: {e}")
        if eddy is not None:
            eddy.stop()
        fifo.close()
        return 2

    status = eddy.stop()
    fifo.close()
    durations = report_durations(log_dir) if verbose else {}
    print()
    print(f"eddy handler latency: {os.cpu_count()} CPUs, warm python3 handler, one put at a time, "
          f"{warmup} warm-up puts per batch size")
    misses = []
    for b, samples in results.items():
        lat = distribution([s[0] for s in samples])
        rtt = distribution([s[1] for s in samples])
        ok = lat["p50"] < TARGET_P50_MS and lat["p99"] < TARGET_P99_MS
        if not ok:
            misses.append(f"BatchSize {b}")
        print(f"handler latency (put response -> handler start), BatchSize {b}, {lat['count']} ops: "
              f"p50 {lat['p50']:.2f} ms  p90 {lat['p90']:.2f} ms  p99 {lat['p99']:.2f} ms  max {lat['max']:.2f} ms  "
              f"(min {lat['min']:.3f} ms, {lat['negative']} negative)   "
              f"target p50 < {TARGET_P50_MS} ms, p99 < {TARGET_P99_MS} ms  {'ok' if ok else 'MISS'}")
        sent = distribution([s[2] for s in samples])
        print(f"  PutItem round trip (request sent -> response read): p50 {rtt['p50']:.2f} ms  "
              f"p99 {rtt['p99']:.2f} ms  max {rtt['max']:.2f} ms")
        print(f"  request sent -> handler start (never negative): p50 {sent['p50']:.2f} ms  p90 {sent['p90']:.2f} ms  "
              f"p99 {sent['p99']:.2f} ms  max {sent['max']:.2f} ms")
        if verbose:
            print("  slowest: " + ", ".join(
                f"#{samples.index(s)} {s[0] / 1e6:.2f} ms (REPORT Duration {durations.get(s[4], '?')} ms)"
                for s in sorted(samples, reverse=True)[:10]))
    if any(lat < 0 for samples in results.values() for lat, *_ in samples):
        print("(negative: the handler started before the client had read the whole response; "
              "latency is measured from the end of the client's read)")
    lost = len(results) < len(batch_sizes)
    if lost:
        print(f"\nFAILED: a record did not reach the handler (see {out_dir}/eddy.stderr.log and {log_dir})")
        return 1
    if status not in (0, None):
        print(f"\neddy exited with status {status} on SIGTERM (stderr: {out_dir}/eddy.stderr.log)")
    if strict and misses:
        print(f"\nSTRICT: targets missed: {', '.join(misses)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
