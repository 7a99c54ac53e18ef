"""The day a summit's registration opens every MVP is invited at once: in
chunks, each written on its own, the daily run's heartbeat moving between them."""

from datetime import date

from directory import services
from mvp_portal.notices.models import Notice
from tests.awards.conftest import bulk_awards
from tests.conftest import TODAY
from tests.directory.test_summit import nda, summit  # noqa: F401 (fixtures)


def test_invitations_go_out_in_chunks_each_once(db, summit, expertise, monkeypatch):  # noqa: F811
    monkeypatch.setattr(services, "INVITATION_CHUNK", 4)
    beats = []
    monkeypatch.setattr(services, "jobs_heartbeat", lambda: beats.append(1))
    bulk_awards(10, starts_on=date(2026, 10, 1), expertise=expertise, prefix="invited")
    assert services.summit_invitations_send(summit=summit, today=TODAY) == 10
    assert len(beats) == 2  # between the three chunks (4, 4, 2)
    keys = list(Notice.objects.filter(key__startswith="directory:summit-invite:").values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 10
    assert services.summit_invitations_send(summit=summit, today=TODAY) == 0  # each once
