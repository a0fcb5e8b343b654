-- wrk script for `npm run bench`: POSTs to args[1] a body drawn at random from the file args[2]
-- (one body per line), with the headers in the file args[3] ("name: value" per line), and prints
-- its figures as one JSON line when done.
local path
local bodies = {}

function init(args)
  path = args[1]
  for line in io.lines(args[2]) do bodies[#bodies + 1] = line end
  for line in io.lines(args[3]) do
    local name, value = line:match("^([^:]+): (.*)$")
    if name then wrk.headers[name] = value end
  end
  math.randomseed(os.time() + #bodies)
end

function request()
  return wrk.format("POST", path, nil, bodies[math.random(#bodies)])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"duration_us":%d,"status_errors":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
