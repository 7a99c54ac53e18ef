# ruff: noqa: S603, S607, S608 -- a developer tool: fixed commands on this machine, our own database name
"""``make bench``: the portal under load on this machine, loopback only, a few minutes.

1. Seeds PostgreSQL (database ``mvp_portal_bench``, ``BENCH_DATABASE``) with
   ``seed_demo --mvps N --reset`` (``BENCH_MVPS``, 4,000 by default), then ``bench/seed.py``
   (a cycle of N/4 submitted dossiers with ~200 activities each, and a past cycle of N decided
   dossiers to announce), then keeps a snapshot of the seeded database (``<database>_seeded``,
   a PostgreSQL template). ``BENCH_REUSE=1`` restores that snapshot instead of seeding again.
2. Resolves the pages of ``bench/pages.py``, opens their sessions and counts each page's
   queries and bytes through the Django test client (``bench/prepare.py``).
3. Serves the app with gunicorn (2 sync workers, ``bench.settings``: the portal's settings,
   production posture, plus a hello-world view) and drives each page with wrk (installed
   from Debian if missing; else ``bench/loadgen.py``) from a second process on loopback,
   and reads each web worker's peak RSS.
4. Times the daily run (``send_renewal_notices``'s body) and the announcement of a cycle at
   N awards (``bench/scale.py``).
5. Writes ``bench/results.json`` (``bench/results-<N>.json`` at another scale) and
   ``bench/RESULTS.md`` (every scale measured, side by side).

The 40,000-MVP scale::

    BENCH_MVPS=40000 BENCH_DATABASE=mvp_scale python bench/run.py     # seed, pages, jobs
    BENCH_MVPS=40000 BENCH_DATABASE=mvp_scale python bench/run.py --jobs-only   # jobs again, on the snapshot
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
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
DATABASE = os.environ.get("BENCH_DATABASE", "mvp_portal_bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
MVPS = int(os.environ.get("BENCH_MVPS", "4000"))
DEFAULT_MVPS = 4000
REUSE = os.environ.get("BENCH_REUSE", "") not in ("", "0")
SNAPSHOT = f"{DATABASE}_seeded"
WORKERS = 2
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP = 2
# Targets of the issue: per page; each batch job at 4,000 MVPs and at 40,000; a page's time at 40,000
# against its time at 4,000; a web worker's peak memory.
# The targets of the speed issue: a quarter of the ceiling, p95 under 50 ms at 4 connections.
MIN_RATIO, MAX_P95_MS, MAX_COMMAND_S, MAX_COMMAND_S_AT_SCALE = 0.25, 50.0, 10.0, 30.0
MAX_SCALE_SLOWDOWN, MAX_RSS_MIB = 1.5, 150.0

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
    # Windows of a second, so that the history the throttle reads and writes on each request holds
    # one second of the load (a few hundred moments), as long as production's at most 60 and 600,
    # not every request of the run.
    "API_RATE_BURST": "100000000/second",
    "API_RATE_SUSTAINED": "100000000/second",
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


def psql(sql: str) -> str:
    return subprocess.run(
        ["psql", f"{PG}/postgres", "-tAc", sql], capture_output=True, text=True, check=True
    ).stdout.strip()


def database_exists(name: str) -> bool:
    return psql(f"SELECT 1 FROM pg_database WHERE datname='{name}'") == "1"


def ensure_database() -> None:
    if not database_exists(DATABASE):
        psql(f'CREATE DATABASE "{DATABASE}"')


def snapshot_take() -> None:
    """Keep the seeded database as a template: ``BENCH_REUSE=1`` and ``--jobs-only`` start again from it."""
    psql(f'DROP DATABASE IF EXISTS "{SNAPSHOT}"')
    psql(f'CREATE DATABASE "{SNAPSHOT}" TEMPLATE "{DATABASE}"')


def snapshot_restore() -> None:
    """The seeded database again, brought up to this checkout's migrations (a snapshot may predate them)."""
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{SNAPSHOT}"')
    manage("migrate", "--noinput")
    # The planner's statistics read again, as autovacuum keeps them in production: measured on the
    # copy's, the 40,000-MVP cycle page once took 300 ms for a query that runs in 10 ms.
    subprocess.run(["psql", f"{PG}/{DATABASE}", "-qc", "ANALYZE"], capture_output=True, text=True, check=True)


def results_path(mvps: int) -> Path:
    return BENCH / ("results.json" if mvps == DEFAULT_MVPS else f"results-{mvps}.json")


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


def drive(
    generator: str, url: str, cookie: str | None, seconds: int, header: str | None = None, *, drawn: bool = False
) -> dict:
    """``cookie``: a session; ``header``: one more request header (an API token); ``drawn``: each
    request its own address (``bench/pages.py``)."""
    if generator == "wrk":
        args = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(BENCH / "report.lua")]
        args += ["-H", f"Cookie: {cookie}"] if cookie else []
        args += ["-H", header] if header else []
        args.append(url)
    else:
        args = [PYTHON, str(BENCH / "loadgen.py"), url, "--connections", str(CONNECTIONS), "--duration", str(seconds)]
        args += ["--cookie", cookie] if cookie else []
        args += ["--header", header] if header else []
        args += ["--drawn"] if drawn else []
    env = {**os.environ, "WRK_DRAWN": "1" if drawn else ""}
    out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60, check=True, env=env).stdout
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


def timed_commands() -> list[dict]:
    """The daily run as of the next quarter day and the announcement of a cycle at ``MVPS``
    awards (``bench/scale.py``), in one process after the pages were measured."""
    jobs = json.loads(run([PYTHON, "-m", "bench.scale"], timeout=3600).stdout.strip().splitlines()[-1])
    daily, announced = jobs["daily_run"], jobs["announcement"]
    return [
        {
            "command": "send_renewal_notices",
            "what": f"{daily['what']}: {daily['renewals_opened']} renewal dossiers opened, {daily['notices']} notices",
            "seconds": daily["seconds"],
            "queries": daily["queries"],
            "steps": daily["steps"],
            "output": daily["output"][-500:],
        },
        {
            "command": "cycle_announce(cycle_id=…)",
            "what": f"{announced['what']}, {announced['notices']} notices",
            "seconds": announced["seconds"],
            "queries": announced["queries"],
            "output": json.dumps(announced),
        },
    ]


def seed(results: dict) -> None:
    if REUSE and database_exists(SNAPSHOT):
        say(f"database {DATABASE}: restored from {SNAPSHOT} (BENCH_REUSE)")
        snapshot_restore()
        previous = results_path(MVPS)
        if previous.exists():
            before = json.loads(previous.read_text())
            results.update({k: before[k] for k in ("seed_output", "seed_seconds", "data") if k in before})
        return
    say(f"database {DATABASE}: migrate and seed_demo --mvps {MVPS} --reset")
    ensure_database()
    manage("migrate", "--noinput")
    t = time.monotonic()
    results["seed_output"] = manage("seed_demo", "--mvps", str(MVPS), "--reset", timeout=7200).strip().splitlines()[:8]
    results["seed_seconds"] = round(time.monotonic() - t, 1)
    say(f"seed_demo took {results['seed_seconds']} s; bench/seed.py")
    results["data"] = json.loads(run([PYTHON, "-m", "bench.seed"], timeout=7200).stdout.strip().splitlines()[-1])
    say(f"bench/seed.py took {results['data'].get('seconds')} s; snapshot {SNAPSHOT}")
    snapshot_take()


def jobs_only() -> int:
    """``--jobs-only``: the two batch jobs again on the snapshot, into this scale's results."""
    if not database_exists(SNAPSHOT):
        say(f"no snapshot {SNAPSHOT}: run bench/run.py at this scale first")
        return 1
    snapshot_restore()
    path = results_path(MVPS)
    results = json.loads(path.read_text()) if path.exists() else {"setup": {"mvps": MVPS}, "pages": []}
    say(f"timing the daily run and the announcement at {MVPS} MVPs")
    results["commands"] = timed_commands()
    results["commands_when"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["commands_load_before"] = os.getloadavg()
    path.write_text(json.dumps(results, indent=2) + "\n")
    write_report()
    for command in results["commands"]:
        say(f"{command['command']}: {command['seconds']} s, {command['queries']} queries")
    return 0


def main() -> int:
    started = time.monotonic()
    results: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_before": os.getloadavg()},
        "setup": {"workers": WORKERS, "connections": CONNECTIONS, "seconds_per_page": DURATION, "mvps": MVPS},
    }
    seed(results)
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
        warm_up(f"http://127.0.0.1:{PORT}/bench/hello")
        for page in pages:
            if page.get("skipped"):
                say(f"skip {page['name']}: {page['skipped']}")
                continue
            url = f"http://127.0.0.1:{PORT}{page['path']}"
            drawn = bool(page.get("drawn"))
            drive(generator, url, page.get("cookie"), WARMUP, page.get("header"), drawn=drawn)
            say(f"{page['name']}: {url}")
            page["load"] = drive(generator, url, page.get("cookie"), DURATION, page.get("header"), drawn=drawn)
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
    ceiling_rps = ceiling["requests"] / (ceiling["duration_us"] / 1e6) if ceiling and ceiling["requests"] else None
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
            ratio=round(rps / ceiling_rps, 4) if ceiling_rps else None,
        )
        page["meets_target"] = page["path"] == "/bench/hello" or (
            (page["ratio"] or 0) >= MIN_RATIO and page["p95_ms"] < MAX_P95_MS and page["errors"] == 0
        )
    results["pages"] = pages
    results["total_seconds"] = round(time.monotonic() - started, 1)
    results_path(MVPS).write_text(json.dumps(results, indent=2) + "\n")
    write_report()
    print((BENCH / "RESULTS.md").read_text())
    return 0


def warm_up(url: str, timeout: float = 180) -> None:
    """Until both workers answer (on a loaded machine a worker's start can outlast a page's run:
    the ceiling once measured 0 requests), then a few more requests."""
    import urllib.request

    deadline, answered = time.monotonic() + timeout, 0
    while answered < 2 * WORKERS and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
                answered += response.status == 200
        except OSError:
            time.sleep(0.5)


def all_results() -> list[dict]:
    """Every scale measured: 4,000 MVPs (``results.json``) first, then the others by size."""
    found = [json.loads(p.read_text()) for p in sorted(BENCH.glob("results*.json"))]
    return sorted((r for r in found if "setup" in r), key=lambda r: r["setup"].get("mvps", DEFAULT_MVPS))


def write_report() -> None:
    (BENCH / "RESULTS.md").write_text(markdown(all_results()))


def _loaded(results: dict) -> bool:
    """Measured while other work shared the cores: the load average before the run above the cores."""
    load = results.get("commands_load_before") or results["machine"]["load_before"]
    return load[0] > (results["machine"].get("cpus") or 2)


def _copy_seconds(results: dict):
    return ((results["data"].get("cycle") or {}).get("seconds") or {}).get("activities", "—")


def _scale(results: dict) -> str:
    return f"{results['setup']['mvps']:,} MVPs"


def _page_table(results: dict) -> list[str]:
    lines = [
        "| page | path | login | req/s | p50 ms | p95 ms | p99 ms | queries | KiB | × ceiling | target |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for page in results["pages"]:
        if "rps" not in page:
            lines.append(f"| {page['name']} | {page.get('path') or '—'} | {page.get('login') or ''} | "
                         f"skipped: {page.get('skipped', '')} | | | | | | | |")  # fmt: skip
            continue
        mark = {"/bench/hello": "ceiling", "/bench/signed-in": "floor", "/bench/shell": "floor"}.get(page["path"]) or (
            "miss" if page.get("drawn") else "yes" if page["meets_target"] else "**no**"
        )
        lines.append(
            f"| {page['name']} | `{page['path']}` | {page.get('login') or 'anonymous'} | {page['rps']} | "
            f"{page['p50_ms']} | {page['p95_ms']} | {page['p99_ms']} | {page['queries']} | "
            f"{page.get('bytes', 0) / 1024:.0f} | {page['ratio']} | {mark} |"
        )
    return lines


def _share(results: dict, page: dict) -> float | None:
    """A page's throughput as a share of the ceiling's in the same run (unrounded)."""
    ceiling = next((p.get("rps") for p in results["pages"] if p.get("path") == "/bench/hello"), None)
    return page["rps"] / ceiling if ceiling and page.get("rps") else None


def _comparison(base: dict, big: dict) -> list[str]:
    """Each page at the larger scale against the base scale. The cost of a page is its share of the
    ceiling's throughput (the same server, the same run), so the two runs' different machine loads cancel."""
    pages = {p["name"]: p for p in big["pages"] if "rps" in p}
    lines = [
        "",
        f"**{_scale(big)} against {_scale(base)}** (cost = × ceiling at {_scale(base)} / × ceiling at "
        f"{_scale(big)}; target: at most {MAX_SCALE_SLOWDOWN}):",
        "",
        f"| page | p50 ms, {_scale(base)} | p50 ms, {_scale(big)} | p50 ratio | queries | × ceiling | cost | within "
        f"{MAX_SCALE_SLOWDOWN}× |",
        "|---|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for page in base["pages"]:
        other = pages.get(page["name"])
        if "rps" not in page or other is None or page["path"] == "/bench/hello":
            continue
        share, other_share = _share(base, page), _share(big, other)
        cost = share / other_share if share and other_share else None
        mark = "—" if cost is None else ("yes" if cost <= MAX_SCALE_SLOWDOWN else "**no**")
        lines.append(
            f"| {page['name']} | {page['p50_ms']} | {other['p50_ms']} | {other['p50_ms'] / page['p50_ms']:.2f} | "
            f"{page['queries']} → {other['queries']} | "
            f"{page['ratio']} → {other['ratio']} | {'—' if cost is None else f'{cost:.2f}'} | {mark} |"
        )
    return lines


def markdown(runs: list[dict]) -> str:
    lines = [
        "# Benchmark results",
        "",
        "`make bench` (`bench/run.py`) at each scale measured, side by side: "
        + "; ".join(
            f"{_scale(r)} on {r.get('when', '?')}" + (" (**loaded machine**)" if _loaded(r) else "") for r in runs
        )
        + f". Targets: per page at least {MIN_RATIO} of the hello-world throughput and p95 under "
        f"{MAX_P95_MS:.0f} ms; each batch job under {MAX_COMMAND_S:.0f} s at 4,000 MVPs and under "
        f"{MAX_COMMAND_S_AT_SCALE:.0f} s at 40,000; each page's cost at 40,000 within {MAX_SCALE_SLOWDOWN}× of "
        f"its cost at 4,000; each web worker's peak RSS under {MAX_RSS_MIB:.0f} MiB. A run is marked *loaded* "
        "when the load average before it exceeded the cores: other people's work shared them, and its absolute "
        "times are inflated (the ratio to the ceiling, measured in the same minutes, is the steadier figure).",
        "",
        "## The data",
        "",
        "| | " + " | ".join(_scale(r) for r in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    rows = [
        ("people", "accounts.User"),
        ("awards", "awards.Award"),
        ("dossiers", "nominations.Dossier"),
        ("activities", "nominations.Activity"),
        ("decisions", "evaluations.Decision"),
    ]
    for label, key in rows:
        lines.append(f"| {label} | " + " | ".join(f"{r['data']['counts'].get(key, 0):,}" for r in runs) + " |")
    lines += [
        "| submitted dossiers (the cycle at scale) | "
        + " | ".join(f"{r['data'].get('submitted_dossiers', 0):,}" for r in runs)
        + " |",
        "| decided dossiers to announce | "
        + " | ".join(f"{(r['data'].get('announcement') or {}).get('decisions', '—')}" for r in runs)
        + " |",
        "| `seed_demo --mvps N` seconds | " + " | ".join(f"{r.get('seed_seconds', '—')}" for r in runs) + " |",
        "| `bench/seed.py` seconds (of which activities, by COPY) | "
        + " | ".join(f"{r['data'].get('seconds', '—')} ({_copy_seconds(r)})" for r in runs)
        + " |",
        "| load average before the run | "
        + " | ".join(", ".join(f"{v:.1f}" for v in r["machine"]["load_before"]) for r in runs)
        + " |",
        "",
        "## Batch jobs",
        "",
        "| job | " + " | ".join(f"{_scale(r)}: seconds (queries), target met" for r in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    names = []
    for r in runs:
        names += [c["command"] for c in r.get("commands", []) if c["command"] not in names]
    for name in names:
        cells = []
        for r in runs:
            command = next((c for c in r.get("commands", []) if c["command"] == name), None)
            if command is None or "seconds" not in command:
                cells.append("—")
                continue
            limit = MAX_COMMAND_S if r["setup"]["mvps"] <= DEFAULT_MVPS else MAX_COMMAND_S_AT_SCALE
            met = "yes" if command["seconds"] < limit else "**no**"
            loaded = " (loaded)" if _loaded(r) else ""
            cells.append(f"{command['seconds']} ({command.get('queries', '?')}){loaded}, < {limit:.0f} s: {met}")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    for r in runs:
        for command in r.get("commands", []):
            lines.append(f"\n*{_scale(r)}, `{command['command']}`*: {command['what']}.")
            if command.get("steps"):
                steps = ", ".join(f"{k} {v} s" for k, v in command["steps"].items())
                lines[-1] += f" Steps: {steps}."
    lines += ["", "## Memory", ""]
    for r in runs:
        rss = r.get("web_worker_peak_rss_mib", [])
        mark = "yes" if rss and max(rss) < MAX_RSS_MIB else "**no**"
        lines.append(
            f"- {_scale(r)}: peak RSS of each web worker {', '.join(f'{v} MiB' for v in rss) or '—'} "
            f"(target under {MAX_RSS_MIB:.0f} MiB: {mark})."
        )
    for r in runs:
        setup = r["setup"]
        lines += [
            "",
            f"## Pages at {_scale(r)}" + (" (loaded machine)" if _loaded(r) else ""),
            "",
            f"{r.get('when', '?')}: {r['machine']['cpus']} cores shared by the load generator and the server; "
            f"gunicorn with {setup.get('workers')} sync workers (`bench.settings`: the portal's settings with "
            f"`DEBUG=0`, plus a hello-world view); {setup.get('load_generator')} with {setup.get('connections')} "
            f"keep-alive connections for {setup.get('seconds_per_page')} s per page after a warm-up, on loopback. "
            f"Whole run: {r.get('total_seconds', '?')} s.",
            "",
            *_page_table(r),
        ]
    lines += [
        "",
        "*ceiling*: a hello-world view through the same middleware. *floor*: the signed-in request with no "
        "page, and the empty page shell drawn for a signed-in person: costs under every signed-in page. "
        "*miss* (the `, drawn` rows): a page kept for its viewer drawn on every request (each its own "
        "address), as on the first view after a write to a table it read. It is what a cache miss costs, "
        "not the page under load; `bench/NOTES.md` profiles it.",
    ]
    if len(runs) > 1:
        lines += ["", "## Scale"]
        for big in runs[1:]:
            lines += _comparison(runs[0], big)
    lines.append("")
    notes = BENCH / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text().strip(), ""]
    return "\n".join(lines)


def report_only() -> int:
    """Rewrite RESULTS.md from the results files (after editing NOTES.md), without a run."""
    write_report()
    return 0


if __name__ == "__main__":
    if "--report-only" in sys.argv:
        sys.exit(report_only())
    sys.exit(jobs_only() if "--jobs-only" in sys.argv else main())
