-- wrk's script for bench/bench_endpoint.py: GET one path (args[1]); with args[2] == "distinct" each request
-- appends a SPARQL comment that no other request has ("\n#<thread>-<n>"), so no answer cache can help.
-- At the end it prints one line of JSON: requests, seconds, p50 and p99 latency (ms), errors.
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  path, distinct, n = args[1], args[2] == "distinct", 0
end

function request()
  n = n + 1
  local p = path
  if distinct then
    p = p .. "%0A%23" .. id .. "-" .. n
  end
  return wrk.format("GET", p, { Accept = "application/sparql-results+json" })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.3f, "p99": %.3f, "errors": %d, "non2xx": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3,
    e.connect + e.read + e.write + e.timeout, e.status))
end
