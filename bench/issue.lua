-- wrk script for bench/issuance.sh: POSTs a pool of distinct CSRs round-robin, each thread from its own offset.
-- BODIES names a file with one JSON request body per line; TOKEN (optional) is sent as a Bearer token.
local bodies = {}
local idx = 0

function init(args)
  for line in io.lines(os.getenv("BODIES")) do
    bodies[#bodies + 1] = line
  end
  idx = math.random(#bodies)
end

function request()
  idx = idx % #bodies + 1
  local headers = { ["Content-Type"] = "application/json" }
  local token = os.getenv("TOKEN")
  if token and token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
  return wrk.format("POST", nil, headers, bodies[idx])
end

local bad = 0
function response(status, headers, body)
  if status ~= 201 and status ~= 200 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("requests=%d non2xx=%d errors=%d rate=%.0f/s p50=%.1fms p99=%.1fms max=%.1fms\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
