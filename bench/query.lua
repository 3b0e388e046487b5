-- wrk script: Query of one random partition among the BENCH_PARTS preloaded
-- ones (q0000000 .. q<BENCH_PARTS-1>), each holding 10 items, so every
-- request returns 10 items. With BENCH_INDEX, the same through that index:
-- key attribute BENCH_KEY, values BENCH_KEY_PREFIX0000000 ...
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

common.configure("Query")
setup = common.setup
done = common.done("query")

local parts, head, tail, prefix

function init(args)
  common.seed()
  parts = common.env_number("BENCH_PARTS")
  local index = os.getenv("BENCH_INDEX")
  local key = os.getenv("BENCH_KEY") or "p"
  prefix = os.getenv("BENCH_KEY_PREFIX") or "q"
  head = '{"TableName":"' .. common.table .. '",'
      .. (index and ('"IndexName":"' .. index .. '",') or "")
      .. '"KeyConditionExpression":"' .. key .. ' = :p",'
      .. '"ExpressionAttributeValues":{":p":{"S":"'
  tail = '"}}}'
end

function request()
  return wrk.format(nil, nil, nil,
    head .. prefix .. string.format("%07d", math.random(0, parts - 1)) .. tail)
end
