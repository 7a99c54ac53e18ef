"""Fixtures of the nominations tests."""

import pytest


@pytest.fixture(autouse=True)
def _sources_offline(settings):
    """No test reaches the internet: the sources fetch from loopback only."""
    settings.SOURCES_ONLY_LOOPBACK = True


@pytest.fixture
def replay_server(settings):
    """A local HTTP server replaying recorded responses (tests/support/replay.py);
    the sources' service addresses point at it."""
    from tests.support.replay import ReplayServer

    server = ReplayServer().start()
    settings.SOURCES_ALLOW_LOOPBACK = True
    settings.SOURCES_YOUTUBE_FEED_URL = server.url("/feeds/videos.xml")
    settings.SOURCES_GITHUB_API_URL = server.url("/github")
    settings.SOURCES_SESSIONIZE_URL = server.url("/sessionize")
    yield server
    server.stop()


@pytest.fixture
def activity_types(db):
    """The activity types of the data migration, again: ``transactional_db``
    tests flush every table, migrated data included."""
    from nominations.models import ActivityType
    from tests.support.reference_data import restore_activity_types

    restore_activity_types()
    return list(ActivityType.objects.all())
