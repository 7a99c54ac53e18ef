"""A Sessionize speaker profile's JSON, read by the real fetching code from a recorded response."""

from datetime import date, timedelta

import pytest

from nominations.models import SourceConnection, Suggestion
from tests.factories import SourceConnectionFactory
from tests.support.sources import NOW, sync

pytestmark = pytest.mark.django_db

ENDPOINT = "/sessionize/api/speaker/json/n1c0xyz42"
LAST_MODIFIED = "Wed, 25 Nov 2026 18:00:00 GMT"


@pytest.fixture
def profile(replay_server, nominee, activity_types):
    replay_server.add(
        ENDPOINT, fixture="sessionize-speaker.json", content_type="application/json", last_modified=LAST_MODIFIED
    )
    return SourceConnectionFactory(owner=nominee, kind=SourceConnection.Kind.SESSIONIZE, identifier="n1c0xyz42")


def test_first_sync_suggests_each_event_spoken_at(profile):
    assert sync(profile).created == 4  # Virtualisation Days 2025 is older than the period
    by_title = {s.title: s for s in Suggestion.objects.all()}
    assert set(by_title) == {
        "Speaking at Virtualisation Days 2027",
        "Speaking at Dublin Cloud Meetup — November",
        "Speaking at Virtualisation Days 2026",
        "Speaking at Community Day Online 2026",
    }
    days_2026 = by_title["Speaking at Virtualisation Days 2026"]
    assert days_2026.activity_type.slug == "speaking"
    assert (days_2026.occurred_on, days_2026.ended_on) == (date(2026, 2, 19), date(2026, 2, 20))
    assert days_2026.description == "Dublin, Ireland"
    # Two events share the conference's website: the same URL, told apart by the date.
    days_2027 = by_title["Speaking at Virtualisation Days 2027"]
    assert days_2026.canonical_url == days_2027.canonical_url == "https://virtdays.example.org"
    assert days_2026.key == "https://virtdays.example.org @ 2026-02-19"
    assert days_2027.occurred_on > date(2026, 11, 28)  # upcoming: listed, accepted once it has happened
    online = by_title["Speaking at Community Day Online 2026"]
    assert online.url == "https://sessionize.com/nico-nominee"  # no website: the speaker's profile
    profile.refresh_from_db()
    assert str(profile.display_name) == "Sessionize (Nico Nominee)"


def test_a_resync_with_nothing_new_sends_one_conditional_request(profile, replay_server):
    sync(profile)
    replay_server.requests.clear()
    assert sync(profile, now=NOW + timedelta(days=1)).status == "unchanged"
    (request,) = replay_server.requests
    assert (request.path, request.headers["if-modified-since"], request.status) == (ENDPOINT, LAST_MODIFIED, 304)
    assert "if-none-match" not in request.headers
    assert Suggestion.objects.count() == 4


def test_an_answer_that_is_not_json_backs_off_with_a_message(profile, replay_server):
    replay_server.add(ENDPOINT, body="<html>Sessionize is down for maintenance</html>", content_type="text/html")
    sync(profile)
    profile.refresh_from_db()
    assert profile.last_error == "Sessionize answered, but what it sent is not JSON"
    assert (profile.failures, profile.next_sync_at) == (1, NOW + timedelta(hours=1))


def test_an_unknown_endpoint_says_so(profile, replay_server):
    replay_server.add(ENDPOINT, status=404, body="")
    sync(profile)
    profile.refresh_from_db()
    assert profile.last_error == "Sessionize answered 404 Not Found"


def test_a_redirect_to_a_private_address_is_refused(profile, replay_server):
    replay_server.redirect(ENDPOINT, "http://169.254.169.254/latest/meta-data/")
    sync(profile)
    profile.refresh_from_db()
    assert "169.254.169.254" in profile.last_error
    assert not Suggestion.objects.exists()
