"""Suggestions: accepted through the activity rules with their provenance, or dismissed for good;
and the sources pages the nominee uses (connect, status, sync now, disconnect)."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nominations.models import Activity, ActivityProvenance, ActivityType, Dossier, SourceConnection, Suggestion
from nominations.sources import services
from nominations.sources.selectors import pending_suggestions
from tests.factories import ActivityFactory, DossierFactory, SourceConnectionFactory, SuggestionFactory
from tests.support.sources import NOW, sync

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(nominee, expertise, activity_types):
    return DossierFactory(owner=nominee, expertise=expertise)


@pytest.fixture
def channel(nominee):
    return SourceConnectionFactory(
        owner=nominee, kind=SourceConnection.Kind.YOUTUBE, identifier="UCq3Ci-h945sbEYXpVlw7rJg", title="Nico Talks"
    )


@pytest.fixture
def video(dossier, channel):
    return SuggestionFactory(
        connection=channel,
        url="https://www.youtube.com/watch?v=Xc4hQk1Yp8s",
        title="Live: building a home lab",
        occurred_on=date(2026, 11, 20),
        activity_type=ActivityType.objects.get(slug="video"),
        reach=4567,
        metrics={"views": 4567, "likes": 212},
        description="Two hours, one small host.",
    )


def accept_data(suggestion, **changes):
    data = {
        "dossier": suggestion.owner.dossiers.get().pk,
        "activity_type": suggestion.activity_type_id,
        "title": suggestion.title,
        "started_on": suggestion.occurred_on.isoformat(),
        "url": suggestion.url,
        "quantity": "1",
        "reach": str(suggestion.reach or ""),
        "description": suggestion.description,
        "visibility": "public",
        "is_paid": "no",
    }
    data.update(changes)
    return data


# Accepting ---------------------------------------------------------------------
def test_the_accept_form_is_filled_in_from_the_suggestion(client, video):
    client.force_login(video.owner)
    response = client.get(reverse("nominations:suggestion-accept", kwargs={"pk": video.pk}))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == "Live: building a home lab"
    assert form.initial["url"] == "https://www.youtube.com/watch?v=Xc4hQk1Yp8s"
    assert form.initial["started_on"] == date(2026, 11, 20)
    assert form.initial["reach"] == 4567
    assert form.initial["activity_type"] == str(video.activity_type_id)
    page = response.content.decode()
    assert "Public numbers then: 4,567 views, 212 likes." in page
    assert 'type="hidden" name="dossier"' in page  # one dossier open: nothing to choose


def test_accepting_adds_the_activity_with_its_provenance(client, video, dossier):
    client.force_login(video.owner)
    response = client.post(
        reverse("nominations:suggestion-accept", kwargs={"pk": video.pk}), accept_data(video, reach="5000")
    )
    assert response.status_code == 302
    activity = Activity.objects.get(dossier=dossier)
    assert (activity.title, activity.reach, activity.activity_type.slug) == ("Live: building a home lab", 5000, "video")
    provenance = activity.provenance
    assert provenance.source_name == "YouTube channel “Nico Talks”"
    assert provenance.canonical_url == "https://youtube.com/watch?v=Xc4hQk1Yp8s"
    assert provenance.fetched_at == NOW
    assert provenance.metrics == {"views": 4567, "likes": 212}  # as fetched, whatever was typed
    assert provenance.connection == video.connection
    video.refresh_from_db()
    assert (video.state, video.activity) == (Suggestion.State.ACCEPTED, activity)
    assert list(dossier.log_entries.values_list("action", flat=True)) == ["activity-added", "activity-from-source"]


def test_the_type_can_be_changed_when_accepting(client, video, dossier):
    client.force_login(video.owner)
    speaking = ActivityType.objects.get(slug="speaking")
    client.post(
        reverse("nominations:suggestion-accept", kwargs={"pk": video.pk}), accept_data(video, activity_type=speaking.pk)
    )
    assert Activity.objects.get(dossier=dossier).activity_type == speaking


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"is_paid": "yes"}, "__all__", "Paid work such as consulting does not count"),
        ({"started_on": "2026-12-24"}, "started_on", "The date is in the future"),
        ({"url": ""}, "url", "A public URL is required"),
    ],
)
def test_accepting_applies_every_rule_of_hand_entry(client, video, changes, field, message):
    client.force_login(video.owner)
    response = client.post(
        reverse("nominations:suggestion-accept", kwargs={"pk": video.pk}), accept_data(video, **changes)
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["form"].data["title"] == video.title  # what was typed is kept
    assert not Activity.objects.exists()
    video.refresh_from_db()
    assert video.state == Suggestion.State.PENDING


def test_a_suggestion_is_accepted_once(video, dossier):
    fields = {
        "activity_type": video.activity_type,
        "title": video.title,
        "started_on": video.occurred_on,
        "url": video.url,
        "quantity": 1,
    }
    services.suggestion_accept(
        suggestion_id=video.pk, actor=video.owner, dossier_id=dossier.pk, today=date(2026, 11, 28), now=NOW, **fields
    )
    with pytest.raises(ValidationError, match="no longer waiting"):
        services.suggestion_accept(
            suggestion_id=video.pk,
            actor=video.owner,
            dossier_id=dossier.pk,
            today=date(2026, 11, 28),
            now=NOW,
            **fields,
        )
    assert Activity.objects.count() == 1


def test_without_an_editable_dossier_a_suggestion_waits(client, video, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.SUBMITTED, submitted_at=timezone.now())
    client.force_login(video.owner)
    response = client.get(reverse("nominations:suggestion-accept", kwargs={"pk": video.pk}))
    assert response.status_code == 403
    assert "Suggestions wait here until a dossier opens" in response.content.decode()
    page = client.get(reverse("nominations:source-list")).content.decode()
    assert "You have no dossier open for changes right now." in page
    assert reverse("nominations:suggestion-accept", kwargs={"pk": video.pk}) not in page


def test_an_upcoming_event_is_listed_but_not_yet_acceptable(client, dossier, channel):
    upcoming = SuggestionFactory(
        connection=channel, title="Speaking at Virtualisation Days 2027", occurred_on=date(2027, 2, 18)
    )
    client.force_login(dossier.owner)
    page = client.get(reverse("nominations:source-list")).content.decode()
    assert "Upcoming: you can add it from 18 Feb" in page
    assert reverse("nominations:suggestion-accept", kwargs={"pk": upcoming.pk}) not in page


# Dismissing and dedupe -------------------------------------------------------------
def test_dismissing_is_permanent_even_after_a_resync(client, replay_server, nominee, dossier):
    replay_server.add("/feed/", fixture="blog-rss.xml", content_type="application/rss+xml", etag='"v1"')
    feed = SourceConnectionFactory(owner=nominee, identifier=replay_server.url("/feed/"))
    sync(feed)
    dismissed = Suggestion.objects.get(title="Five checks before you resize a VM disk")
    client.force_login(nominee)
    response = client.post(reverse("nominations:suggestion-dismiss", kwargs={"pk": dismissed.pk}))
    assert response.status_code == 302
    # The feed changes (a full answer, not a 304) and is read again: the post is not suggested again.
    replay_server.add("/feed/", fixture="blog-rss.xml", content_type="application/rss+xml", etag='"v2"')
    assert sync(feed, now=NOW + timedelta(days=1)).created == 0
    dismissed.refresh_from_db()
    assert dismissed.state == Suggestion.State.DISMISSED
    assert Suggestion.objects.filter(title=dismissed.title).count() == 1
    page = client.get(reverse("nominations:source-list")).content.decode()
    assert f'id="suggestion-{dismissed.pk}"' not in page
    assert "2 suggestions waiting" in page


def test_an_item_entered_by_hand_after_it_was_found_is_no_longer_offered(client, video, dossier):
    assert pending_suggestions(video.owner).total == 1
    ActivityFactory(dossier=dossier, url="https://youtu.be/Xc4hQk1Yp8s?si=shared-from-phone")
    assert pending_suggestions(video.owner).total == 0
    client.force_login(video.owner)
    assert "Activities found by your sources" not in client.get("/").content.decode()


def test_the_same_item_from_two_sources_is_suggested_once(replay_server, nominee, activity_types):
    replay_server.add("/one.xml", fixture="blog-rss.xml", content_type="application/rss+xml")
    replay_server.add("/two.xml", fixture="blog-rss.xml", content_type="application/rss+xml")
    first = SourceConnectionFactory(owner=nominee, identifier=replay_server.url("/one.xml"))
    second = SourceConnectionFactory(owner=nominee, identifier=replay_server.url("/two.xml"))
    assert sync(first).created == 3
    assert sync(second).created == 0
    assert Suggestion.objects.count() == 3


# The provenance fragment -------------------------------------------------------------
def test_provenance_shows_beside_entered_by_hand_for_the_nominee_and_the_reviewer(client, video, dossier, lead):
    ActivityFactory(
        dossier=dossier, title="A talk typed by hand", activity_type=ActivityType.objects.get(slug="speaking")
    )
    services.suggestion_accept(
        suggestion_id=video.pk,
        actor=video.owner,
        dossier_id=dossier.pk,
        today=date(2026, 11, 28),
        now=NOW,
        activity_type=video.activity_type,
        title=video.title,
        started_on=video.occurred_on,
        url=video.url,
        quantity=1,
        reach=4567,
    )
    expected = "from YouTube channel “Nico Talks”, metrics as of 28 Nov 2026 (4,567 views, 212 likes)"
    client.force_login(dossier.owner)
    editor = client.get(reverse("nominations:dossier-edit", kwargs={"pk": dossier.pk})).content.decode()
    assert expected in editor and "entered by hand" in editor

    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.SUBMITTED, submitted_at=timezone.now())
    client.force_login(lead)
    review = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert expected in review
    assert len(re.findall(r'data-provenance="hand"', review)) == 1


# The sources pages ------------------------------------------------------------------
def test_the_source_list_shows_each_source_with_its_status_and_last_error(client, nominee, dossier):
    broken = SourceConnectionFactory(
        owner=nominee,
        identifier="https://nico.blog.example/feed/",
        title="Nico writes",
        last_synced_at=NOW - timedelta(days=1),
        items_found=12,
        new_suggestions=3,
        failures=1,
        last_error="The feed answered 404 Not Found",
        last_error_at=NOW,
        next_sync_at=NOW + timedelta(hours=2),
    )
    client.force_login(nominee)
    page = client.get(reverse("nominations:source-list")).content.decode()
    assert f'id="source-{broken.pk}"' in page
    assert "27 Nov 2026 at 10:04 — 12 items found, 3 new suggestions" in page
    assert "The feed answered 404 Not Found on 28 Nov 2026 at 10:04; we will try again at 12:04." in page
    assert reverse("nominations:source-sync", kwargs={"pk": broken.pk}) in page


@pytest.mark.parametrize(
    ("kind", "data", "field", "message"),
    [
        ("youtube", {"channel": "https://www.youtube.com/@nicotalks"}, "channel", "@handle"),
        ("youtube", {"channel": "not a channel"}, "channel", "starting with UC"),
        ("github", {"account": "https://gitlab.com/nico"}, "account", "github.com"),
        ("github", {"account": "nico", "token": "not a token!"}, "token", "does not look like a GitHub token"),
        ("sessionize", {"endpoint": "https://sessionize.com/nico-nominee"}, "endpoint", "api/speaker/json"),
        ("feed", {"url": "ftp://nico.blog.example/feed"}, "url", "https://"),
    ],
)
def test_connect_forms_say_what_is_wrong_next_to_the_field(client, nominee, kind, data, field, message):
    client.force_login(nominee)
    response = client.post(reverse("nominations:source-connect", kwargs={"kind": kind}), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not SourceConnection.objects.exists()


@pytest.mark.parametrize(
    ("kind", "data", "identifier"),
    [
        (
            "youtube",
            {"channel": "https://www.youtube.com/channel/UCq3Ci-h945sbEYXpVlw7rJg?view_as=subscriber"},
            "UCq3Ci-h945sbEYXpVlw7rJg",
        ),
        ("youtube", {"channel": "UCq3Ci-h945sbEYXpVlw7rJg"}, "UCq3Ci-h945sbEYXpVlw7rJg"),
        ("github", {"account": "https://github.com/Nico-Nominee"}, "nico-nominee"),
        ("sessionize", {"endpoint": "https://sessionize.com/api/speaker/json/n1c0xyz42"}, "n1c0xyz42"),
        ("feed", {"url": "nico.blog.example/feed/"}, "https://nico.blog.example/feed/"),
    ],
)
def test_connect_forms_accept_the_forms_they_promise(client, nominee, kind, data, identifier):
    client.force_login(nominee)
    response = client.post(reverse("nominations:source-connect", kwargs={"kind": kind}), data)
    assert response.status_code == 302
    connection = SourceConnection.objects.get(owner=nominee)
    assert (connection.kind, connection.identifier) == (kind, identifier)


def test_connecting_a_feed_runs_its_first_sync_after_commit(
    client, replay_server, nominee, dossier, django_capture_on_commit_callbacks
):
    replay_server.add("/feed/", fixture="blog-rss.xml", content_type="application/rss+xml")
    client.force_login(nominee)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("nominations:source-connect", kwargs={"kind": "feed"}), {"url": replay_server.url("/feed/")}
        )
    # The sync waits for the commit (beside the commit's replacement of the written tables' tokens).
    waiting = [getattr(callback, "__qualname__", "") for callback in callbacks]
    assert response.status_code == 302 and any("_enqueue_sync" in name for name in waiting)
    connection = SourceConnection.objects.get(owner=nominee)
    assert connection.last_synced_at is not None and connection.title == "Nico writes about virtual machines"
    assert Suggestion.objects.filter(owner=nominee, state=Suggestion.State.PENDING).count() == 3
    page = client.get(reverse("nominations:source-list")).content.decode()
    assert "3 suggestions waiting" in page


def test_a_source_is_connected_once(client, nominee):
    client.force_login(nominee)
    url = reverse("nominations:source-connect", kwargs={"kind": "github"})
    assert client.post(url, {"account": "nico-nominee"}).status_code == 302
    response = client.post(url, {"account": "Nico-Nominee"})
    assert response.status_code == 400
    assert "already connected" in response.content.decode()


def test_a_github_token_is_stored_encrypted_and_never_echoed(client, nominee):
    token = "ghp_" + "a1B2c3D4e5" * 4
    client.force_login(nominee)
    client.post(reverse("nominations:source-connect", kwargs={"kind": "github"}), {"account": "nico", "token": token})
    connection = SourceConnection.objects.get()
    assert connection.has_token and token not in connection.token_encrypted
    response = client.post(
        reverse("nominations:source-connect", kwargs={"kind": "github"}), {"account": "nico", "token": token}
    )
    assert token not in response.content.decode()  # a refused form does not echo it either


def test_sync_now_is_allowed_once_every_ten_minutes(client, nominee):
    connection = SourceConnectionFactory(owner=nominee)
    url = reverse("nominations:source-sync", kwargs={"pk": connection.pk})
    client.force_login(nominee)
    first = client.post(url, follow=True)
    assert "Syncing" in first.content.decode()
    second = client.post(url, follow=True)
    assert "you can ask again from" in second.content.decode()
    connection.refresh_from_db()
    requested = connection.sync_requested_at
    with pytest.raises(ValidationError):
        services.source_request_sync(connection_id=connection.pk, actor=nominee, now=requested + timedelta(minutes=9))
    services.source_request_sync(
        connection_id=connection.pk, actor=nominee, now=requested + timedelta(minutes=10, seconds=1)
    )


def test_disconnecting_forgets_pending_suggestions_but_keeps_decisions(client, video, dossier, channel):
    dismissed = SuggestionFactory(connection=channel, state=Suggestion.State.DISMISSED)
    pending = SuggestionFactory(connection=channel)
    client.force_login(channel.owner)
    confirm = client.get(reverse("nominations:source-disconnect", kwargs={"pk": channel.pk}))
    assert "2 suggestions still waiting" in confirm.content.decode()
    client.post(reverse("nominations:source-disconnect", kwargs={"pk": channel.pk}))
    assert not SourceConnection.objects.exists()
    assert not Suggestion.objects.filter(pk__in=[video.pk, pending.pk]).exists()
    dismissed.refresh_from_db()
    assert dismissed.state == Suggestion.State.DISMISSED and dismissed.connection is None


def test_an_accepted_activity_keeps_its_provenance_after_a_disconnect(video, dossier, channel):
    services.suggestion_accept(
        suggestion_id=video.pk,
        actor=video.owner,
        dossier_id=dossier.pk,
        today=date(2026, 11, 28),
        now=NOW,
        activity_type=video.activity_type,
        title=video.title,
        started_on=video.occurred_on,
        url=video.url,
        quantity=1,
    )
    services.source_disconnect(connection_id=channel.pk, actor=channel.owner)
    provenance = ActivityProvenance.objects.get()
    assert provenance.connection is None and provenance.source_name == "YouTube channel “Nico Talks”"


def test_the_home_page_and_the_editor_point_to_waiting_suggestions(client, video, dossier):
    client.force_login(video.owner)
    home = client.get("/").content.decode()
    assert "Activities found by your sources" in home
    assert reverse("nominations:source-list") + "#suggestions" in home
    editor = client.get(reverse("nominations:dossier-edit", kwargs={"pk": dossier.pk})).content.decode()
    assert reverse("nominations:source-list") in editor and "1 suggestion<" in editor


def test_the_sources_pages_work_without_javascript_and_by_keyboard(client, video, dossier):
    """Every action is a link or a button in a form (no script needed); each names what it acts on."""
    client.force_login(video.owner)
    page = client.get(reverse("nominations:source-list")).content.decode()
    dismiss = reverse("nominations:suggestion-dismiss", kwargs={"pk": video.pk})
    assert f'<form method="post" action="{dismiss}"' in page
    assert (
        f'<a class="btn btn-sm btn-success" href="{reverse("nominations:suggestion-accept", kwargs={"pk": video.pk})}">'
        in page
    )
    assert f'<span class="visually-hidden"> {video.title}</span>' in page
    accept = client.get(reverse("nominations:suggestion-accept", kwargs={"pk": video.pk})).content.decode()
    assert 'name="_relabel"' in accept  # the no-JavaScript "show the fields for this type" button
    relabel = client.post(
        reverse("nominations:suggestion-accept", kwargs={"pk": video.pk}),
        accept_data(video, activity_type=ActivityType.objects.get(slug="speaking").pk, _relabel="1"),
    )
    assert relabel.status_code == 200 and "Attendees" in relabel.content.decode()
    assert not Activity.objects.exists()


# The beat task -------------------------------------------------------------------------
def test_due_connections_are_handed_out_once(nominee):
    due = SourceConnectionFactory(owner=nominee, next_sync_at=NOW - timedelta(minutes=1))
    SourceConnectionFactory(owner=nominee, next_sync_at=NOW + timedelta(hours=3))
    assert services.sources_claim_due(now=NOW) == [due.pk]
    assert services.sources_claim_due(now=NOW) == []  # leased for an hour, in case the task is lost
    assert services.sources_claim_due(now=NOW + timedelta(hours=1)) == [due.pk]


def test_the_schedule_looks_for_due_connections_every_fifteen_minutes():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="nominations.sources.tasks.sources_sync_due")
    assert (task.interval.every, task.interval.period, task.enabled) == (15, "minutes", True)
