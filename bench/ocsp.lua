-- wrk script for bench/ocsp.sh: GETs a pool of OCSP request paths (/ocsp/{url-encoded base64}) round-robin.
-- PATHS names a file with one path per line.
local paths = {}
local idx = 0

function init(args)
  for line in io.lines(os.getenv("PATHS")) do
    paths[#paths + 1] = line
  end
  idx = math.random(#paths)
end

function request()
  idx = idx % #paths + 1
  return wrk.format("GET", paths[idx])
end

function done(summary, latency, requests)
  io.write(string.format("requests=%d non2xx=%d errors=%d rate=%.0f/s p50=%.1fms p99=%.1fms max=%.1fms\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
