"""The web app outlives a PostgreSQL restart: no app restart needed."""

import json
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from tests.factories import UserFactory
from tests.faults.conftest import postgres_ctl, postgres_ensure_up, postgres_up

pytestmark = pytest.mark.faults


def fetch(url: str, cookie: str = "") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_requests_succeed_after_postgres_restart(postgres, transactional_db, live_server, client):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]
    person = UserFactory(display_name="Rita Restart", email="rita@example.org")
    client.force_login(person)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    profile = f"{live_server.url}/accounts/profile/"
    health = f"{live_server.url}/healthz"

    # The server thread holds a persistent connection (CONN_MAX_AGE) before the restart.
    assert fetch(health)[0] == 200
    status, body = fetch(profile, cookie)
    assert status == 200 and b"Rita Restart" in body

    try:
        postgres_ctl("stop")
        status, body = fetch(health)
        assert status == 503 and json.loads(body)["database"].startswith("down")
        postgres_ctl("start")
    finally:
        postgres_ensure_up()
    assert postgres_up()

    # The first requests after it is back already succeed: the dead connection is replaced.
    started = time.monotonic()
    for _ in range(5):
        status, body = fetch(profile, cookie)
        assert status == 200 and b"Rita Restart" in body, status
        status, body = fetch(health)
        assert status == 200 and json.loads(body) == {"database": "ok", "broker": json.loads(body)["broker"]}
    assert time.monotonic() - started < 20
