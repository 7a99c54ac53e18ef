"""A real Celery worker (and beat) in a subprocess, against the test database."""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The URL of the database the test is using, for the subprocess."""
    s = connection.settings_dict
    assert connection.vendor == "postgresql", "worker tests share the test database through PostgreSQL"
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def service_env(*, broker_url: str, queue: str, email_url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mvp_portal.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_QUEUE": queue,
        "EMAIL_URL": email_url,
        "CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


class CeleryProcess:
    """``celery -A mvp_portal <worker|beat>`` with its output in a log file."""

    def __init__(self, kind: str, env: dict[str, str], log_dir: Path, args: list[str] | None = None) -> None:
        self.kind = kind
        self.env = env
        self.log_path = log_dir / f"celery-{kind}-{time.monotonic_ns()}.log"
        self.args = args or []
        self.process: subprocess.Popen | None = None

    def start(self) -> "CeleryProcess":
        base = [sys.executable, "-m", "celery", "-A", "mvp_portal", self.kind, "--loglevel=INFO"]
        if self.kind == "worker":
            base += [
                "--pool=solo",
                "--queues",
                f"{self.env['CELERY_QUEUE']},{self.env['CELERY_QUEUE']}.notices",  # the e-mail's queue too
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ]
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            base + self.args, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        return self

    def wait_ready(self, marker: str = "ready", timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker in self.log_path.read_text():
                return
            if self.process.poll() is not None:
                raise AssertionError(f"{self.kind} exited: {self.log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        raise AssertionError(f"{self.kind} not ready in {timeout}s: {self.log_path.read_text()[-3000:]}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def output(self) -> str:
        return self.log_path.read_text()


@contextlib.contextmanager
def broker_unreachable():
    """The test process's Celery app publishes to a port nobody listens on.

    Celery reads CELERY_BROKER_URL from the environment before its own
    configuration, so both are switched.
    """
    from mvp_portal import celery_app
    from tests.conftest import _reset_producer_pool

    dead = "redis://127.0.0.1:9/0"
    saved_env = os.environ.get("CELERY_BROKER_URL")
    saved_conf = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    os.environ["CELERY_BROKER_URL"] = dead
    celery_app.conf.broker_url = dead
    celery_app.conf.broker_transport_options = {"max_retries": 1}
    _reset_producer_pool()
    try:
        yield
    finally:
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved_conf
        _reset_producer_pool()
