"""Activities through /api/v1/: the web form's rules, 409s, field errors, idempotency, bad input."""

import json
from datetime import date

import pytest

from api.models import IdempotencyRecord
from nominations.models import Activity, DossierLogEntry
from tests.api.conftest import activity_body, bearer
from tests.factories import ActivityFactory, DossierFactory

LIST = "/api/v1/activities/"


def detail(pk) -> str:
    return f"/api/v1/activities/{pk}/"


@pytest.fixture
def writer(nominee, make_token) -> dict:
    return bearer(make_token(nominee, "write"))


@pytest.fixture
def reader(nominee, make_token) -> dict:
    return bearer(make_token(nominee, "read"))


# Reading -------------------------------------------------------------------------
def test_list_shows_only_my_activities_newest_first(api, reader, draft, submitted, outsider):
    ActivityFactory(dossier=DossierFactory(owner=outsider), title="Someone else's")
    body = api.get(LIST, **reader).json()
    titles = [row["title"] for row in body["results"]]
    assert body["count"] == 2
    assert titles == ["Locked talk", "Talk at the Dublin user group"]  # 2026-06-15, then 2026-05-12
    assert "Someone else's" not in titles
    first = next(row for row in body["results"] if row["title"] == "Talk at the Dublin user group")
    assert first["dossier"] == draft.pk
    assert first["counted"] is True and first["not_counted_reasons"] == []
    assert first["is_paid"] is False


def test_list_filters(api, reader, draft, submitted, speaking, blog):
    ActivityFactory(
        dossier=draft, activity_type=blog, title="Private post", started_on=date(2026, 2, 1), visibility="private"
    )
    ActivityFactory(dossier=draft, activity_type=blog, title="Autumn post", started_on=date(2026, 10, 2))

    def titles(**params):
        response = api.get(LIST, params, **reader)
        assert response.status_code == 200, response.json()
        return sorted(row["title"] for row in response.json()["results"])

    assert titles(dossier=submitted.pk) == ["Locked talk"]
    assert titles(dossier=draft.pk, activity_type=blog.pk) == ["Autumn post", "Private post"]
    assert titles(dossier=draft.pk, date_from="2026-05-12", date_to="2026-10-01") == ["Talk at the Dublin user group"]
    assert titles(visibility="private") == ["Private post"]
    assert titles(unknown="ignored", dossier=draft.pk, activity_type=speaking.pk) == ["Talk at the Dublin user group"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"dossier": "abc"}, "dossier"),
        ({"dossier": "1.5"}, "dossier"),
        ({"dossier": "9" * 300}, "dossier"),
        ({"activity_type": "-3"}, "activity_type"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_to": "2026-02-30"}, "date_to"),
        ({"visibility": "friends"}, "visibility"),
    ],
)
def test_bad_filters_answer_400_by_field(api, reader, draft, params, field):
    response = api.get(LIST, params, **reader)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]


def test_pages(api, reader, draft):
    for index in range(6):
        ActivityFactory(dossier=draft, title=f"Post {index}")
    page = api.get(LIST, {"page_size": 3, "page": 2}, **reader).json()
    assert page["count"] == 7 and len(page["results"]) == 3
    assert page["next"] and page["previous"]
    assert len(api.get(LIST, {"page_size": 10**12}, **reader).json()["results"]) == 7


@pytest.mark.parametrize("page", ["0", "-1", "", "abc", "1e9", "1.0", "²", "9" * 5000, ["1", "2"]])
def test_absurd_page_numbers_are_400_not_500(api, reader, draft, page):
    response = api.get(LIST, {"page": page}, **reader)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page"]


@pytest.mark.parametrize("page", ["2", "9" * 18])
def test_pages_past_the_end_are_404(api, reader, draft, page):
    response = api.get(LIST, {"page": page}, **reader)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("size", ["0", "", "x", ["5", "6"]])
def test_bad_page_sizes_are_400(api, reader, draft, size):
    response = api.get(LIST, {"page_size": size}, **reader)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page_size"]


def test_retrieve_mine_only(api, reader, draft, outsider):
    mine = draft.activities.get()
    theirs = ActivityFactory(dossier=DossierFactory(owner=outsider))
    assert api.get(detail(mine.pk), **reader).json()["title"] == mine.title
    assert api.get(detail(theirs.pk), **reader).status_code == 404


@pytest.mark.parametrize("pk", ["0", "9" * 19, "9" * 300])
def test_huge_ids_in_urls_are_404(api, reader, writer, draft, pk):
    assert api.get(detail(pk), **reader).status_code == 404
    assert api.delete(detail(pk), **writer).status_code == 404
    assert api.get(f"/api/v1/dossiers/{pk}/", **reader).status_code == 404


def test_unknown_paths_are_json_404(api, reader):
    for path in ["/api/v1/nothing/", "/api/v1/activities/abc/", "/api/v1/activities/%C2%B2/"]:
        response = api.get(path, **reader)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


# Creating ------------------------------------------------------------------------------
def test_create_goes_through_the_service(api, writer, nominee, draft, speaking):
    response = api.post(LIST, activity_body(draft, speaking), format="json", **writer)
    assert response.status_code == 201, response.json()
    body = response.json()
    activity = Activity.objects.get(pk=body["id"])
    assert response["Location"] == detail(activity.pk)
    assert (activity.dossier, activity.title, activity.reach) == (draft, "Keynote at Cloud Summit Cork", 400)
    assert activity.second_quantity is None  # speaking has no second metric: the service clears it
    log = DossierLogEntry.objects.filter(dossier=draft, action="activity-added").get()
    assert log.actor == nominee


def test_create_outside_the_period_is_saved_and_says_so(api, writer, draft, speaking):
    body = api.post(LIST, activity_body(draft, speaking, started_on="2025-01-10"), format="json", **writer).json()
    assert body["counted"] is False
    assert "Outside the period" in body["not_counted_reasons"][0]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"title": ""}, "title", "blank"),
        ({"started_on": "2027-01-05"}, "started_on", "future"),
        ({"started_on": "14/03/2026"}, "started_on", "format"),
        ({"ended_on": "2026-09-01"}, "ended_on", "before the start"),
        ({"is_paid": True}, "is_paid", "Paid work"),
        ({"quantity": 0}, "quantity", "greater than or equal to 1"),
        ({"quantity": 2**40}, "quantity", "less than or equal to"),
        ({"quantity": "many"}, "quantity", "valid integer"),
        ({"reach": 1.5}, "reach", "valid integer"),
        ({"url": "not a url"}, "url", "valid URL"),
        ({"visibility": "friends"}, "visibility", "not a valid choice"),
        ({"activity_type": 10**30}, "activity_type", "does not exist"),
        ({"activity_type": "speaking"}, "activity_type", "Incorrect type"),
        ({"expertise": 10**30}, "expertise", "does not exist"),
        ({"title": ["a list"]}, "title", "Not a valid string"),
        ({"title": "nul \x00 talk"}, "title", "Null characters"),
        ({"title": "\ud800 talk"}, "title", "Surrogate characters"),
    ],
)
def test_field_errors(api, writer, draft, speaking, overrides, field, words):
    body = json.dumps(activity_body(draft, speaking, **overrides))  # ASCII with escapes, lone surrogates too
    response = api.generic("POST", LIST, body, content_type="application/json", **writer)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors, errors
    assert any(words in message for message in errors[field]), errors
    assert draft.activities.count() == 1


def test_url_required_by_the_type(api, writer, draft, blog):
    body = activity_body(draft, blog, url="")
    response = api.post(LIST, body, format="json", **writer)
    assert response.status_code == 400
    assert "A public URL is required" in response.json()["errors"]["url"][0]


def test_someone_elses_dossier_is_not_found_in_the_body(api, writer, outsider, speaking):
    theirs = DossierFactory(owner=outsider)
    response = api.post(LIST, activity_body(theirs, speaking), format="json", **writer)
    assert response.status_code == 400
    assert "does not exist" in response.json()["errors"]["dossier"][0]
    assert not theirs.activities.exists()


def test_locked_dossier_answers_409(api, writer, submitted, speaking):
    response = api.post(LIST, activity_body(submitted, speaking), format="json", **writer)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "dossier_locked"
    assert "submitted and locked" in body["detail"]
    assert submitted.activities.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"url": "https://events.example.org/dublin-may/", "title": "Another title"},  # same URL (normalised)
        {"url": "", "title": "  talk at the DUBLIN user group ", "started_on": "2026-05-12"},  # same title and date
    ],
)
def test_duplicate_answers_409_with_the_existing_id(api, writer, draft, speaking, overrides):
    existing = draft.activities.get()
    response = api.post(LIST, activity_body(draft, speaking, **overrides), format="json", **writer)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate_activity"
    assert body["existing_id"] == existing.pk
    assert draft.activities.count() == 1


def test_read_token_cannot_write(api, reader, draft, speaking):
    activity = draft.activities.get()
    attempts = [
        api.post(LIST, activity_body(draft, speaking), format="json", **reader),
        api.put(detail(activity.pk), activity_body(draft, speaking), format="json", **reader),
        api.patch(detail(activity.pk), {"title": "x"}, format="json", **reader),
        api.delete(detail(activity.pk), **reader),
    ]
    for response in attempts:
        assert response.status_code == 403
        assert response.json()["code"] == "token_read_only"
        assert "may only read" in response.json()["detail"]
    assert draft.activities.get().title == activity.title


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("title=x&quantity=1", "application/x-www-form-urlencoded", 415),
        ("<activity/>", "application/xml", 415),
        ("{not json", "application/json", 400),
        ("[1, 2, 3]", "application/json", 400),
        ('"just a string"', "application/json", 400),
        ("null", "application/json", 400),
        ("", "application/json", 400),
        ('{"title": "\\ud800"}', "application/json", 400),
    ],
)
def test_bodies_that_are_not_an_activity(api, writer, draft, body, content_type, status):
    response = api.generic("POST", LIST, body, content_type=content_type, **writer)
    assert response.status_code == status
    assert response.json()["code"] in {"invalid", "parse_error", "unsupported_media_type"}
    assert draft.activities.count() == 1


# Idempotency ------------------------------------------------------------------------------
def test_same_key_same_body_returns_the_first_answer(api, writer, draft, speaking):
    body = activity_body(draft, speaking)
    first = api.post(LIST, body, format="json", HTTP_IDEMPOTENCY_KEY="key-1", **writer)
    again = api.post(
        LIST, json.dumps(body, indent=4), content_type="application/json", HTTP_IDEMPOTENCY_KEY="key-1", **writer
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert draft.activities.count() == 2
    assert IdempotencyRecord.objects.count() == 1


def test_same_key_other_body_is_422(api, writer, draft, speaking):
    api.post(LIST, activity_body(draft, speaking), format="json", HTTP_IDEMPOTENCY_KEY="key-2", **writer)
    other = api.post(
        LIST, activity_body(draft, speaking, title="Other"), format="json", HTTP_IDEMPOTENCY_KEY="key-2", **writer
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert draft.activities.count() == 2


def test_keys_are_per_token_and_last_a_day(api, writer, nominee, make_token, draft, speaking, clock):
    from django.utils import timezone

    other_writer = bearer(make_token(nominee, "write"))
    first = api.post(LIST, activity_body(draft, speaking), format="json", HTTP_IDEMPOTENCY_KEY="k", **writer)
    assert first.status_code == 201
    # Another token with the same key is another request: here it is a duplicate of the first activity.
    second = api.post(LIST, activity_body(draft, speaking), format="json", HTTP_IDEMPOTENCY_KEY="k", **other_writer)
    assert second.status_code == 409 and second.json()["existing_id"] == first.json()["id"]
    clock.move_to(timezone.now() + IdempotencyRecord.KEEP_FOR + timezone.timedelta(minutes=1))
    later = api.post(
        LIST, activity_body(draft, speaking, title="Later"), format="json", HTTP_IDEMPOTENCY_KEY="k", **writer
    )
    assert later.status_code == 409  # a fresh request after 24 hours: the URL duplicates the first activity
    assert "Idempotent-Replayed" not in later


def test_a_failed_request_is_not_kept(api, writer, draft, speaking):
    bad = api.post(LIST, activity_body(draft, speaking, title=""), format="json", HTTP_IDEMPOTENCY_KEY="k3", **writer)
    assert bad.status_code == 400
    fixed = api.post(LIST, activity_body(draft, speaking), format="json", HTTP_IDEMPOTENCY_KEY="k3", **writer)
    assert fixed.status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 256, "with space", "tab\tkey"])
def test_bad_idempotency_keys_are_400(api, writer, draft, speaking, key):
    response = api.post(LIST, activity_body(draft, speaking), format="json", HTTP_IDEMPOTENCY_KEY=key, **writer)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert draft.activities.count() == 1


# Changing and deleting ----------------------------------------------------------------------------
def test_put_replaces_through_the_service(api, writer, nominee, draft, blog):
    activity = draft.activities.get()
    body = activity_body(draft, blog, title="Now a blog post", second_quantity=120)
    response = api.put(detail(activity.pk), body, format="json", **writer)
    assert response.status_code == 200, response.json()
    activity.refresh_from_db()
    assert (activity.activity_type, activity.title, activity.second_quantity) == (blog, "Now a blog post", 120)
    assert DossierLogEntry.objects.filter(dossier=draft, action="activity-changed", actor=nominee).exists()


def test_put_needs_every_required_field(api, writer, draft):
    activity = draft.activities.get()
    response = api.put(detail(activity.pk), {"title": "Only this"}, format="json", **writer)
    assert response.status_code == 400
    assert {"activity_type", "started_on"} <= set(response.json()["errors"])


def test_patch_changes_only_what_is_sent(api, writer, draft):
    activity = draft.activities.get()
    response = api.patch(detail(activity.pk), {"reach": 95}, format="json", **writer)
    assert response.status_code == 200
    activity.refresh_from_db()
    assert (activity.title, activity.reach, activity.url) == (
        "Talk at the Dublin user group",
        95,
        "https://events.example.org/dublin-may",
    )


def test_patch_applies_the_rules_to_the_whole_activity(api, writer, draft):
    activity = draft.activities.get()
    response = api.patch(detail(activity.pk), {"ended_on": "2026-05-01"}, format="json", **writer)
    assert response.status_code == 400
    assert "before the start date" in response.json()["errors"]["ended_on"][0]


def test_an_activity_never_moves_to_another_dossier(api, writer, nominee, draft, expertise):
    other = DossierFactory(owner=nominee, expertise=expertise, award_date=date(2027, 4, 1), kind="renewal")
    activity = draft.activities.get()
    response = api.patch(detail(activity.pk), {"dossier": other.pk, "reach": 1}, format="json", **writer)
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.dossier == draft and activity.reach == 1


def test_changes_to_a_locked_dossier_answer_409(api, writer, submitted):
    activity = submitted.activities.get()
    assert api.patch(detail(activity.pk), {"title": "x"}, format="json", **writer).status_code == 409
    response = api.delete(detail(activity.pk), **writer)
    assert response.status_code == 409 and response.json()["code"] == "dossier_locked"
    assert submitted.activities.get().title == "Locked talk"


def test_delete(api, writer, nominee, draft):
    activity = draft.activities.get()
    assert api.delete(detail(activity.pk), **writer).status_code == 204
    assert not draft.activities.exists()
    assert DossierLogEntry.objects.filter(dossier=draft, action="activity-deleted", actor=nominee).exists()
    assert api.get(detail(activity.pk), **writer).status_code == 404


def test_someone_elses_activity_cannot_be_changed(api, writer, outsider):
    theirs = ActivityFactory(dossier=DossierFactory(owner=outsider), title="Theirs")
    assert api.patch(detail(theirs.pk), {"title": "Mine now"}, format="json", **writer).status_code == 404
    assert api.delete(detail(theirs.pk), **writer).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"


def test_unsupported_methods_are_405(api, writer, draft):
    assert api.put(LIST, {}, format="json", **writer).status_code == 405
    assert api.post(detail(draft.activities.get().pk), {}, format="json", **writer).status_code == 405
