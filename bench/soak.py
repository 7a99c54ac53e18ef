# ruff: noqa: S603, S607 -- a developer tool: fixed commands on this machine
"""``make soak``: a long day of load, compressed (default 30 minutes), not part of ``make test``.

A skeleton (see bench/SOAK.md for what it covers and what is still to add):

1. The data and server of ``make bench`` (``bench/run.py``): ``seed_demo --mvps 4000`` plus
   ``bench/seed.py``, the pages of ``bench/pages.py`` with their sessions, gunicorn with 2 workers.
   With ``SOAK_BROKER_URL`` (e.g. ``redis://127.0.0.1:6379/5``) a Celery worker and beat run too.
2. ``SOAK_CONNECTIONS`` threads load the pages round-robin for ``SOAK_MINUTES``; every request
   is recorded (second, page, milliseconds, status).
3. Half-way: the daily run (``send_renewal_notices``) and the announcement of a 4,000-decision
   cycle (``bench/announce.py``), while the load goes on.
4. Every ``SAMPLE_SECONDS`` the resident memory (VmRSS) of gunicorn's master and workers, and of
   the worker and beat, is sampled.
5. Verdict: 0 errors; every page's p95 in the last five minutes within 20% of the first five
   (after a minute of warm-up);
   no process's memory grows by more than ``SOAK_MAX_GROWTH_MIB`` from the end of the warm-up
   to the end. Written to ``bench/soak-results.json``; the figures go to ``bench/SOAK.md`` by hand.
"""

import http.client
import itertools
import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

from bench import run as bench

MINUTES = float(os.environ.get("SOAK_MINUTES", "30"))
CONNECTIONS = int(os.environ.get("SOAK_CONNECTIONS", "4"))
SAMPLE_SECONDS = 15
WINDOW_MINUTES = min(5.0, MINUTES / 3)  # "the first and the last five minutes"
# Startup (workers importing, caches and PostgreSQL's buffers filling) is not the first window.
PAGE_WARMUP_MINUTES = min(1.0, MINUTES / 10)
WARMUP_MINUTES = WINDOW_MINUTES  # memory: growth counted from here to the end
MAX_P95_DRIFT = 0.20
MAX_GROWTH_MIB = float(os.environ.get("SOAK_MAX_GROWTH_MIB", "30"))
BROKER = os.environ.get("SOAK_BROKER_URL", "")
REUSE = os.environ.get("SOAK_REUSE") == "1"  # the database as the last run seeded it (a re-run)


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, in seconds (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / tick, sum(fields) / tick


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def fetch(method: str, path: str, headers: dict, body: bytes | None = None) -> tuple[int, bytes, list[str], str]:
    """One request on a connection of its own: status (0 when the connection
    broke), body, Set-Cookie headers, and the exception when it broke."""
    conn = http.client.HTTPConnection("127.0.0.1", bench.PORT, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read(), response.headers.get_all("Set-Cookie") or [], ""
    except OSError as exc:
        return 0, b"", [], f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()


class FormRefused(Exception):
    """A form page (or a preview) answered without the form: (status, why)."""


def open_form(variant: dict) -> tuple[str, dict]:
    """What a browser does first: load the form page, keep its CSRF token and cookie. Returns
    the token and the headers that go with a post from that page."""
    status, body, cookies, broken = fetch("GET", variant["path"], {"Cookie": variant["cookie"]})
    token = CSRF_FIELD.search(body)
    if status != 200 or not token:
        raise FormRefused(status or 0, broken or f"the form page {variant['path']} answered {status}")
    csrf_cookie = next((c.split(";", 1)[0] for c in cookies if c.startswith("csrftoken=")), "")
    headers = {
        "Cookie": "; ".join(filter(None, [variant["cookie"], csrf_cookie])),
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{bench.PORT}{variant['path']}",
    }
    return token.group(1).decode(), headers


def post_form(variant: dict) -> tuple[int, str]:
    """Load the form, then post it (to the form page itself, or to ``action`` when the form
    posts elsewhere)."""
    token, headers = open_form(variant)
    fields = urllib.parse.urlencode({**variant["data"], "csrfmiddlewaretoken": token}).encode()
    status, _, _, broken = fetch("POST", variant.get("action", variant["path"]), headers, fields)
    return status, broken


def post_import(variant: dict, turn: int) -> tuple[int, str]:
    """A nominee's file import as a browser makes it: the import page, the file posted
    (multipart; new titles each turn, so every import adds), its preview, then the confirmation."""
    token, headers = open_form(variant)
    boundary = f"soak{turn:08d}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="activities.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n{variant['csv'].replace('{n}', str(turn))}\r\n",
        f"--{boundary}--\r\n",
    ]
    multipart = headers | {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    status, preview, _, broken = fetch("POST", variant["path"], multipart, "".join(parts).encode())
    token = CSRF_FIELD.search(preview)
    if status != 200 or not token:
        raise FormRefused(status or 0, broken or f"the preview answered {status}")
    fields = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1).decode()}).encode()
    status, _, _, broken = fetch("POST", variant["confirm"], headers, fields)
    return status, broken


def load(pages: list[dict], stop: threading.Event, records: list, broken: list, started: float) -> None:
    """One client going round the pages until ``stop``, a connection per request:
    gunicorn's sync workers close every connection after its response, and a
    keep-alive socket closed under the client is not an error of the portal.
    A write (``variants``) posts its form, each time as the next person; its
    time counts the form page and the post, and a redirect is its success."""
    turns = itertools.count()
    for page in itertools.cycle(pages):
        if stop.is_set():
            return
        began = time.perf_counter()
        if page.get("variants"):
            turn = next(turns)
            variant = page["variants"][turn % len(page["variants"])]
            try:
                status, exception = post_import(variant, turn) if variant.get("csv") else post_form(variant)
            except FormRefused as refused:
                status, exception = refused.args
            # A redirect is the post's success; a form shown again (200 or 400) is its refusal.
            status = {302: 200, 200: 400}.get(status, status)
        else:
            headers = {"Cookie": page["cookie"]} if page.get("cookie") else {}
            if page.get("header"):  # an API page: its personal access token
                name, value = page["header"].split(": ", 1)
                headers[name] = value
            status, _, _, exception = fetch("GET", page["path"], headers)
        at = time.monotonic() - started
        records.append((at, page["name"], (time.perf_counter() - began) * 1000, status))
        if not 200 <= status < 400:
            broken.append({"at_s": round(at, 1), "page": page["name"], "status": status, "why": exception})


def sample(processes: dict, stop: threading.Event, samples: list, started: float) -> None:
    """Every SAMPLE_SECONDS: each process's resident memory, and how busy the machine was
    (all cores) beside the CPU the soak's own processes used. A machine busier than the
    soak explains a slower window that the portal does not (other work on the machine)."""

    def own_cpu() -> float:
        pids = [os.getpid(), *processes.values(), *bench.children(processes["gunicorn master"])]
        return sum(cpu_seconds(pid) for pid in pids)

    busy_before, total_before = machine_busy_seconds()
    own_before = own_cpu()
    while not stop.wait(SAMPLE_SECONDS):
        row = {"t": round(time.monotonic() - started)}
        for name, pid in processes.items():
            row[name] = round(rss_mib(pid), 1)
        for n, pid in enumerate(bench.children(processes["gunicorn master"])):
            row[f"gunicorn worker {n + 1}"] = round(rss_mib(pid), 1)
        busy, total = machine_busy_seconds()
        own = own_cpu()
        cores = (total - total_before) / SAMPLE_SECONDS or 1
        row["machine busy (cores)"] = round((busy - busy_before) / SAMPLE_SECONDS, 2)
        row["soak processes (cores)"] = round((own - own_before) / SAMPLE_SECONDS, 2)
        row["cores"] = round(cores)
        busy_before, total_before, own_before = busy, total, own
        samples.append(row)


def midway(events: list, started: float) -> None:
    """The daily run and the announcement at scale, while the pages are loaded."""
    for what, args in (
        ("daily run", [bench.PYTHON, "manage.py", "send_renewal_notices"]),
        ("announcement of 4,000 decisions", [bench.PYTHON, "-m", "bench.announce"]),
    ):
        began = time.monotonic()
        result = subprocess.run(args, cwd=bench.ROOT, env=bench.ENV, capture_output=True, text=True, timeout=900)
        events.append(
            {
                "what": what,
                "at_s": round(began - started),
                "seconds": round(time.monotonic() - began, 1),
                "ok": result.returncode == 0,
                "output": (result.stdout or result.stderr).strip()[-300:],
            }
        )


def verdict(records: list, samples: list, seconds: float) -> dict:
    window = WINDOW_MINUTES * 60
    pages = {}
    for name in sorted({r[1] for r in records}):
        warm = PAGE_WARMUP_MINUTES * 60
        first = [r[2] for r in records if r[1] == name and warm <= r[0] < warm + window]
        last = [r[2] for r in records if r[1] == name and r[0] >= seconds - window]
        p95_first, p95_last = percentile(first, 95), percentile(last, 95)
        pages[name] = {
            "requests": sum(1 for r in records if r[1] == name),
            "errors": sum(1 for r in records if r[1] == name and not 200 <= r[3] < 400),
            # 0: the connection broke (or timed out after 30 s); else the HTTP status.
            "error_statuses": sorted({r[3] for r in records if r[1] == name and not 200 <= r[3] < 400}),
            "p95_first_ms": round(p95_first, 1),
            "p95_last_ms": round(p95_last, 1),
            "drift": round(p95_last / p95_first - 1, 3) if p95_first else None,
        }
    # Each page's p95 minute by minute: where a drift begins, and whether it is the machine's.
    by_minute: dict[tuple[str, int], list[float]] = {}
    for at, name, ms, _status in records:
        by_minute.setdefault((name, int(at // 60)), []).append(ms)
    timeline = {
        name: [round(percentile(by_minute.get((name, m), []), 95), 1) for m in range(int(seconds // 60))]
        for name in pages
    }
    warm = [s for s in samples if s["t"] >= WARMUP_MINUTES * 60]
    growth = {}
    if warm:
        for name in warm[0]:
            if name != "t" and "(cores)" not in name and name != "cores" and name in warm[-1]:
                growth[name] = round(warm[-1][name] - warm[0][name], 1)
    errors = sum(p["errors"] for p in pages.values())
    return {
        "errors": errors,
        "pages": pages,
        "memory_growth_mib": growth,
        "p95_per_minute_ms": timeline,
        "passed": errors == 0
        and all(p["drift"] is not None and p["drift"] <= MAX_P95_DRIFT for p in pages.values())
        and all(g <= MAX_GROWTH_MIB for g in growth.values()),
    }


def main() -> int:
    env = bench.ENV
    if BROKER:
        env["CELERY_BROKER_URL"] = BROKER
    if REUSE:
        bench.say(f"database {bench.DATABASE}: as seeded before (SOAK_REUSE=1)")
    else:
        bench.say(f"database {bench.DATABASE}: migrate and seed_demo --mvps {bench.MVPS} --reset")
        bench.ensure_database()
        bench.manage("migrate", "--noinput")
        bench.manage("seed_demo", "--mvps", str(bench.MVPS), "--reset", timeout=900)
        bench.run([bench.PYTHON, "-m", "bench.seed"])
        bench.manage("collectstatic", "--noinput")
    pages = [p for p in json.loads(bench.run([bench.PYTHON, "-m", "bench.prepare"]).stdout.splitlines()[-1])]
    pages = [p for p in pages if not p.get("skipped")]
    writes = json.loads(bench.run([bench.PYTHON, "-m", "bench.writes"]).stdout.splitlines()[-1])
    for write in writes:
        bench.say(f"{write['name']}: {len(write['variants'])} people")
    pages += [w for w in writes if w["variants"]]

    logs = bench.ROOT / "var"
    spawned: dict[str, subprocess.Popen] = {}

    def spawn(name: str, args: list[str]) -> None:
        log = open(logs / f"soak-{name.replace(' ', '-')}.log", "w")  # noqa: SIM115 (lives as long as the process)
        spawned[name] = subprocess.Popen(args, cwd=bench.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    spawn("gunicorn master", [bench.PYTHON, "-m", "gunicorn", "mvp_portal.wsgi:application", "--workers",
                              str(bench.WORKERS), "--bind", f"127.0.0.1:{bench.PORT}", "--timeout", "60"])  # fmt: skip
    if BROKER:
        spawn("celery worker", [bench.PYTHON, "-m", "celery", "-A", "mvp_portal", "worker", "--pool=threads",
                                "--concurrency=4", "--loglevel=WARNING"])  # fmt: skip
        spawn("celery beat", [bench.PYTHON, "-m", "celery", "-A", "mvp_portal", "beat", "--loglevel=WARNING"])
    records: list = []
    broken: list = []
    samples: list = []
    events: list = []
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        bench.wait_for_port(bench.PORT)
        started = time.monotonic()
        seconds = MINUTES * 60
        bench.say(f"{MINUTES:g} minutes of load on {len(pages)} pages, {CONNECTIONS} connections")
        client = (pages, stop, records, broken, started)
        threads = [threading.Thread(target=load, args=client) for _ in range(CONNECTIONS)]
        processes = {name: p.pid for name, p in spawned.items()}
        threads.append(threading.Thread(target=sample, args=(processes, stop, samples, started)))
        for thread in threads:
            thread.start()
        time.sleep(seconds / 2)
        midway(events, started)
        time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    finally:
        stop.set()
        # Let every client finish the request it has in flight before the server stops: stopping
        # gunicorn under them reset their connections (the "broken connections" of the first runs).
        for thread in threads:
            thread.join(timeout=40)
        for process in spawned.values():
            process.send_signal(signal.SIGTERM)
        for process in spawned.values():
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "setup": {"minutes": MINUTES, "connections": CONNECTIONS, "mvps": bench.MVPS, "broker": bool(BROKER)},
        "events": events,
        # When and why: every broken connection (status 0: a timeout or a reset), the first 50 others.
        "failed_requests": [b for b in broken if b["status"] == 0] + [b for b in broken if b["status"]][:50],
        "memory_samples": samples,
        **verdict(records, samples, MINUTES * 60),
    }
    (bench.BENCH / "soak-results.json").write_text(json.dumps(result, indent=2) + "\n")
    bench.say(f"passed: {result['passed']}; errors: {result['errors']}; growth: {result['memory_growth_mib']}")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
