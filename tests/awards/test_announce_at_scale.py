"""An announcement of tens of thousands of awards: the public directory follows
its chunks after their commits, but is counted again at most every
``DIRECTORY_REFRESH`` (each refresh counts every current MVP), and always once
when the announcement ends or is handed back."""

from datetime import timedelta

import pytest

from awards import services
from awards.signals import awards_changed
from tests.awards.test_resume import CYCLE_DATE, assert_announced_exactly_once, cycle  # noqa: F401 (fixture)


@pytest.fixture
def refreshes():
    seen = []

    def receiver(sender, *, today, **kwargs):
        seen.append(today)

    awards_changed.connect(receiver, dispatch_uid="test-announce-refreshes")
    yield seen
    awards_changed.disconnect(dispatch_uid="test-announce-refreshes")


def test_the_directory_is_refreshed_once_at_the_end_of_a_quick_announcement(cycle, refreshes):  # noqa: F811
    assert services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE) == 10  # four chunks
    assert len(refreshes) == 1
    assert_announced_exactly_once(cycle)


def test_a_long_announcement_refreshes_the_directory_between_chunks(cycle, refreshes, monkeypatch):  # noqa: F811
    monkeypatch.setattr(services, "DIRECTORY_REFRESH", timedelta(0))  # every chunk takes "long enough"
    assert services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE) == 10
    assert len(refreshes) == 4  # after each of the four chunks; nothing left for the end
    assert_announced_exactly_once(cycle)


def test_an_announcement_handed_back_refreshes_the_directory_first(cycle, refreshes, monkeypatch):  # noqa: F811
    monkeypatch.setattr(services, "worker_stopping", lambda: True)
    monkeypatch.setattr("awards.tasks.announce_cycle.delay", lambda cycle_id: None)
    assert services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE) == 3  # one chunk, then handed back
    assert len(refreshes) == 1


@pytest.mark.parametrize("case", [(10, 24), (5, 36)], ids=["one chunk", "two chunks"])
def test_an_announcement_reads_nothing_per_decision(cycle, monkeypatch, django_assert_num_queries, case):  # noqa: F811
    """Ten decisions in one chunk or in two: the queries grow with the chunks, never with the
    decisions (a field the chunk's query leaves out, ANNOUNCE_READS, would be read for each)."""
    chunk, queries = case
    monkeypatch.setattr(services, "ANNOUNCE_CHUNK", chunk)
    with django_assert_num_queries(queries):
        assert services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE) == 10
    assert_announced_exactly_once(cycle)
