"""A small load generator for when wrk is not installed: N keep-alive
connections (threads) for D seconds against one URL on loopback, then one
JSON line like ``report.lua``'s. Run in its own process by ``run.py``.

    python bench/loadgen.py URL --connections 4 --duration 10 [--cookie 'sessionid=...']
"""

import argparse
import http.client
import itertools
import json
import threading
import time
from urllib.parse import urlsplit


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--cookie", default="")
    parser.add_argument("--header", default="", help='one more header, "Name: value"')
    parser.add_argument("--drawn", action="store_true", help="each request its own address (drawn=<n>)")
    args = parser.parse_args()
    parts = urlsplit(args.url)
    assert parts.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    separator = "&" if parts.query else "?"
    counter = itertools.count()  # shared by the threads: next() on it is atomic

    def address() -> str:
        return f"{path}{separator}drawn={next(counter)}" if args.drawn else path

    headers = {"Cookie": args.cookie} if args.cookie else {}
    if args.header:
        name, _, value = args.header.partition(":")
        headers[name.strip()] = value.strip()
    latencies: list[float] = []
    errors = {"socket": 0, "status": 0}
    lock = threading.Lock()
    stop_at = time.monotonic() + args.duration

    def worker() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine: list[float] = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", address(), headers=headers)
                response = conn.getresponse()
                response.read()
            except OSError:
                with lock:
                    errors["socket"] += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1e6)
            if response.status >= 400:
                with lock:
                    errors["status"] += 1
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    summary = {
        "requests": len(latencies),
        "duration_us": int(duration * 1e6),
        "socket_errors": errors["socket"],
        "non_2xx_3xx": errors["status"],
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "mean": sum(latencies) / len(latencies) if latencies else 0.0,
        "max": max(latencies, default=0.0),
    }
    print("JSON " + json.dumps(summary))


if __name__ == "__main__":
    main()
