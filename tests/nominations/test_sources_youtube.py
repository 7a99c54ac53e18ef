"""A YouTube channel's public feed, read by the real fetching code from a recorded response."""

from datetime import date, timedelta

import pytest

from nominations.models import SourceConnection, Suggestion
from tests.factories import SourceConnectionFactory
from tests.support.sources import NOW, sync

pytestmark = pytest.mark.django_db

CHANNEL = "UCq3Ci-h945sbEYXpVlw7rJg"
FEED = f"/feeds/videos.xml?channel_id={CHANNEL}"
ETAG = '"yt-feed-2026-11-26"'


@pytest.fixture
def channel(replay_server, nominee, activity_types):
    replay_server.add(FEED, fixture="youtube-channel.xml", content_type="text/xml; charset=UTF-8", etag=ETAG)
    return SourceConnectionFactory(owner=nominee, kind=SourceConnection.Kind.YOUTUBE, identifier=CHANNEL)


def test_first_sync_suggests_each_video_with_its_views(channel, replay_server):
    assert sync(channel).created == 2  # the 2023 trailer is older than the period
    assert [r.path for r in replay_server.requests] == [FEED]
    live = Suggestion.objects.get(title="Live: building a home lab with nested virtualisation")
    assert live.url == "https://www.youtube.com/watch?v=Xc4hQk1Yp8s"
    assert live.canonical_url == "https://youtube.com/watch?v=Xc4hQk1Yp8s"
    assert live.activity_type.slug == "video"
    assert live.reach == 4567  # views → the video type's reach ("Views")
    assert live.metrics == {"views": 4567, "likes": 212}
    assert live.occurred_on == date(2026, 11, 20)
    assert live.description == "Two hours, one small host, three nested hypervisors. Chapters in the comments."
    short = Suggestion.objects.get(title="Snapshots are not backups (short)")
    assert short.url == "https://www.youtube.com/shorts/bT7m2LwQe0A" and short.reach == 12034
    channel.refresh_from_db()
    assert channel.title == "Nico Nominee Talks VMs"
    assert str(channel.display_name) == "YouTube channel “Nico Nominee Talks VMs”"


def test_a_resync_with_nothing_new_sends_one_conditional_request(channel, replay_server):
    sync(channel)
    replay_server.requests.clear()
    assert sync(channel, now=NOW + timedelta(days=1)).status == "unchanged"
    (request,) = replay_server.requests
    assert (request.path, request.headers["if-none-match"], request.status) == (FEED, ETAG, 304)
    assert Suggestion.objects.count() == 2


def test_new_view_counts_refresh_a_pending_suggestion_without_duplicating_it(channel, replay_server):
    sync(channel)
    body = replay_server.routes[FEED].body.replace(b'views="4567"', b'views="5120"')
    replay_server.add(FEED, body=body, content_type="text/xml", etag='"yt-feed-2026-11-29"')
    later = NOW + timedelta(days=1)
    assert sync(channel, now=later).created == 0
    live = Suggestion.objects.get(title__startswith="Live:")
    assert (live.reach, live.metrics["views"], live.fetched_at) == (5120, 5120, later)
    assert Suggestion.objects.count() == 2


def test_a_channel_feed_that_errors_backs_off(channel, replay_server):
    replay_server.add(FEED, status=500, body="oops")
    sync(channel)
    channel.refresh_from_db()
    assert channel.last_error == "YouTube answered 500 Internal Server Error"
    assert (channel.failures, channel.next_sync_at) == (1, NOW + timedelta(hours=1))


def test_a_redirect_to_a_private_address_is_refused(channel, replay_server):
    replay_server.redirect(FEED, "http://[fd00::5]/feeds/videos.xml")
    sync(channel)
    channel.refresh_from_db()
    assert "fd00::5" in channel.last_error and "never fetch" in channel.last_error
    assert not Suggestion.objects.exists()
