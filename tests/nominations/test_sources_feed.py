"""A blog's RSS or Atom feed, read by the real fetching code from recorded responses."""

from datetime import date, timedelta

import pytest

from mvp_portal.program_calendar import program_time_zone
from nominations.models import SourceConnection, Suggestion
from nominations.sources.selectors import connection_status
from nominations.sources.services import backoff_delay
from tests.factories import ActivityFactory, DossierFactory, SourceConnectionFactory
from tests.support.sources import NOW, sync

pytestmark = pytest.mark.django_db

FEED = "/nico/feed/"
ETAG = 'W/"rss-412"'
LAST_MODIFIED = "Tue, 24 Nov 2026 08:12:40 GMT"


@pytest.fixture
def feed(replay_server, nominee, activity_types):
    replay_server.add(
        FEED,
        fixture="blog-rss.xml",
        content_type="application/rss+xml; charset=UTF-8",
        etag=ETAG,
        last_modified=LAST_MODIFIED,
    )
    return SourceConnectionFactory(owner=nominee, identifier=replay_server.url(FEED))


def test_first_sync_suggests_each_post_of_the_period(feed, replay_server):
    outcome = sync(feed)
    assert (outcome.status, outcome.created) == ("synced", 3)
    suggestions = {s.title: s for s in Suggestion.objects.filter(owner=feed.owner)}
    assert set(suggestions) == {
        "Nested virtualisation on small hosts, step by step",
        "Five checks before you resize a VM disk",
        "Snapshots are not backups: a field guide",
    }  # the 2024 post is older than the period
    nested = suggestions["Nested virtualisation on small hosts, step by step"]
    assert nested.canonical_url == "https://nico.blog.example/2026/11/nested-virtualisation-small-hosts"
    assert nested.key == nested.canonical_url
    assert nested.occurred_on == date(2026, 11, 24)
    assert nested.activity_type.slug == "blog-post"
    assert nested.metrics == {"comments": 7}
    assert nested.description.startswith("Running a hypervisor inside a virtual machine sounds like a trick.")
    assert "<" not in nested.description
    assert nested.state == Suggestion.State.PENDING and nested.fetched_at == NOW
    assert nested.source_name == "the feed “Nico writes about virtual machines”"
    assert suggestions["Snapshots are not backups: a field guide"].canonical_url == (
        "https://nico.blog.example/2026/03/snapshots-are-not-backups"
    )

    feed.refresh_from_db()
    assert feed.title == "Nico writes about virtual machines"
    assert (feed.last_synced_at, feed.next_sync_at) == (NOW, NOW + timedelta(days=1))
    assert (feed.items_found, feed.new_suggestions, feed.failures, feed.syncing_since) == (3, 3, 0, None)
    assert feed.validators == {feed.identifier: {"etag": ETAG, "last_modified": LAST_MODIFIED}}
    (request,) = replay_server.requests
    assert request.headers["user-agent"].startswith("MVP-Portal-Sources/")
    assert "if-none-match" not in request.headers


def test_a_resync_with_nothing_new_sends_one_conditional_request(feed, replay_server):
    sync(feed)
    replay_server.requests.clear()
    feed.refresh_from_db()
    outcome = sync(feed, now=NOW + timedelta(days=1))
    assert (outcome.status, outcome.created) == ("unchanged", 0)
    (request,) = replay_server.requests
    assert request.headers["if-none-match"] == ETAG
    assert request.headers["if-modified-since"] == LAST_MODIFIED
    assert request.status == 304
    assert Suggestion.objects.filter(owner=feed.owner).count() == 3
    feed.refresh_from_db()
    assert feed.last_synced_at == NOW + timedelta(days=1) and feed.items_found == 3


def test_a_changed_feed_adds_only_what_is_new(feed, replay_server):
    sync(feed)
    body = replay_server.routes[FEED].body.replace(
        b"<item>",
        b"<item><title>A brand new post</title><link>https://nico.blog.example/2026/11/new/</link>"
        b"<pubDate>Thu, 26 Nov 2026 09:00:00 +0000</pubDate></item><item>",
        1,
    )
    replay_server.add(FEED, body=body, content_type="application/rss+xml", etag='W/"rss-413"')
    outcome = sync(feed, now=NOW + timedelta(days=1))
    assert (outcome.status, outcome.created) == ("synced", 1)
    assert Suggestion.objects.filter(owner=feed.owner).count() == 4


def test_an_atom_feed(replay_server, nominee, activity_types):
    replay_server.add("/atom.xml", fixture="blog-atom.xml", content_type="application/atom+xml")
    connection = SourceConnectionFactory(owner=nominee, identifier=replay_server.url("/atom.xml"))
    assert sync(connection).created == 2
    perf = Suggestion.objects.get(canonical_url="https://ada.example.dev/posts/reading-perf-output")
    assert perf.title == "Reading perf output without fear"
    assert perf.occurred_on == date(2026, 10, 2)  # 07:45 at +02:00 is 05:45 UTC
    meetup = Suggestion.objects.get(canonical_url="https://ada.example.dev/posts/a-year-of-the-meetup")
    assert meetup.occurred_on == date(2026, 6, 30)  # no <published>: the updated date


def test_a_post_already_entered_by_hand_is_not_suggested(feed, replay_server, nominee):
    dossier = DossierFactory(owner=nominee)
    # Typed by hand: http, www, a trailing slash and a tracking parameter; the same page all the same.
    ActivityFactory(
        dossier=dossier, url="http://www.nico.blog.example/2026/09/five-checks-resize-vm-disk/?utm_source=x"
    )
    assert sync(feed).created == 2
    assert not Suggestion.objects.filter(title__startswith="Five checks").exists()


def test_a_feed_that_fails_backs_off_and_says_why_in_words(feed, replay_server):
    replay_server.add(FEED, status=404, body="Not here")
    outcome = sync(feed)
    assert outcome.status == "failed"
    feed.refresh_from_db()
    assert feed.failures == 1
    assert feed.last_error == "The feed answered 404 Not Found"
    assert feed.next_sync_at == NOW + timedelta(hours=1)
    assert feed.syncing_since is None and feed.last_synced_at is None
    status = connection_status(feed, program_time_zone(), now=NOW)
    assert status.error == "The feed answered 404 Not Found on 28 Nov 2026 at 10:04; we will try again at 11:04."

    # Each failure in a row doubles the wait, up to a day.
    moment = feed.next_sync_at
    for failures, wait in [(2, 2), (3, 4), (4, 8), (5, 16), (6, 24), (7, 24)]:
        sync(feed, now=moment)
        feed.refresh_from_db()
        assert feed.failures == failures
        assert feed.next_sync_at - moment == timedelta(hours=wait)
        moment = feed.next_sync_at
    assert [backoff_delay(n) for n in (1, 2, 3)] == [timedelta(hours=h) for h in (1, 2, 4)]

    # It works again: the errors are forgotten and the daily rhythm is back.
    replay_server.add(FEED, fixture="blog-rss.xml", content_type="application/rss+xml")
    assert sync(feed, now=moment).status == "synced"
    feed.refresh_from_db()
    assert (feed.failures, feed.last_error, feed.next_sync_at) == (0, "", moment + timedelta(days=1))


def test_a_page_that_is_not_a_feed_is_named_for_what_it_is(feed, replay_server):
    replay_server.add(FEED, body="<!doctype html><html><body><p>My blog</p></body></html>", content_type="text/html")
    sync(feed)
    feed.refresh_from_db()
    assert feed.last_error == "The feed answered, but what it sent is not an RSS or Atom feed"


def test_a_redirect_to_a_private_address_is_refused(feed, replay_server):
    replay_server.redirect(FEED, "http://10.0.0.7/internal/feed.xml", status=301)
    assert sync(feed).status == "failed"
    feed.refresh_from_db()
    assert feed.last_error == (
        "The feed points to 10.0.0.7, a private or reserved network address, which we never fetch"
    )
    assert not Suggestion.objects.exists()
    assert [r.path for r in replay_server.requests] == [FEED]


def test_two_syncs_of_one_connection_never_run_at_once(feed, replay_server):
    SourceConnection.objects.filter(pk=feed.pk).update(syncing_since=NOW - timedelta(minutes=1))
    assert sync(feed).status == "busy"
    assert replay_server.requests == []
    # A claim left by a worker that died is taken over after ten minutes.
    assert sync(feed, now=NOW + timedelta(minutes=11)).status == "synced"
