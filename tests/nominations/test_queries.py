"""Every page's query count is pinned and does not grow with the number of activities."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from nominations.models import Activity, ActivityType
from tests.factories import DossierFactory, UserFactory

MAX_QUERIES = 13


@pytest.fixture(params=[5, 500], ids=["5-activities", "500-activities"])
def dossier(request, db, expertise):
    dossier = DossierFactory(owner=UserFactory(country="IE"), expertise=expertise)
    types = list(ActivityType.objects.all())
    Activity.objects.bulk_create(
        Activity(
            dossier=dossier,
            activity_type=types[i % len(types)],
            title=f"Contribution {i}",
            started_on=date(2026, 11, 28) - timedelta(days=i % 400),
            url=f"https://example.org/{i}",
            quantity=1 + i % 3,
            second_quantity=i % 7,
            reach=10 * i,
        )
        for i in range(request.param)
    )
    return dossier


PAGES = {
    "nominations:dossier-detail": "dossier",
    "nominations:dossier-edit": "dossier",
    "nominations:dossier-submit": "dossier",
    "nominations:dossier-import": "dossier",
    "nominations:activity-edit": "activity",
    "nominations:activity-delete": "activity",
    "nominations:dossier-list": None,
    "home": None,
}


@pytest.mark.parametrize("name", PAGES)
def test_owner_page_queries_do_not_grow(client, dossier, django_assert_max_num_queries, name):
    client.force_login(dossier.owner)
    kind = PAGES[name]
    kwargs = {}
    if kind == "dossier":
        kwargs = {"pk": dossier.pk}
    elif kind == "activity":
        kwargs = {"pk": dossier.activities.first().pk}
    url = reverse(name, kwargs=kwargs)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_lead_sees_the_owner_page_at_a_fixed_cost(client, dossier, lead, django_assert_num_queries):
    client.force_login(lead)
    # The owner's page, plus the staff check: responsibility and conflicts of interest; the activity
    # types read once for the dossier, not joined to each activity.
    with django_assert_num_queries(16):  # the session itself comes from the cache
        response = client.get(reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk}))
    assert response.status_code == 200
    assert dossier.owner.display_name in response.content.decode()


def test_add_activity_post_queries_do_not_grow(client, dossier, django_assert_max_num_queries):
    client.force_login(dossier.owner)
    data = {
        "activity_type": ActivityType.objects.get(slug="speaking").pk,
        "title": "One more talk",
        "started_on": "2026-05-01",
        "quantity": "1",
        "visibility": "public",
        "is_paid": "no",
    }
    with django_assert_max_num_queries(MAX_QUERIES + 8):
        assert client.post(reverse("nominations:dossier-edit", kwargs={"pk": dossier.pk}), data).status_code == 302


def test_invitation_claim_page_queries(client, lead, expertise, django_assert_max_num_queries):
    from nominations.services import invitation_send, invitation_signed_token
    from tests.factories import NominationFactory

    invitation = invitation_send(nomination_id=NominationFactory(nominee_country="IE").pk, actor=lead)
    with django_assert_max_num_queries(6):
        response = client.get(
            reverse("nominations:invitation-claim", kwargs={"signed": invitation_signed_token(invitation)})
        )
    assert response.status_code == 200


DOSSIER_PAGES = ["nominations:dossier-detail", "nominations:dossier-edit", "nominations:dossier-submit"]


@pytest.mark.parametrize("name", DOSSIER_PAGES)
def test_the_activity_table_shows_a_page_of_rows_never_hundreds(client, dossier, name):
    """The totals count every activity; the table lists 50 a page, newest first, and its
    page links land on the table. Odd page numbers fall back to a page, never a 500."""
    client.force_login(dossier.owner)
    url = reverse(name, kwargs={"pk": dossier.pk})
    total = dossier.activities.count()
    first = client.get(url)
    assert first.context["picture"].total_count == total
    assert len(first.context["activities"]) == min(total, 50)
    body = first.content.decode()
    assert body.count('<tr id="activity-') == min(total, 50)
    if total <= 50:
        assert 'aria-label="Pages of the activities"' not in body
        return
    assert f"Activities 1–50 of {total}, newest first." in body
    assert 'href="?page=2#activities"' in body and 'href="?page=10#activities"' in body
    last = client.get(url, {"page": 10})
    assert len(last.context["activities"]) == total - 450
    assert last.context["activities"][-1] == dossier.activities.order_by("started_on", "pk").first()
    for odd in ("abc", "0", "99", "9" * 4301, "²"):
        assert client.get(url, {"page": odd}).status_code == 200
