# ruff: noqa: S603, S607, S608 -- a developer tool: fixed commands on this machine, our own database name
"""``make bench``: the portal under load on this machine, loopback only, a few minutes.

1. Seeds PostgreSQL (database ``mvp_portal_bench``) with ``seed_demo --mvps 4000 --reset``,
   then ``bench/seed.py`` (a cycle of 1,000 submitted dossiers with ~200,000 activities, and a
   past cycle of 4,000 decided dossiers to announce).
2. Resolves the pages of ``bench/pages.py``, opens their sessions and counts each page's
   queries through the Django test client (``bench/prepare.py``).
3. Serves the app with gunicorn (2 sync workers, ``bench.settings``: the portal's settings,
   production posture, plus a hello-world view) and drives each page with wrk (installed
   from Debian if missing; else ``bench/loadgen.py``) from a second process on loopback.
4. Times ``send_renewal_notices`` and the announcement of a cycle at 4,000 awards
   (``bench/announce.py``), and reads each web worker's peak RSS.
5. Writes ``bench/results.json`` and ``bench/RESULTS.md``.
"""

import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
DATABASE = os.environ.get("BENCH_DATABASE", "mvp_portal_bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
MVPS = int(os.environ.get("BENCH_MVPS", "4000"))
WORKERS = 2
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP = 2
# Targets of the issue.
MIN_RATIO, MAX_P95_MS, MAX_COMMAND_S = 0.25, 100.0, 10.0

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": f"{PG}/{DATABASE}",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "WARNING",
    # Work queued by a command stays in this process: no broker is needed or touched.
    "CELERY_BROKER_URL": "memory://",
    "PYTHONUNBUFFERED": "1",
    # The API's per-token rate limit would answer 429 to a load generator: measure the work instead.
    "API_RATE_BURST": "100000000/minute",
    "API_RATE_SUSTAINED": "100000000/hour",
    # The shared cache of production (BENCH_CACHE_URL=redis://…), else the embedded file cache; a key
    # prefix of its own per run, so that pages cached from an earlier seed are never served.
    "CACHE_KEY_PREFIX": f"bench-{int(time.time())}",
}
if os.environ.get("BENCH_CACHE_URL"):
    ENV["CACHE_URL"] = os.environ["BENCH_CACHE_URL"]
ENV.pop("EMAIL_URL", None)


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(args: list[str], timeout: float = 600, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=ROOT, env=ENV, check=True, capture_output=True, text=True, timeout=timeout, **kwargs
    )


def manage(*args: str, timeout: float = 600) -> str:
    return run([PYTHON, "manage.py", *args], timeout=timeout).stdout


def ensure_database() -> None:
    exists = subprocess.run(
        ["psql", f"{PG}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{DATABASE}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(
            ["psql", f"{PG}/postgres", "-c", f'CREATE DATABASE "{DATABASE}"'], check=True, capture_output=True
        )


def load_generator() -> str:
    if shutil.which("wrk"):
        return "wrk"
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing wrk from Debian")
        quiet = {"capture_output": True, "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}}
        if subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], **quiet).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], **quiet)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], **quiet)
    return "wrk" if shutil.which("wrk") else "python"


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def drive(generator: str, url: str, cookie: str | None, seconds: int, header: str | None = None) -> dict:
    """``cookie``: a session; ``header``: one more request header (an API token)."""
    if generator == "wrk":
        args = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(BENCH / "report.lua")]
        args += ["-H", f"Cookie: {cookie}"] if cookie else []
        args += ["-H", header] if header else []
        args.append(url)
    else:
        args = [PYTHON, str(BENCH / "loadgen.py"), url, "--connections", str(CONNECTIONS), "--duration", str(seconds)]
        args += ["--cookie", cookie] if cookie else []
        args += ["--header", header] if header else []
    out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("JSON "))
    return json.loads(line[5:])


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def next_quarter_day(today: date) -> date:
    for month in (1, 4, 7, 10):
        if date(today.year, month, 1) > today:
            return date(today.year, month, 1)
    return date(today.year + 1, 1, 1)


def timed_commands() -> list[dict]:
    """The daily renewal scan (``send_renewal_notices``) and the announcement of a cycle
    at 4,000 awards (``bench/announce.py``: ``cycle_announce`` on the cycle ``bench/seed.py`` made)."""
    renewal_day = next_quarter_day(date.today())
    results = []
    started = time.monotonic()
    output = manage("send_renewal_notices", "--date", renewal_day.isoformat())
    results.append(
        {
            "command": f"send_renewal_notices --date {renewal_day}",
            "what": f"daily run as of {renewal_day}",
            "seconds": round(time.monotonic() - started, 2),
            "output": output.strip()[-500:],
        }
    )
    announced = json.loads(run([PYTHON, "-m", "bench.announce"]).stdout.strip().splitlines()[-1])
    results.append(
        {
            "command": "cycle_announce(cycle_id=…)",
            "what": f"announcement of the {announced['cycle']} cycle: {announced['announced']} decisions → "
            f"{announced['awards']} awards, {announced['notices']} notices",
            "seconds": announced["seconds"],
            "output": json.dumps(announced),
        }
    )
    return results


def main() -> int:
    started = time.monotonic()
    results: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_before": os.getloadavg()},
        "setup": {"workers": WORKERS, "connections": CONNECTIONS, "seconds_per_page": DURATION, "mvps": MVPS},
    }
    say(f"database {DATABASE}: migrate and seed_demo --mvps {MVPS} --reset")
    ensure_database()
    manage("migrate", "--noinput")
    t = time.monotonic()
    results["seed_output"] = manage("seed_demo", "--mvps", str(MVPS), "--reset", timeout=900).strip().splitlines()[:8]
    results["seed_seconds"] = round(time.monotonic() - t, 1)
    results["data"] = json.loads(run([PYTHON, "-m", "bench.seed"]).stdout.strip().splitlines()[-1])
    manage("collectstatic", "--noinput")

    say("resolving pages, opening sessions, counting queries")
    pages = json.loads(run([PYTHON, "-m", "bench.prepare"]).stdout.strip().splitlines()[-1])
    generator = load_generator()
    results["setup"]["load_generator"] = generator

    say(f"gunicorn with {WORKERS} workers on 127.0.0.1:{PORT}; load generator: {generator}")
    log = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "mvp_portal.wsgi:application", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{PORT}", "--timeout", "60"],
        cwd=ROOT, env=ENV, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_port(PORT)
        for page in pages:
            if page.get("skipped"):
                say(f"skip {page['name']}: {page['skipped']}")
                continue
            url = f"http://127.0.0.1:{PORT}{page['path']}"
            drive(generator, url, page.get("cookie"), WARMUP, page.get("header"))
            say(f"{page['name']}: {url}")
            page["load"] = drive(generator, url, page.get("cookie"), DURATION, page.get("header"))
        workers = children(server.pid)
        results["web_worker_peak_rss_mib"] = [round(peak_rss_mib(pid), 1) for pid in workers]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

    say("timing commands at scale")
    results["commands"] = timed_commands()

    ceiling = next((p["load"] for p in pages if p["path"] == "/bench/hello" and "load" in p), None)
    ceiling_rps = ceiling["requests"] / (ceiling["duration_us"] / 1e6) if ceiling else None
    for page in pages:
        load = page.pop("load", None)
        page.pop("cookie", None)
        page.pop("header", None)  # a live token: never in the results
        if load is None:
            continue
        rps = load["requests"] / (load["duration_us"] / 1e6)
        page.update(
            rps=round(rps, 1),
            p50_ms=round(load["p50"] / 1000, 1),
            p95_ms=round(load["p95"] / 1000, 1),
            p99_ms=round(load["p99"] / 1000, 1),
            errors=load["socket_errors"] + load["non_2xx_3xx"],
            ratio=round(rps / ceiling_rps, 3) if ceiling_rps else None,
        )
        page["meets_target"] = page["path"] == "/bench/hello" or (
            (page["ratio"] or 0) >= MIN_RATIO and page["p95_ms"] < MAX_P95_MS and page["errors"] == 0
        )
    results["pages"] = pages
    results["total_seconds"] = round(time.monotonic() - started, 1)
    (BENCH / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (BENCH / "RESULTS.md").write_text(markdown(results))
    print((BENCH / "RESULTS.md").read_text())
    return 0


def markdown(results: dict) -> str:
    setup = results["setup"]
    data = results["data"]["counts"]
    lines = [
        "# Benchmark results",
        "",
        f"`make bench` on {results['when']}: {results['machine']['cpus']} cores shared by the load generator and the "
        f"server; gunicorn with {setup['workers']} sync workers (`bench.settings`: the portal's settings with "
        f"`DEBUG=0`, plus a hello-world view); {setup['load_generator']} with {setup['connections']} keep-alive "
        f"connections for {setup['seconds_per_page']} s per page after a warm-up, on loopback. PostgreSQL "
        f"`{DATABASE}` seeded with `seed_demo --mvps {setup['mvps']}` in {results['seed_seconds']} s: "
        f"{data['accounts.User']} people, {data['accounts.Expertise']} expertises, {data['awards.Award']} awards, "
        f"{data['nominations.Dossier']} dossiers ({results['data']['submitted_dossiers']} submitted), "
        f"{data['nominations.Activity']} activities, {data.get('evaluations.Decision', 0)} decisions; "
        f"of which `bench/seed.py` added, in {results['data'].get('seconds', '?')} s, "
        f"{_added(results['data'])}. Targets: at least {MIN_RATIO} of the hello-world throughput "
        f"and p95 under {MAX_P95_MS:.0f} ms per page; each command under {MAX_COMMAND_S:.0f} s.",
        "",
        "| page | path | login | req/s | p50 ms | p95 ms | p99 ms | queries | × ceiling | target |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for page in results["pages"]:
        if "rps" not in page:
            lines.append(f"| {page['name']} | {page.get('path') or '—'} | {page.get('login') or ''} | "
                         f"skipped: {page.get('skipped', '')} | | | | | | |")  # fmt: skip
            continue
        mark = "ceiling" if page["path"] == "/bench/hello" else ("yes" if page["meets_target"] else "**no**")
        lines.append(
            f"| {page['name']} | `{page['path']}` | {page.get('login') or 'anonymous'} | {page['rps']} | "
            f"{page['p50_ms']} | {page['p95_ms']} | {page['p99_ms']} | {page['queries']} | {page['ratio']} | {mark} |"
        )
    lines += ["", "| command | what | seconds | target |", "|---|---|---:|:---:|"]
    for command in results["commands"]:
        if "seconds" in command:
            mark = "yes" if command["seconds"] < MAX_COMMAND_S else "**no**"
            lines.append(f"| `{command['command']}` | {command['what']} | {command['seconds']} | {mark} |")
        else:
            lines.append(f"| `{command['command']}` | {command['what']} | {command['skipped']} | |")
    rss = ", ".join(f"{v} MiB" for v in results.get("web_worker_peak_rss_mib", []))
    load = ", ".join(f"{v:.2f}" for v in results["machine"]["load_before"])
    lines += [
        "",
        f"Peak RSS of each web worker: {rss}. Load average before the run: {load}. "
        f"Whole run: {results['total_seconds']} s.",
        "",
    ]
    notes = BENCH / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text().strip(), ""]
    return "\n".join(lines)


def _added(data: dict) -> str:
    cycle, announcement = data.get("cycle"), data.get("announcement")
    if not cycle or not announcement:
        return "nothing (already seeded)"
    return (
        f"the {cycle['award_date']} cycle's {cycle['dossiers']} submitted dossiers with {cycle['activities']} "
        f"activities, and the past {announcement['award_date']} cycle's {announcement['decisions']} decided "
        "dossiers (verdict award) that the announcement below announces"
    )


def report_only() -> int:
    """Rewrite RESULTS.md from results.json (after editing NOTES.md), without a run."""
    (BENCH / "RESULTS.md").write_text(markdown(json.loads((BENCH / "results.json").read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(report_only() if "--report-only" in sys.argv else main())
