-- wrk script: GetItem of a random key among the BENCH_KEYS preloaded items
-- (k0000000 .. k<BENCH_KEYS-1>, written by run.sh).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

common.configure("GetItem")
setup = common.setup
done = common.done("get")

local keys, head, tail

function init(args)
  common.seed()
  keys = common.env_number("BENCH_KEYS")
  head = '{"TableName":"' .. common.table .. '","Key":{"p":{"S":"'
  tail = '"}}}'
end

function request()
  return wrk.format(nil, nil, nil,
    head .. string.format("k%07d", math.random(0, keys - 1)) .. tail)
end
