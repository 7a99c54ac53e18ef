"""The suite's shared fixtures: the clock, the cast of users, and the real services.

The clock: every test runs at midday (UTC) of ``TODAY``, frozen, whatever the
machine's date; a test that needs another moment moves it through the ``clock``
fixture (``clock.move_to(...)``), nothing else. Processes the suite starts
(Celery workers, Chromium) keep the machine's clock: tests hand them dates.

Tests that need PostgreSQL or Redis ask for the ``postgres`` / ``redis_url``
fixtures. Without the service they skip with the reason, except under
``REQUIRE_SERVICES=1`` (CI), where a missing service fails the test.
"""

import os
import socket
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest
import time_machine
from django.db import connection
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from mvp_portal import celery_app
from mvp_portal.accounts.roles import Role
from tests.factories import AwardFactory, ExpertiseFactory, RegionFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
TODAY = date(2026, 11, 28)
NOON_TODAY = datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0, tzinfo=UTC)

# The frozen clock is an autouse, function-scoped fixture: Hypothesis may use it.
hypothesis_settings.register_profile("portal", suppress_health_check=[HealthCheck.function_scoped_fixture])
hypothesis_settings.load_profile("portal")


@pytest.fixture(autouse=True)
def clock():
    """The suite's one clock, frozen at ``NOON_TODAY``; ``clock.move_to(moment)``
    (a datetime or an ISO string) moves it for the rest of the test."""
    with time_machine.travel(NOON_TODAY, tick=False) as traveller:
        yield traveller


def service_missing(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """Tasks run in-process unless a test starts a real worker."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = False
    yield


@pytest.fixture(autouse=True)
def _program_language():
    """Every test starts in the program's language: a request in another one
    (Accept-Language, the language menu) leaves it active in the thread after it."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 on every factory user would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def client():
    """pytest-django's client, whose ``force_login`` also passes staff two-factor
    (see ``tests/support/clients.py``; ``force_login(user, verified=False)`` does not)."""
    from tests.support.clients import Client

    return Client()


@pytest.fixture
def pages_drawn(settings):
    """Signed-in pages drawn on every request, never served as their viewer's kept copy
    (``mvp_portal/kept_pages.py``), and the viewer read on every request
    (``mvp_portal/accounts/viewer.py``): for tests of what a page reads when it is drawn."""
    settings.KEPT_PAGE_SECONDS = 0


@pytest.fixture(autouse=True, scope="session")
def _in_process_cache():
    """The suite uses an in-process cache, whatever CACHE_URL says: not the file
    cache under var/ that `make run` shares, nor a Redis shared by parallel test
    workers. Tests of the shared cache ask for one (tests/directory/test_public_cache.py)."""
    from django.test import override_settings

    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache(_in_process_cache):
    """Rate limits live in the cache: every test starts with none counted. Only
    an in-process cache is cleared: a Redis one may be shared with others."""
    from django.core.cache import cache, caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        cache.clear()
    yield


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        service_missing("this test needs PostgreSQL (set DATABASE_URL=postgres://...)")
    return connection


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        service_missing("this test needs Redis (set CELERY_BROKER_URL=redis://...)")
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2).close()
    except OSError as exc:
        service_missing(f"Redis at {url} does not answer: {exc}")
    return url


# The cast --------------------------------------------------------------------
@pytest.fixture
def expertise(db):
    return ExpertiseFactory(name="Virtual Machine Test", slug="virtual-machine-test", category="Cloud")


@pytest.fixture
def lead(db):
    """MVP lead of the region holding Ireland."""
    person = UserFactory(display_name="Lena Lead", email="lead@example.org", roles=[Role.MVP_LEAD])
    RegionFactory(name="UK and Ireland", countries=["IE", "GB"], leads=[person])
    return person


@pytest.fixture
def other_lead(db):
    """MVP lead of a region that does not hold Ireland."""
    person = UserFactory(
        display_name="Oskar Otherlead", email="other-lead@example.org", country="DE", roles=[Role.MVP_LEAD]
    )
    RegionFactory(name="DACH", countries=["DE", "AT", "CH"], leads=[person])
    return person


@pytest.fixture
def employee(db):
    return UserFactory(display_name="Emma Employee", email="employee@example.org", roles=[Role.EMPLOYEE])


@pytest.fixture
def program_admin(db):
    return UserFactory(display_name="Ada Admin", email="admin@example.org", roles=[Role.PROGRAM_ADMIN], is_staff=True)


@pytest.fixture
def mvp(db, expertise):
    """Holds an award that covers TODAY (granted 2026-10-01)."""
    person = UserFactory(display_name="Mia Mvp", email="mvp@example.org")
    AwardFactory(user=person, expertise=expertise, starts_on=date(2026, 10, 1))
    return person


@pytest.fixture
def nominee(db):
    return UserFactory(display_name="Nico Nominee", email="nominee@example.org")


@pytest.fixture
def outsider(db):
    return UserFactory(display_name="Olga Outsider", email="outsider@example.org")


# Real services ---------------------------------------------------------------
@pytest.fixture
def smtp_server():
    from tests.support.smtp import SMTPServer

    with SMTPServer() as server:
        yield server


@pytest.fixture
def test_output_dir(request) -> Path:
    path = Path(__file__).resolve().parent.parent / "test-output" / request.node.name[:80]
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def live_celery(transactional_db, postgres, redis_url, smtp_server, test_output_dir):
    """The test process publishes to Redis on a queue of its own; returns a
    factory that starts workers (and beat) consuming it with real SMTP mail."""
    import uuid

    from tests.support.worker import CeleryProcess, service_env

    queue = f"test-{uuid.uuid4().hex[:12]}"
    conf = celery_app.conf
    saved = {k: conf[k] for k in ("task_always_eager", "broker_url", "task_default_queue")}
    conf.update(task_always_eager=False, broker_url=redis_url, task_default_queue=queue)
    _reset_producer_pool()
    processes: list[CeleryProcess] = []

    def start(kind: str = "worker", *, wait: bool = True, **extra_env: str) -> CeleryProcess:
        env = service_env(broker_url=redis_url, queue=queue, email_url=smtp_server.url, **extra_env)
        process = CeleryProcess(kind, env, test_output_dir).start()
        processes.append(process)
        if wait:
            process.wait_ready("ready" if kind == "worker" else "beat: Starting")
        return process

    yield start
    for process in processes:
        process.stop()
    conf.update(saved)
    _reset_producer_pool()


def _reset_producer_pool() -> None:
    """Make the Celery app reconnect with its current broker settings.

    kombu keeps connection pools in a global registry keyed by the broker
    URL, so that registry is reset too (else a closed pool comes back).
    """
    from kombu import pools

    pools.reset()
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
