-- wrk: with WRK_DRAWN=1 each request gets its own address (drawn=<n> added to the query), so a
-- page kept per address (mvp_portal/kept_pages.py) is drawn every time.
if os.getenv("WRK_DRAWN") == "1" then
  local counter = 0
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  request = function()
    counter = counter + 1
    return wrk.format(nil, wrk.path .. separator .. "drawn=" .. counter)
  end
end

-- wrk: print the summary as one JSON line (latencies in microseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, "non_2xx_3xx": %d, '
    .. '"p50": %d, "p95": %d, "p99": %d, "mean": %.1f, "max": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, latency.max))
end
