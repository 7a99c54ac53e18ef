"""Where a page's time goes: SQL, template rendering, the rest (view, forms, middleware).

``python -m bench.profile`` with the bench environment (``bench/run.py``'s
``ENV``) after ``make bench`` seeded the database: for each page of
``bench/pages.py``, a few warm requests through the Django test client in one
process, each split into

- *SQL*: time inside the database cursor (a ``connection.execute_wrapper``),
  with the number of queries;
- *templates*: time inside the outermost ``Template.render`` (nested templates,
  ``{% include %}``s and widget templates counted once), minus the SQL run
  while rendering (lazy querysets evaluated by the template);
- *other*: the rest of the request (view code, forms, middleware, session).

Prints a markdown table (median of the runs, in ms) and one JSON line.
``BENCH_PAGES="admin dashboard;admin cycle page, drawn"`` profiles only the pages so named (``;``
between names: a drawn page's name has a comma);
``BENCH_SLOWEST=3`` also prints each page's slowest queries (ms, first 160 characters);
``BENCH_CPROFILE=25`` also prints, for each page, the 25 functions with the most time of their own
over one more request (cProfile); ``BENCH_EXPLAIN=1`` also prints, for each page, PostgreSQL's
planning and execution time summed over its SELECTs (``EXPLAIN ANALYZE``, run once more each):
where the planner, not the query, is the cost.
"""

import cProfile
import io
import itertools
import json
import os
import pstats
import statistics
import time

import django

RUNS = 5


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.template import base

    from bench.pages import PAGES, drawn_address
    from bench.prepare import Context
    from mvp_portal.accounts.models import User
    from mvp_portal.program_calendar import program_today
    from tests.support.clients import Client  # force_login also passes staff two-factor

    state = {"depth": 0, "render": 0.0, "sql": 0.0, "sql_in_render": 0.0, "queries": 0, "timed": [], "queries_seen": []}
    slowest = int(os.environ.get("BENCH_SLOWEST", "0"))
    functions = int(os.environ.get("BENCH_CPROFILE", "0"))
    explain = os.environ.get("BENCH_EXPLAIN", "") not in ("", "0")
    explained = []
    profiles = []
    original_render = base.Template.render

    def render(self, context):
        state["depth"] += 1
        started = time.perf_counter()
        try:
            return original_render(self, context)
        finally:
            state["depth"] -= 1
            if state["depth"] == 0:
                state["render"] += time.perf_counter() - started

    def sql(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            state["sql"] += elapsed
            state["queries"] += 1
            state["timed"].append((elapsed, sql))
            state["queries_seen"].append((sql, params))
            if state["depth"]:
                state["sql_in_render"] += elapsed

    base.Template.render = render
    ctx = Context(program_today())
    rows = []
    only = [name.strip() for name in os.environ.get("BENCH_PAGES", "").split(";") if name.strip()]
    with connection.execute_wrapper(sql):
        for page in PAGES:
            if only and page.name not in only:
                continue
            path = page.path(ctx)
            if not path or path == "/bench/hello":
                continue
            client = Client(HTTP_HOST="127.0.0.1")
            login = page.login(ctx) if callable(page.login) else page.login
            if page.token:
                from django.utils import timezone

                from api import services as api_services

                user = User.objects.get(email=login)
                plain = api_services.token_create(user=user, name="bench", scope="read", days=1, now=timezone.now())[1]
                client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {plain}"
            elif login:
                client.force_login(User.objects.get(email=login))
            client.get(path)  # warm
            # A page drawn each time has its own address per request, as under load (bench/pages.py).
            addresses = (drawn_address(path, n) if page.drawn else path for n in itertools.count())
            samples = []
            for _ in range(RUNS):
                state.update(render=0.0, sql=0.0, sql_in_render=0.0, queries=0, timed=[], queries_seen=[])
                started = time.perf_counter()
                response = client.get(next(addresses))
                total = time.perf_counter() - started
                assert response.status_code == 200, (path, response.status_code)
                templates = state["render"] - state["sql_in_render"]
                samples.append((total, state["sql"], templates, total - state["sql"] - templates, state["queries"]))
            total, sql_s, tpl, other, queries = (statistics.median(s[i] for s in samples) for i in range(5))
            if explain:
                explained.append((page.name, _planning_and_execution(connection, list(state["queries_seen"]))))
            if functions:
                profiler = cProfile.Profile()
                profiler.runcall(client.get, next(addresses))
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(functions)
                profiles.append((page.name, out.getvalue()))
            rows.append(
                {
                    "name": page.name,
                    "path": path,
                    "total_ms": round(total * 1000, 1),
                    "sql_ms": round(sql_s * 1000, 1),
                    "queries": int(queries),
                    "templates_ms": round(tpl * 1000, 1),
                    "other_ms": round(other * 1000, 1),
                    "bytes": len(response.content),
                    "slowest": [
                        (round(elapsed * 1000, 1), " ".join(text.split())[:160])
                        for elapsed, text in sorted(state["timed"], key=lambda t: t[0], reverse=True)[:slowest]
                    ],
                }
            )
    base.Template.render = original_render
    print("| page | total ms | SQL ms (queries) | templates ms | other ms | HTML KiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['name']} | {r['total_ms']} | {r['sql_ms']} ({r['queries']}) | {r['templates_ms']} | "
            f"{r['other_ms']} | {r['bytes'] / 1024:.0f} |"
        )
    for r in rows:
        for elapsed, text in r["slowest"]:
            print(f"  {r['name']}: {elapsed} ms  {text}")
    for name, (planning, execution, count) in explained:
        print(f"  {name}: {count} SELECTs, planning {planning:.1f} ms, execution {execution:.1f} ms")
    for name, text in profiles:
        print(f"\n## {name}\n{text}")
    print(json.dumps({"debug": settings.DEBUG, "runs": RUNS, "pages": rows}))


def _planning_and_execution(connection, queries) -> tuple[float, float, int]:
    """PostgreSQL's planning and execution time (ms) summed over the SELECTs of one request."""
    planning = execution = 0.0
    count = 0
    with connection.cursor() as cursor:
        for sql, params in queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0][0]
            planning += plan["Planning Time"]
            execution += plan["Execution Time"]
            count += 1
    return planning, execution, count


if __name__ == "__main__":
    main()
