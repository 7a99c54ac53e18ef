"""The review page shows a dossier's activities a few at a time: a preview of each
type, and one type's activities a page at a time by links (no script needed), in
the same number of queries at 5 and 300 activities."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.templatetags.evaluations_tags import ACTIVITY_PAGE, ACTIVITY_PREVIEW
from nominations.models import Activity
from tests.factories import ActivityTypeFactory

pytestmark = pytest.mark.django_db


def add_activities(dossier, activity_type, count: int, prefix: str) -> None:
    Activity.objects.bulk_create(
        Activity(
            dossier=dossier,
            activity_type=activity_type,
            title=f"{prefix}-{i:03d}",
            started_on=date(2026, 6, 1),
            url=f"https://example.org/{prefix}/{i}",
            quantity=1,
            reach=1,
        )
        for i in range(count)
    )


def shown(body: str, prefix: str) -> set[str]:
    return set(re.findall(rf"{prefix}-\d{{3}}", body))


@pytest.fixture
def talks(db):
    return ActivityTypeFactory(slug="r-talks", name="R talks")


@pytest.fixture
def posts(db):
    return ActivityTypeFactory(slug="r-posts", name="R posts")


def test_each_type_shows_a_preview_and_a_link_to_all(client, lead, dossier, talks, posts):
    add_activities(dossier, talks, 60, "Talk")
    add_activities(dossier, posts, 3, "Post")
    client.force_login(lead)
    body = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert len(shown(body, "Talk")) == ACTIVITY_PREVIEW
    assert len(shown(body, "Post")) == 3
    assert f'href="?activities={talks.pk}#activities-{talks.pk}"' in body
    assert "Show all 60 activities: R talks" in body
    assert f"?activities={posts.pk}" not in body  # all three are on the page already
    assert "60 counted" in body  # the totals still count every activity


def test_one_type_a_page_at_a_time(client, lead, dossier, talks, posts):
    add_activities(dossier, talks, 60, "Talk")
    add_activities(dossier, posts, 3, "Post")
    client.force_login(lead)
    url = reverse("desks:dossier", kwargs={"pk": dossier.pk})
    body = client.get(url, {"activities": talks.pk}).content.decode()
    assert len(shown(body, "Talk")) == ACTIVITY_PAGE
    assert f'<details class="activity-group mt-2" id="activities-{talks.pk}" open>' in body
    assert "Page 1 of 3" in body and f"activities={talks.pk}&amp;activities_page=2" in body
    last = client.get(url, {"activities": talks.pk, "activities_page": 3}).content.decode()
    assert len(shown(last, "Talk")) == 60 - 2 * ACTIVITY_PAGE
    assert "Page 3 of 3" in last and "activities_page=4" not in last
    every = set()
    for number in (1, 2, 3):
        every |= shown(client.get(url, {"activities": talks.pk, "activities_page": number}).content.decode(), "Talk")
    assert len(every) == 60


@pytest.mark.parametrize(
    "query",
    [
        {"activities": "x"},
        {"activities": "999999"},
        {"activities": "", "activities_page": "-1"},
        {"activities_page": "zz"},
    ],
)
def test_bad_input_shows_the_preview(client, lead, dossier, talks, query):
    add_activities(dossier, talks, 12, "Talk")
    client.force_login(lead)
    response = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk}), query)
    assert response.status_code == 200
    assert len(shown(response.content.decode(), "Talk")) == ACTIVITY_PREVIEW


def test_an_opened_type_with_a_page_past_the_end_shows_its_last_page(client, lead, dossier, talks):
    add_activities(dossier, talks, 30, "Talk")
    client.force_login(lead)
    url = reverse("desks:dossier", kwargs={"pk": dossier.pk})
    body = client.get(url, {"activities": talks.pk, "activities_page": "99"}).content.decode()
    assert len(shown(body, "Talk")) == 30 - ACTIVITY_PAGE


def test_the_to_check_list_is_capped(client, lead, dossier, talks):
    Activity.objects.bulk_create(  # before the dossier's period: kept, not counted
        Activity(dossier=dossier, activity_type=talks, title=f"Early-{i:03d}", started_on=date(2025, 1, 1), quantity=1)
        for i in range(40)
    )
    client.force_login(lead)
    body = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert body.count('<li class="not-counted">Not counted:') == 10
    assert "…and 30 more not counted: see the types below." in body


def review_queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.usefixtures("pages_drawn")  # the page drawn each time: what its kept reads save
def test_review_page_queries_are_the_same_at_5_and_300_activities(client, lead, program_admin, dossier, talks):
    add_activities(dossier, talks, 5, "Few")
    url = reverse("desks:dossier", kwargs={"pk": dossier.pk})
    counts = {}
    for viewer in (lead, program_admin):
        client.force_login(viewer)
        client.get(url)  # warm: the session, the language menu
        counts[viewer.pk] = (review_queries(client, url), review_queries(client, url, activities=talks.pk))
    add_activities(dossier, talks, 295, "Many")
    for viewer in (lead, program_admin):
        client.force_login(viewer)
        client.get(url)
        plain, opened = review_queries(client, url), review_queries(client, url, activities=talks.pk, activities_page=5)
        assert (plain, opened) == counts[viewer.pk]
        assert plain == opened
