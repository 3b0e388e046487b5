-- wrk script: PutItem of a ~200-byte item with a new key on every request
-- (per-thread counter), so each request inserts rather than overwrites.
--   BENCH_TABLE=... wrk -t2 -c64 -d10s -s bench/put.lua http://127.0.0.1:PORT/
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

common.configure("PutItem")
setup = common.setup
done = common.done("put")

local counter = 0
local prefix, head, tail

function init(args)
  common.seed()
  prefix = string.format("put-%d-", thread_id or 0)
  head = '{"TableName":"' .. common.table .. '","Item":{"p":{"S":"'
  tail = '"},"payload":{"S":"' .. common.PAYLOAD .. '"},'
      .. '"name":{"S":"benchmark item name"},"active":{"BOOL":true},"n":{"N":"'
end

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil,
    head .. prefix .. counter .. tail .. counter .. '"}}}')
end
