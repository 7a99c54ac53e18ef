"""Several web nodes, one database, one cache: the deployment's shape (README, "Deployment").

Two gunicorn instances on two ports and one Celery worker share the test's
PostgreSQL database and a Redis cache. A program admin announces a cycle on the
first node; the worker grants the awards; the second node's public directory,
which it had served (and cached) before, lists the new MVP at once. Real
processes, real HTTP."""

import re
import socket
import subprocess
import sys
import time
from datetime import date

import pytest
import requests

from evaluations.models import Decision
from mvp_portal.accounts.roles import Role
from nominations.models import Dossier
from tests.directory.test_public_cache import (  # noqa: F401 (fixtures)
    committed_db,
    redis_cache,
    reference_data_after_flush,
)
from tests.factories import AwardCycleFactory, DossierFactory, ExpertiseFactory, UserFactory
from tests.support.worker import ROOT

pytestmark = pytest.mark.services

DIRECTORY = "/directory/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class WebNode:
    """``gunicorn mvp_portal.wsgi`` on its own port, with its output in a log file."""

    def __init__(self, env: dict[str, str], log_dir) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"gunicorn-{self.port}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        command = [sys.executable, "-m", "gunicorn", "mvp_portal.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "60", "--preload"]
        command += ["--no-control-socket"]  # its default path is one per machine: two instances would share it
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.log_path.read_text()[-3000:]}")
            try:
                if requests.get(self.url + "/healthz", timeout=15).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn not ready in {timeout}s: {self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()


@pytest.fixture
def web_nodes(committed_db, postgres, redis_cache, live_celery, test_output_dir):  # noqa: F811
    """Two web nodes and one worker, all on the test's database, broker queue and Redis cache."""
    cache_url, prefix = redis_cache
    worker = live_celery("worker", CACHE_URL=cache_url, CACHE_KEY_PREFIX=prefix)
    nodes = [WebNode(worker.env, test_output_dir) for _ in range(2)]
    try:
        for node in nodes:
            node.wait_ready()
        yield nodes
    finally:
        for node in nodes:
            node.stop()


def test_an_announcement_on_one_node_changes_the_directory_on_the_other(web_nodes, client):
    one, other = web_nodes
    expertise = ExpertiseFactory()
    admin = UserFactory(display_name="Ada Admin", is_staff=True, roles=[Role.PROGRAM_ADMIN])
    award_date = date(2026, 7, 1)  # announced late: its awards cover today
    cycle = AwardCycleFactory(award_date=award_date, state="evaluating")
    newcomer = UserFactory(display_name="Nadia Multinode", country="IE")
    dossier = DossierFactory(owner=newcomer, expertise=expertise, award_date=award_date)
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.DECIDED)
    Decision.objects.create(dossier=dossier, verdict="award", rationale="Evaluated", decided_by=admin)

    visitor = requests.Session()
    before = visitor.get(other.url + DIRECTORY, timeout=30)
    assert before.status_code == 200 and "Nadia Multinode" not in before.text

    # The admin's session, made here, lives in the shared cache and database: both nodes know it.
    client.force_login(admin)
    browser = requests.Session()
    browser.cookies.set("sessionid", client.cookies["sessionid"].value, domain="127.0.0.1")
    page = browser.get(f"{one.url}/desk/admin/cycles/{cycle.pk}/", timeout=30)
    assert page.status_code == 200, page.text[:2000]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    announced = browser.post(
        f"{one.url}/desk/admin/cycles/{cycle.pk}/announce/",
        data={"csrfmiddlewaretoken": token, "undecided_action": "close"},
        headers={"Referer": page.url},
        timeout=30,
        allow_redirects=False,
    )
    assert announced.status_code == 302, announced.text[:2000]

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if "Nadia Multinode" in visitor.get(other.url + DIRECTORY, timeout=30).text:
            break
        time.sleep(0.3)
    else:
        pytest.fail("the other node's directory never listed the new MVP")
    assert "Nadia Multinode" in visitor.get(one.url + DIRECTORY, timeout=30).text
