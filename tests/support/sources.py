"""Helpers of the sources tests: the suite's moment, and one sync as the task runs it."""

from datetime import UTC, datetime

from nominations.sources.services import SyncOutcome, source_sync
from tests.conftest import TODAY

NOW = datetime(2026, 11, 28, 10, 4, tzinfo=UTC)  # on the suite's TODAY


def sync(connection, *, now: datetime = NOW, today=TODAY) -> SyncOutcome:
    """What the ``source_sync`` task does for ``connection``, at ``now``."""
    return source_sync(connection_id=connection.pk, now=now, today=today)
