#!/usr/bin/env python3
"""How fast Lambda's control plane answers on eddy: CreateFunction until
GetFunctionConfiguration says Active (what `aws lambda wait function-active`
does: it polls at once), CreateEventSourceMapping until GetEventSourceMapping
says Enabled, and the first (cold) and a later (warm) synchronous Invoke.

Standard library only: raw HTTP on one keep-alive connection, as an SDK
would send it, with an Authorization header but no real signature (eddy
does not check signatures).

  EDDY_BIN   eddy binary [build/release/src/server/eddy]
  COUNT      functions (and mappings) created [50]
"""

import base64
import http.client
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

HANDLER = "def lambda_handler(event, context):\n    return {'ok': True}\n"


def package():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("lambda_function.py", HANDLER)
    return base64.b64encode(buffer.getvalue()).decode()


class Client:
    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method, path, body=None, headers=None, target=None):
        # Signed as an SDK signs (eddy checks that a signature is there, not
        # the signature).
        all_headers = {"Authorization": "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/lambda/aws4_request"}
        if body is not None:
            all_headers["Content-Type"] = "application/json"
        if target:
            all_headers.update({"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.0"})
        all_headers.update(headers or {})
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        self.connection.request(method, path, body=data, headers=all_headers)
        response = self.connection.getresponse()
        payload = response.read()
        if response.status >= 300:
            sys.exit(f"{method} {path}: {response.status} {payload[:300]!r}")
        return json.loads(payload) if payload else None


def millis(seconds):
    return seconds * 1000.0


def summary(name, samples):
    samples = sorted(samples)
    p = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
    print(f"{name:<44} p50 {p(0.5):7.2f} ms   p90 {p(0.9):7.2f} ms   max {samples[-1]:7.2f} ms"
          f"   mean {statistics.mean(samples):7.2f} ms   (n={len(samples)})")


def main():
    bench_dir = os.path.dirname(os.path.abspath(__file__))
    eddy = os.environ.get("EDDY_BIN") or os.path.join(os.path.dirname(bench_dir), "build/release/src/server/eddy")
    count = int(os.environ.get("COUNT", "50"))
    data_dir = tempfile.mkdtemp(prefix="eddy-bench-lambda-")
    proc = subprocess.Popen([eddy, "--port", "0", "--data-dir", data_dir], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(re.search(r":(\d+)", proc.stdout.readline()).group(1))
        client = Client(port)
        client.call("POST", "/", {"TableName": "Bench", "BillingMode": "PAY_PER_REQUEST",
                                  "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"}],
                                  "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}],
                                  "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}},
                    target="DynamoDB_20120810.CreateTable")
        stream_arn = client.call("POST", "/", {"TableName": "Bench"},
                                 target="DynamoDB_20120810.DescribeTable")["Table"]["LatestStreamArn"]
        code = package()
        to_active, to_enabled, cold, warm = [], [], [], []
        for i in range(count):
            name = f"bench-{i}"
            start = time.perf_counter()
            client.call("POST", "/2015-03-31/functions",
                        {"FunctionName": name, "Runtime": "python3.12", "Handler": "lambda_function.lambda_handler",
                         "Role": "arn:aws:iam::000000000000:role/bench", "Code": {"ZipFile": code}})
            while client.call("GET", f"/2015-03-31/functions/{name}/configuration")["State"] != "Active":
                pass
            to_active.append(millis(time.perf_counter() - start))

            start = time.perf_counter()
            uuid = client.call("POST", "/2015-03-31/event-source-mappings",
                               {"FunctionName": name, "EventSourceArn": stream_arn,
                                "StartingPosition": "LATEST"})["UUID"]
            while client.call("GET", f"/2015-03-31/event-source-mappings/{uuid}")["State"] != "Enabled":
                pass
            to_enabled.append(millis(time.perf_counter() - start))

            for samples in (cold, warm):
                start = time.perf_counter()
                client.call("POST", f"/2015-03-31/functions/{name}/invocations", b"{}")
                samples.append(millis(time.perf_counter() - start))
        print(f"eddy: {eddy}")
        summary("create-function -> State Active", to_active)
        summary("create-event-source-mapping -> State Enabled", to_enabled)
        summary("first Invoke (cold start: python3 worker)", cold)
        summary("second Invoke (warm worker)", warm)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
