-- wrk: print the summary as one JSON line (latencies in microseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, "non_2xx_3xx": %d, '
    .. '"p50": %d, "p95": %d, "p99": %d, "mean": %.1f, "max": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, latency.max))
end
