"""Signed-in pages at a few hundred dossiers, and crispy-forms against plain rendering.

A small harness for a shared, loaded machine: one process, the Django test
client, median of warm requests, each split as ``bench/profile.py`` splits it
(SQL with its query count, templates, the rest). Absolute times move with the
machine's load; compare runs made one after the other (e.g. the same harness
run from the main checkout, then from a branch, against the same database).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/mvp_speed_bench
    python manage.py migrate                 # once, a database of its own
    python -m bench.speed --seed             # once: ~300 submitted dossiers, a review dossier of 200 activities
    python -m bench.speed                    # the pages: a markdown table and one JSON line
    python -m bench.speed --forms            # crispy-forms against plain rendering of the hottest forms

Production's posture: ``DEBUG=0`` (the cached template loader), an in-process
cache, plain static file URLs (no collectstatic needed).
"""

import json
import os
import statistics
import sys
import time

RUNS = 7
REVIEW_ACTIVITIES = 200
QUEUE_DOSSIERS = 300
ENV = {
    "DJANGO_SETTINGS_MODULE": "mvp_portal.settings",
    "DEBUG": "0",
    "SECRET_KEY": "speed-harness-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "testserver,127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "CACHE_URL": "locmemcache://",
    "CELERY_BROKER_URL": "memory://",
    "LOG_LEVEL": "WARNING",
}


def setup() -> None:
    for key, value in ENV.items():
        os.environ.setdefault(key, value)
    # The checkout the harness is run from (main or a branch), not this file's folder.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [os.getcwd(), *(p for p in sys.path if os.path.abspath(p or ".") != here)]
    import django

    django.setup()
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()  # the test client's template-rendered signal, ALLOWED_HOSTS testserver
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()


def seed() -> None:
    from django.db import transaction

    with transaction.atomic():  # all or nothing: a failed seed can be run again
        _seed()


def _seed() -> None:
    from datetime import date

    from mvp_portal.accounts.models import Expertise
    from mvp_portal.accounts.roles import Role
    from nominations.models import Activity, ActivityType, Dossier
    from tests.factories import (
        AwardCycleFactory,
        AwardFactory,
        DossierFactory,
        NdaVersionFactory,
        RegionFactory,
        UserFactory,
        bulk_dossiers,
    )

    expertise = Expertise.objects.order_by("pk").first()
    lead = UserFactory(email="speed-lead@example.org", display_name="Speed Lead", roles=[Role.MVP_LEAD])
    RegionFactory(name="Speed region", countries=["IE", "GB"], leads=[lead])
    UserFactory(email="speed-admin@example.org", display_name="Speed Admin", roles=[Role.PROGRAM_ADMIN], is_staff=True)
    employees = [UserFactory(display_name=f"Employee {i:03d}", roles=[Role.EMPLOYEE]) for i in range(120)]
    AwardCycleFactory(award_date=date(2027, 1, 1), state="evaluating")
    types = list(ActivityType.objects.filter(is_active=True).order_by("position")[:8])
    bulk_dossiers(
        QUEUE_DOSSIERS, expertise=expertise, evaluator=employees[0], activities_per_dossier=2, activity_type=types[0]
    )
    target = DossierFactory(
        owner=UserFactory(email="speed-owner@example.org", display_name="Speed Owner", country="IE"),
        expertise=expertise,
        state=Dossier.State.SUBMITTED,
    )
    Activity.objects.bulk_create(
        Activity(
            dossier=target,
            activity_type=types[i % len(types)],
            title=f"Contribution {i:03d}",
            started_on=date(2026, 1 + i % 10, 1 + i % 27),
            url=f"https://speed.example.org/{i}",
            quantity=1 + i % 4,
            reach=10 * (i % 30) if types[i % len(types)].reach_label else None,
        )
        for i in range(REVIEW_ACTIVITIES)
    )
    mvp = UserFactory(email="speed-mvp@example.org", display_name="Speed Mvp", country="IE")
    AwardFactory(user=mvp, expertise=expertise, starts_on=date(2026, 1, 1))
    NdaVersionFactory(version="2026.1")
    DossierFactory(owner=mvp, expertise=expertise, kind=Dossier.Kind.RENEWAL, award_date=date(2027, 1, 1))
    print(f"seeded: {Dossier.objects.count()} dossiers, {Activity.objects.count()} activities")


def pages():
    from django.urls import reverse

    from nominations.models import Dossier

    review = Dossier.objects.get(owner__email="speed-owner@example.org")
    queue = reverse("desks:dossier-list") + "?award_date=2027-01-01"
    return [
        ("home, MVP signed in", reverse("home"), "speed-mvp@example.org"),
        ("lead queue (evaluations)", queue, "speed-lead@example.org"),
        ("admin queue (evaluations)", queue, "speed-admin@example.org"),
        ("review page (lead), 200 activities", reverse("desks:dossier", args=[review.pk]), "speed-lead@example.org"),
        ("review page (admin), 200 activities", reverse("desks:dossier", args=[review.pk]), "speed-admin@example.org"),
    ]


class Probe:
    """Time inside the cursor (and queries), inside the outermost Template.render."""

    def __init__(self):
        from django.template import base

        self.base = base
        self.original = base.Template.render
        self.state = {"depth": 0, "render": 0.0, "sql": 0.0, "sql_in_render": 0.0, "queries": 0}
        state, original = self.state, self.original

        def render(template, context):
            state["depth"] += 1
            started = time.perf_counter()
            try:
                return original(template, context)
            finally:
                state["depth"] -= 1
                if state["depth"] == 0:
                    state["render"] += time.perf_counter() - started

        base.Template.render = render

    def sql(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.state["sql"] += elapsed
            self.state["queries"] += 1
            if self.state["depth"]:
                self.state["sql_in_render"] += elapsed

    def reset(self):
        self.state.update(render=0.0, sql=0.0, sql_in_render=0.0, queries=0)

    def close(self):
        self.base.Template.render = self.original


def measure_pages() -> list[dict]:
    from django.db import connection

    from mvp_portal.accounts.models import User
    from tests.support.clients import Client  # force_login passes staff two-factor

    probe = Probe()
    rows = []
    with connection.execute_wrapper(probe.sql):
        for name, path, login in pages():
            client = Client()
            client.force_login(User.objects.get(email=login))
            client.get(path)  # warm: templates compiled, caches filled
            samples = []
            for _ in range(RUNS):
                probe.reset()
                started = time.perf_counter()
                response = client.get(path)
                total = time.perf_counter() - started
                assert response.status_code == 200, (path, response.status_code)
                s = probe.state
                templates = s["render"] - s["sql_in_render"]
                samples.append((total, s["sql"], templates, total - s["sql"] - templates, s["queries"]))
            total, sql_s, tpl, other, queries = (statistics.median(x[i] for x in samples) for i in range(5))
            rows.append(
                {
                    "name": name,
                    "total_ms": round(total * 1000, 1),
                    "sql_ms": round(sql_s * 1000, 1),
                    "queries": int(queries),
                    "templates_ms": round(tpl * 1000, 1),
                    "other_ms": round(other * 1000, 1),
                    "kib": round(len(response.content) / 1024),
                }
            )
    probe.close()
    print("| page | total ms | SQL ms (queries) | templates ms | other ms | HTML KiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['name']} | {r['total_ms']} | {r['sql_ms']} ({r['queries']}) | {r['templates_ms']} | "
            f"{r['other_ms']} | {r['kib']} |"
        )
    print(json.dumps({"pages": rows}))
    return rows


def measure_forms(repeat: int = 200) -> list[dict]:
    """The activity form and the evaluation form: crispy (as the pages render them) against
    Django's own div rendering of the same bound form, ms per render (median of 5 × ``repeat``)."""
    from django.template import engines

    from evaluations.forms import EvaluationForm
    from evaluations.models import Criterion
    from mvp_portal.program_calendar import program_today
    from nominations.forms import ActivityForm
    from nominations.models import ActivityType

    django_engine = engines["django"]
    types = list(ActivityType.objects.filter(is_active=True))
    activity = ActivityForm({"title": ""}, today=program_today(), types=types)
    activity.is_valid()  # errors shown, as after a failed save
    evaluation = EvaluationForm({"comment": ""}, criteria=list(Criterion.objects.filter(is_active=True)))
    evaluation.is_valid()
    activity_fields = "{% include 'nominations/_activity_form_fields.html' %}"  # as the dossier editor renders it
    cases = [
        ("activity form", activity, activity_fields, "{{ form }}"),
        ("evaluation form", evaluation, "{% load crispy_forms_tags %}{% crispy form %}", "{{ form }}"),
    ]
    rows = []
    for name, form, crispy_source, plain_source in cases:
        timings = {}
        for kind, source in (("crispy", crispy_source), ("plain", plain_source)):
            template = django_engine.from_string(source)
            template.render({"form": form})
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                for _ in range(repeat):
                    html = template.render({"form": form})
                runs.append((time.perf_counter() - started) / repeat)
            timings[kind] = (statistics.median(runs) * 1000, len(html))
        rows.append(
            {
                "form": name,
                "crispy_ms": round(timings["crispy"][0], 2),
                "plain_ms": round(timings["plain"][0], 2),
                "crispy_kib": round(timings["crispy"][1] / 1024, 1),
                "plain_kib": round(timings["plain"][1] / 1024, 1),
            }
        )
    print("| form | crispy ms | plain ms | crispy KiB | plain KiB |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['form']} | {r['crispy_ms']} | {r['plain_ms']} | {r['crispy_kib']} | {r['plain_kib']} |")
    print(json.dumps({"forms": rows}))
    return rows


if __name__ == "__main__":
    setup()
    if "--seed" in sys.argv:
        seed()
    elif "--forms" in sys.argv:
        measure_forms()
    else:
        measure_pages()
