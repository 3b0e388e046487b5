-- wrk script: Query of one random partition among the BENCH_PARTS preloaded
-- ones (q0000000 .. q<BENCH_PARTS-1>), each holding 10 items, so every
-- request returns 10 items.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

common.configure("Query")
setup = common.setup
done = common.done("query")

local parts, head, tail

function init(args)
  common.seed()
  parts = common.env_number("BENCH_PARTS")
  head = '{"TableName":"' .. common.table .. '","KeyConditionExpression":"p = :p",'
      .. '"ExpressionAttributeValues":{":p":{"S":"'
  tail = '"}}}'
end

function request()
  return wrk.format(nil, nil, nil,
    head .. string.format("q%07d", math.random(0, parts - 1)) .. tail)
end
