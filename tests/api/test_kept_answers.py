"""API answers kept for their token's owner until what they read is written (``api/kept.py``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiToken
from tests.api.conftest import bearer
from tests.factories import ActivityFactory, ExpertiseFactory

LIST = reverse("api:v1:activity-list")
LEGACY_PAGE = reverse("legacy:contribution-page", kwargs={"offset": 0, "limit": 50})
AREAS = reverse("legacy:contribution-areas")
KEPT_QUERIES = dict.fromkeys([LIST, LEGACY_PAGE, AREAS], 2)  # the token with its owner, their roles


def answered(api, token, path, **headers) -> tuple[bytes, int]:
    """The answer's body and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, **bearer(token), **headers)
    assert response.status_code == 200, response.content
    return response.content, len(queries.captured_queries)


@pytest.mark.parametrize("path", [LIST, LEGACY_PAGE])
def test_a_list_of_activities_is_kept_until_an_activity_is_written(api, make_token, nominee, draft, path):
    token = make_token(nominee)
    first, _ = answered(api, token, path)
    again, queries = answered(api, token, path)
    assert (again, queries) == (first, KEPT_QUERIES[path])
    ActivityFactory(dossier=draft, title="Written since")
    after, queries = answered(api, token, path)
    assert b"Written since" in after and queries > KEPT_QUERIES[path]


def test_the_areas_stay_kept_through_other_writes_and_change_with_an_expertise(
    api, make_token, nominee, outsider, draft
):
    token = make_token(nominee)
    first, _ = answered(api, token, AREAS)
    make_token(outsider)  # a table the areas did not read (the tokens are read before the answer)
    assert answered(api, token, AREAS) == (first, KEPT_QUERIES[AREAS])
    ExpertiseFactory(name="Quantum Plumbing")
    after, queries = answered(api, token, AREAS)
    assert b"Quantum Plumbing" in after and queries > KEPT_QUERIES[AREAS]


def test_the_token_is_checked_before_the_kept_answer(api, make_token, nominee, draft):
    token = make_token(nominee)
    answered(api, token, LIST)
    answered(api, token, LIST)
    services.token_revoke(token_id=ApiToken.objects.get(user=nominee).pk, actor=nominee, now=timezone.now())
    assert api.get(LIST, **bearer(token)).status_code == 401


def test_each_language_has_its_own_answer(api, make_token, nominee, draft):
    token = make_token(nominee)
    answered(api, token, AREAS, HTTP_ACCEPT_LANGUAGE="en")
    assert answered(api, token, AREAS, HTTP_ACCEPT_LANGUAGE="en")[1] == KEPT_QUERIES[AREAS]
    assert answered(api, token, AREAS, HTTP_ACCEPT_LANGUAGE="de")[1] > KEPT_QUERIES[AREAS]
