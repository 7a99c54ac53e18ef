"""Every list (and the dossier detail) costs the same number of queries at 5 and at 200 rows.

Counted after a first request, so that the token's last-used time is fresh
(it is written at most once a minute, one more query when it is).
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nominations.models import Activity, ActivityType, Dossier, Nomination
from tests.api.conftest import bearer
from tests.factories import DossierFactory, UserFactory, bulk_dossiers

SIZES = [5, 200]
# Each answer computed on every request, not its owner's kept copy (api/kept.py): what computing it reads.
pytestmark = pytest.mark.usefixtures("pages_drawn")


def queries(api, path, headers, rows: int | None = None, **params) -> int:
    api.get(path, params, **headers)  # warm: the token's last-used time
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path, params, **headers)
    assert response.status_code == 200, response.content
    if rows is not None:
        assert len(response.json()["results"]) == rows
    return len(captured.captured_queries)


@pytest.fixture(params=SIZES, ids=[f"{n}-rows" for n in SIZES])
def size(request):
    return request.param


@pytest.fixture
def owner_world(db, size, expertise, make_token):
    owner = UserFactory(country="IE")
    dossier = DossierFactory(owner=owner, expertise=expertise)
    for index in range(3):  # a few more dossiers, renewals without nominations
        DossierFactory(owner=owner, expertise=expertise, kind=Dossier.Kind.RENEWAL, award_date=date(2024 + index, 1, 1))
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
            expertise=expertise if i % 2 else None,
        )
        for i in range(size)
    )
    return dossier, bearer(make_token(owner))


# The counts: auth (the token with its user), then the view's own.
OWNER_QUERIES = {
    # token; count; page; what counts: the page's dossiers, their activities and the activity types
    "/api/v1/activities/": 6,
    "/api/v1/dossiers/": 3,  # token; dossiers with their activity counts; their award dates' deadlines
    "/api/v1/activity-types/": 2,
    "/api/v1/expertises/": 2,
}


@pytest.mark.parametrize("path", OWNER_QUERIES)
def test_owner_lists_are_flat(api, owner_world, size, path):
    _, headers = owner_world
    rows = size if path == "/api/v1/activities/" else None
    assert queries(api, path, headers, rows, page_size=200) == OWNER_QUERIES[path]


def test_filtered_activity_list_is_flat(api, owner_world):
    dossier, headers = owner_world
    params = {"dossier": dossier.pk, "date_from": "2025-01-01", "visibility": "public", "page_size": 200}
    assert queries(api, "/api/v1/activities/", headers, **params) == OWNER_QUERIES["/api/v1/activities/"]


def test_dossier_detail_is_flat(api, owner_world):
    dossier, headers = owner_world
    # token; dossier; its activities, their types and technology areas; the deadline: the cycle's, whether
    # its date is closed, the next open one
    assert queries(api, f"/api/v1/dossiers/{dossier.pk}/", headers) == 9


@pytest.fixture
def staff_world(db, size, expertise, lead, employee):
    dossiers = bulk_dossiers(
        size,
        expertise=expertise,
        evaluator=employee,
        activities_per_dossier=1,
        activity_type=ActivityType.objects.get(slug="speaking"),
    )
    Nomination.objects.bulk_create(
        Nomination(
            nominee_name=f"Queued {i}",
            nominee_email=f"queued{i}@example.org",
            nominee_country="IE",
            expertise=expertise,
            statement="Bulk",
            nominator=lead,
        )
        for i in range(size)
    )
    return dossiers


STAFF_QUERIES = {
    # token; roles; led countries; count; page (+ medians for the review queue)
    ("/api/v1/staff/nominations/", "lead"): 5,
    ("/api/v1/staff/dossiers/", "lead"): 6,  # + the medians (the queue's award dates kept since the warm call)
    ("/api/v1/staff/assignments/", "employee"): 4,  # token; roles; count; page
}


@pytest.mark.parametrize(("path", "who"), STAFF_QUERIES)
def test_staff_lists_are_flat(api, staff_world, size, make_token, request, path, who):
    headers = bearer(make_token(request.getfixturevalue(who)))
    rows = size
    if path == "/api/v1/staff/nominations/":  # the queued ones and bulk_dossiers' claimed ones (every other owner)
        rows = min(200, size + (size + 1) // 2)
    assert queries(api, path, headers, rows, page_size=200) == STAFF_QUERIES[(path, who)]


# /mvp/api/: the same number of queries whatever the number of contributions. Auth (the token with
# its user), then the view's: the current dossier, the count and the page (the older dossiers hold
# nothing here: no page query); the dossier and the vocabulary (types, expertises); awards,
# identities, languages.
LEGACY_QUERIES = {
    "/mvp/api/contributions/0/1000": 1 + 3,
    "/mvp/api/contributions/historical/0/1000": 1 + 2,
    "/mvp/api/contributions/contributionareas": 1 + 3,
    "/mvp/api/contributions/contributiontypes": 1 + 2,
    "/mvp/api/profile": 1 + 3,
}
LEGACY_PATHS = list(LEGACY_QUERIES)


@pytest.mark.parametrize("path", LEGACY_PATHS)
def test_legacy_answers_do_not_grow_with_the_data(api, owner_world, size, path):
    dossier, headers = owner_world
    api.get(path, **headers)  # warm: the token's last-used time
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path, **headers)
    assert response.status_code == 200, response.content
    if path.endswith("contributions/0/1000"):
        assert len(response.json()["Contributions"]) == size
    assert len(captured.captured_queries) == LEGACY_QUERIES[path], [q["sql"][:120] for q in captured.captured_queries]
