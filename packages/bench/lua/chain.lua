-- wrk script for `npm run bench`: like pick.lua, but each body is good once (a rotating refresh
-- token): the file args[2] holds the first ones, each request takes one from the pool, and each
-- answer's "refresh_token" goes back into it, as args[4] followed by the token.
local path, prefix
local pool = {}

function init(args)
  path, prefix = args[1], args[4]
  for line in io.lines(args[2]) do pool[#pool + 1] = line end
  for line in io.lines(args[3]) do
    local name, value = line:match("^([^:]+): (.*)$")
    if name then wrk.headers[name] = value end
  end
end

function request()
  return wrk.format("POST", path, nil, table.remove(pool))
end

function response(status, headers, body)
  local token = body:match('"refresh_token":"([^"]+)"')
  if token then pool[#pool + 1] = prefix .. token end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"duration_us":%d,"status_errors":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
