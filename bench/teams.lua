-- wrk script: every request creates one 累计创业团队 row with 8 to 13
-- values, the same rows for Hatch and for PocketBase. Set by the caller:
--   BENCH_TARGET  hatch | pocketbase
--   BENCH_PATH    the create URL's path; several separated by spaces are
--                 taken in turn (rows spread over several applications)
--   BENCH_HEADERS extra headers, "Name: value" separated by "\n"
local target = os.getenv("BENCH_TARGET")
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATH") or "", "%S+") do
  table.insert(paths, p)
end
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
    local name, value = string.match(line, "^([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
end

local fields = {"电子信息", "生物与新医药", "新材料", "先进制造与自动化"}

-- row returns the values of the n-th row: three shapes cycle so that the
-- count of values varies (8, 11 and 13) and every rule has work to do.
local function row(n)
  local v = {
    name = string.format("压测团队-%d-%d", thread_id, n),
    leader = "张三",
    project = "项目" .. n,
    field = fields[n % #fields + 1],
    joined_on = "2021-03-01",
  }
  local shape = n % 3
  if shape == 0 then
    v.state = "在孵"; v.members = tostring(3 + n % 20); v.financed = "否"
  elseif shape == 1 then
    v.state = "在孵"; v.members = tostring(3 + n % 20); v.financed = "是"
    v.financed_on = "2021-06-01"; v.amount = "120.5"; v.finance_type = "天使投资"
  else
    v.state = "已注册为企业"; v.financed = "是"
    v.company = "压测科技有限公司" .. n; v.company_uscc = "91350200MA2Y0DEM69"
    v.registered_on = "2021-05-01"
    v.financed_on = "2021-06-01"; v.amount = "300"; v.finance_type = "风险投资"
  end
  return v
end

local function encode(v)
  local parts = {}
  for k, x in pairs(v) do
    table.insert(parts, string.format('"%s":"%s"', k, x))
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

function request()
  counter = counter + 1
  local path = paths[counter % #paths + 1]
  local values = encode(row(counter))
  if target == "hatch" then
    return wrk.format(nil, path, nil, '{"values":' .. values .. '}')
  end
  return wrk.format(nil, path, nil, values)
end

function done(summary, latency, requests)
  local p = latency:percentile(99) / 1000
  io.write(string.format("BENCH rows=%d errors_status=%d p50_ms=%.1f p99_ms=%.1f seconds=%.1f\n",
    summary.requests - summary.errors.status, summary.errors.status,
    latency:percentile(50) / 1000, p, summary.duration / 1e6))
end
