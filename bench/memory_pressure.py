#!/usr/bin/env python3
"""eddy's peak memory under clients that try to make it hold bytes.

Starts eddy (EDDY_BIN, --in-memory --port 0, plus EDDY_ARGS) and runs three
attacks one after another, each from CLIENTS connections at once:

  slow    each connection announces a 16 MB body and sends it slowly
          (64 KB every 50 ms), so every upload is in flight together;
  fast    each connection sends a whole 4 MB PutItem body at once
          (an item over 400 KB: eddy parses it and refuses it);
  noread  each connection asks BatchGetItem for 100 items of 390 KB
          (a 16 MB answer, by DynamoDB's 16 MB rule) and does not read it
          until the attack ends;
  late    the same, but every connection sends its headers first and its
          body a second later, so all bodies are admitted before any
          answer exists.

After each, it checks that eddy still serves a PutItem and a GetItem
within the wait the attack allows, and prints eddy's peak RSS (VmHWM from
/proc/<pid>/status) and its RSS after the attack. Standard library only.

    EDDY_BIN=build/release/src/server/eddy python3 bench/memory_pressure.py
    CLIENTS=400 EDDY_ARGS="--memory-budget 128" python3 bench/memory_pressure.py
"""
import json
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time

EDDY_BIN = os.environ.get("EDDY_BIN", "build/release/src/server/eddy")
CLIENTS = int(os.environ.get("CLIENTS", "200"))
ATTACK_SECONDS = float(os.environ.get("ATTACK_SECONDS", "10"))
AUTH = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x"


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def head(port, target, length):
    return (f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Amz-Target: DynamoDB_20120810.{target}\r\n"
            f"Content-Type: application/x-amz-json-1.0\r\nAuthorization: {AUTH}\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def call(port, target, body, timeout=30):
    data = json.dumps(body).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(head(port, target, len(data)) + data)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    answer = b"".join(chunks)
    status = int(answer.split(b" ", 2)[1])
    return status, answer.split(b"\r\n\r\n", 1)[1]


def slow_upload(port, stop):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
            s.sendall(head(port, "PutItem", 16 * 1024 * 1024))
            piece = b" " * (64 * 1024)
            while not stop.is_set():
                s.sendall(piece)
                time.sleep(0.05)
    except OSError:
        pass  # closed by eddy (throttled or timed out): what a cap does


def fast_upload(port, stop):
    body = json.dumps({"TableName": "pressure", "Item": {"p": {"S": "big"}, "v": {"S": "x" * (4 << 20)}}}).encode()
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
                s.sendall(head(port, "PutItem", len(body)) + body)
                s.recv(4096)
        except OSError:
            time.sleep(0.05)


def no_read(port, stop, headers_first=False):
    keys = [{"p": {"S": f"k{i}"}} for i in range(100)]
    body = json.dumps({"RequestItems": {"pressure": {"Keys": keys}}}).encode()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            if headers_first:
                s.sendall(head(port, "BatchGetItem", len(body)))
                time.sleep(1)
                s.sendall(body)
            else:
                s.sendall(head(port, "BatchGetItem", len(body)) + body)
            stop.wait()
    except OSError:
        pass


def late_no_read(port, stop):
    no_read(port, stop, headers_first=True)


def main():
    data_dir = tempfile.mkdtemp(prefix="eddy-pressure-")
    address_file = os.path.join(data_dir, "address")
    argv = [EDDY_BIN, "--data-dir", os.path.join(data_dir, "db"), "--port", "0", "--address-file", address_file,
            "--ttl-interval", "0"] + shlex.split(os.environ.get("EDDY_ARGS", ""))
    eddy = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(500):
            if os.path.exists(address_file):
                break
            time.sleep(0.01)
        port = int(open(address_file).read().strip().rsplit(":", 1)[1].rstrip("/"))
        call(port, "CreateTable", {"TableName": "pressure", "BillingMode": "PAY_PER_REQUEST",
                                   "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"}],
                                   "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}]})
        for i in range(100):
            status, _ = call(port, "PutItem", {"TableName": "pressure",
                                               "Item": {"p": {"S": f"k{i}"}, "v": {"S": "x" * 390_000}}})
            assert status == 200, status
        print(f"eddy idle RSS after setup: {status_kb(eddy.pid, 'VmRSS') / 1024:.0f} MB; "
              f"{CLIENTS} clients per attack, {ATTACK_SECONDS:.0f} s each")
        failed = False
        for name, attack in (("slow", slow_upload), ("fast", fast_upload), ("noread", no_read), ("late", late_no_read)):
            stop = threading.Event()
            threads = [threading.Thread(target=attack, args=(port, stop), daemon=True) for _ in range(CLIENTS)]
            for t in threads:
                t.start()
            time.sleep(ATTACK_SECONDS)
            # Served meanwhile? A throttled answer counts as served: the
            # SDKs retry it.
            started = time.monotonic()
            try:
                status, answer = call(port, "PutItem", {"TableName": "pressure", "Item": {"p": {"S": "during"}}}, 90)
                during = f"{status} {json.loads(answer).get('__type', 'ok').split('#')[-1]}"
            except OSError as e:
                during = f"failed ({e.__class__.__name__})"
            during += f" in {time.monotonic() - started:.2f} s"
            stop.set()
            for t in threads:
                t.join(timeout=70)
            time.sleep(1)
            status_after, _ = call(port, "GetItem", {"TableName": "pressure", "Key": {"p": {"S": "k1"}}})
            alive = eddy.poll() is None
            print(f"{name:7s} peak RSS {status_kb(eddy.pid, 'VmHWM') / 1024:6.0f} MB, "
                  f"RSS after {status_kb(eddy.pid, 'VmRSS') / 1024:5.0f} MB; PutItem during: {during}; "
                  f"GetItem after: {status_after}; alive: {alive}")
            failed |= status_after != 200 or not alive
        return 1 if failed else 0
    finally:
        eddy.terminate()
        eddy.wait(timeout=30)
        subprocess.run(["rm", "-rf", data_dir])


if __name__ == "__main__":
    sys.exit(main())
