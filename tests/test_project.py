"""Project-level behaviour: health check, production posture, Celery setup."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from mvp_portal import celery_app
from tests.support.worker import broker_unreachable

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_ok_when_database_and_broker_answer(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.services
def test_healthz_is_503_naming_the_database_when_it_is_unreachable(client, transactional_db, postgres):
    # PostgreSQL only: closing SQLite's in-memory test database would destroy it.
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "9"  # nothing listens there
    try:
        response = client.get(reverse("healthz"))
    finally:
        connection.close()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    # Only "down": exception class names tell an outsider what runs inside.
    assert response.json() == {"database": "down", "broker": "ok"}


@pytest.mark.services
def test_healthz_is_503_naming_the_broker_when_redis_is_unreachable(client, db, redis_url):
    with broker_unreachable():
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "down"}


# The example Ed25519 key of RFC 8037 (public, signs nothing real) for the production posture's checks.
PRODUCTION_SIGNING_KEY = (
    '{"crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", '
    '"d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A", "kty": "OKP"}'
)


def test_check_deploy_passes_with_zero_warnings_in_production_posture():
    # The production process's environment: nothing the test run itself set
    # (such as the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE) leaks into it.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": "k7$Qp2!vZx9@Lm4#Rt8^Wn3&Yb6*Hc1(Jd5)Fg0_Se-Ua+Vo=Ki~Pl",
        "ALLOWED_HOSTS": "mvp.example.org",
        "CREDENTIALS_SIGNING_KEY": PRODUCTION_SIGNING_KEY,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_requires_the_credentials_signing_key():
    env = {k: v for k, v in os.environ.items() if k != "CREDENTIALS_SIGNING_KEY"} | {
        "DEBUG": "0",
        "SECRET_KEY": "k7$Qp2!vZx9@Lm4#Rt8^Wn3&Yb6*Hc1(Jd5)Fg0_Se-Ua+Vo=Ki~Pl",
        "ALLOWED_HOSTS": "mvp.example.org",
    }
    command = [sys.executable, "manage.py", "check", "--deploy"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "awards.E001" in result.stderr + result.stdout


def test_production_uses_the_cached_template_loader_and_cached_db_sessions():
    """Templates are compiled once per process in production (Django's cached loader), and
    sessions are read from the cache with the database behind them."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "k7$Qp2!vZx9@Lm4#Rt8^Wn3&Yb6*Hc1(Jd5)Fg0_Se-Ua+Vo=Ki~Pl",
        "ALLOWED_HOSTS": "mvp.example.org",
        "DJANGO_SETTINGS_MODULE": "mvp_portal.settings",
    }
    env.pop("CACHE_URL", None)
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.template import engines\n"
        "print(type(engines['django'].engine.template_loaders[0]).__module__)\n"
        "from importlib import import_module\n"
        "from django.contrib.sessions.backends import cached_db\n"
        "store = import_module(settings.SESSION_ENGINE).SessionStore\n"
        "print(issubclass(store, cached_db.SessionStore) and 'cached_db')\n"
        "print(settings.CACHES['default']['BACKEND'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.template.loaders.cached",
        "cached_db",  # Django's, read through what the request read ahead (accounts/sessions.py)
        "django.core.cache.backends.filebased.FileBasedCache",  # embedded, yet shared by make run's processes
    ]


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DEBUG": "0", "ALLOWED_HOSTS": "x.org"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_pages_carry_a_content_security_policy_without_inline_script(client, db):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_celery_acknowledges_late_and_requeues_on_worker_loss():
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True
    assert celery_app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


def test_outbox_sweeper_is_on_the_database_schedule(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="mvp_portal.notices.tasks.sweep_notices")
    assert task.enabled and task.interval.every == 60


def test_static_bootstrap_is_served_from_our_origin(client, db):
    page = client.get(reverse("home")).content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in page
    assert "cdn" not in page.lower()


def test_an_ordinary_403_is_logged_in_one_line_without_a_traceback(client, nominee, caplog):
    import logging
    import sys

    from mvp_portal.logging import QuietClientErrors

    client.force_login(nominee)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/desk/").status_code == 403
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.exc_info is None  # the console's filter took the traceback off
    assert logging.Formatter().format(record) == "Forbidden (Permission denied): /desk/"
    # A server error keeps its traceback.
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        fault = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", None, sys.exc_info())
    fault.status_code = 500
    QuietClientErrors().filter(fault)
    assert fault.exc_info is not None


def test_postgresql_connections_do_not_jit_compile(postgres):
    """The portal's queries are short: compiling one (PostgreSQL's JIT, past jit_above_cost)
    cost more than running it (bench/NOTES.md), so every connection turns JIT off."""
    with postgres.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
