-- wrk script: TransactWriteItems of 4 Puts of ~200-byte items with new keys,
-- and a ClientRequestToken as the SDKs send one with every call.
--   BENCH_TABLE=... wrk -t2 -c64 -d10s -s bench/transact.lua http://127.0.0.1:PORT/
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

common.configure("TransactWriteItems")
setup = common.setup
done = common.done("transact")

local ACTIONS = 4
local counter = 0
local prefix, head, tail

function init(args)
  common.seed()
  prefix = string.format("tx-%d-", thread_id or 0)
  head = '{"Put":{"TableName":"' .. common.table .. '","Item":{"p":{"S":"'
  tail = '"},"payload":{"S":"' .. common.PAYLOAD .. '"},'
      .. '"name":{"S":"benchmark item name"},"active":{"BOOL":true},"n":{"N":"'
end

function request()
  counter = counter + 1
  local actions = {}
  for i = 1, ACTIONS do
    actions[i] = head .. prefix .. counter .. "-" .. i .. tail .. counter .. '"}}}}'
  end
  return wrk.format(nil, nil, nil,
    '{"ClientRequestToken":"' .. prefix .. counter .. '","TransactItems":[' .. table.concat(actions, ",") .. "]}")
end
