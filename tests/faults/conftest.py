"""Fault injection against the real services: every test here is marked
``faults`` and runs alone, after the rest of the suite (``make test``).

The services are restarted with the commands of the machine's documentation;
every test puts them back in a ``finally``.
"""

import asyncio
import os
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connections

from tests.support.smtp import Inbox, SMTPServer

REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]


@pytest.hookimpl(tryfirst=True)  # before -m selects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


# Services ------------------------------------------------------------------------
def _wait(check, what: str, timeout: float = 60.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"{what} not back within {timeout}s")


def redis_up() -> bool:
    return (
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping"], capture_output=True).stdout == b"PONG\n"
    )


def redis_start() -> float:
    if not redis_up():
        for folder in ("/var/lib/redis", "/var/log/redis"):
            Path(folder).mkdir(parents=True, exist_ok=True)
        subprocess.run(REDIS_START, check=True)
    return _wait(redis_up, "Redis")


def redis_stop() -> None:
    # nosave: Redis here keeps nothing on disk, so what was queued is gone.
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"], capture_output=True)
    _wait(lambda: not redis_up(), "Redis shutdown", timeout=20)


def postgres_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[0]


def postgres_up() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0


def postgres_ctl(action: str) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", postgres_version(), "main", action],
        check=True,
        capture_output=True,
        timeout=120,
    )


def postgres_ensure_up() -> None:
    if not postgres_up():
        postgres_ctl("start")
    _wait(postgres_up, "PostgreSQL")
    # The test's own connections died with the server: make Django open new ones.
    for conn in connections.all():
        conn.close_if_unusable_or_obsolete()
        if conn.connection is not None and not conn.is_usable():
            conn.close()


# A slow SMTP server: long enough sends that a kill lands in the middle of a batch.
class SlowInbox(Inbox):
    delay = 0.15

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        # The message is recorded (the server has it) before the reply: a
        # worker killed during the pause never learns that it was accepted.
        reply = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(self.delay)
        return reply

    def keys(self) -> list[str]:
        with self._lock:
            return [str(m["X-Notice-Key"]) for m in self.messages]


class SlowSMTPServer(SMTPServer):
    def __init__(self) -> None:
        super().__init__()
        from aiosmtpd.controller import Controller

        self.inbox = SlowInbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)


@pytest.fixture
def smtp_server():
    """Overrides the suite's SMTP server (``live_celery`` sends to this one)."""
    with SlowSMTPServer() as server:
        yield server
