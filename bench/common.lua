-- Shared by put.lua, get.lua and query.lua (each wrk thread has its own Lua
-- state, so this file is loaded once per thread and once for the main state).
--
-- Configuration comes from the environment, set by run.sh:
--   BENCH_TABLE   table to hit (required)
--   BENCH_KEYS    get: number of preloaded items (keys k0000000..)
--   BENCH_PARTS   query: number of preloaded partitions (keys q0000000..)
local M = {}

M.table = os.getenv("BENCH_TABLE") or error("BENCH_TABLE is not set")

-- eddy does not verify signatures, but clients always send a SigV4 header,
-- so the benchmark pays for parsing one like real traffic does.
local AUTH = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, "
          .. "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0"

function M.configure(operation)
  wrk.method = "POST"
  wrk.path = "/"
  wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
  wrk.headers["X-Amz-Target"] = "DynamoDB_20120810." .. operation
  wrk.headers["X-Amz-Date"] = "20260101T000000Z"
  wrk.headers["Authorization"] = AUTH
end

-- setup() runs in the main state once per thread before it starts; give
-- each thread a distinct id so put keys never collide across threads and
-- random streams differ.
local next_thread_id = 0
function M.setup(thread)
  next_thread_id = next_thread_id + 1
  thread:set("thread_id", next_thread_id)
end

function M.seed()
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919)
end

function M.env_number(name)
  local value = tonumber(os.getenv(name) or "")
  if not value or value < 1 then error(name .. " must be a positive number") end
  return value
end

-- ~150 bytes of payload; with the key and the small attributes the item is
-- about 200 bytes by DynamoDB's item-size rules (names + values).
M.PAYLOAD = string.rep("abcdefghijklmnopqrstuvwxyz0123456789", 5):sub(1, 150)

-- done() runs in the main state after wrk prints its own report. It prints
-- one machine-readable line for run.sh and fails loudly (exit 1) on any
-- non-2xx response (wrk counts status > 399) or socket error.
function M.done(name)
  name = os.getenv("BENCH_OP") or name  -- bench.py's op (query_gsi runs query.lua)
  return function(summary, latency, requests)
    local e = summary.errors
    local seconds = summary.duration / 1e6
    io.write(string.format(
      "BENCH op=%s requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d "
      .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
      name, summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      e.status, e.connect, e.read, e.write, e.timeout))
    local socket_errors = e.connect + e.read + e.write + e.timeout
    if e.status > 0 or socket_errors > 0 or summary.requests == 0 then
      io.stderr:write(string.format(
        "FAIL %s: %d non-2xx responses, %d socket errors, %d requests\n",
        name, e.status, socket_errors, summary.requests))
      io.stderr:flush()
      io.stdout:flush()
      os.exit(1)
    end
  end
end

return M
