"""API answers kept for their token's owner until what they read is written (``api/kept.py``)."""

from datetime import timedelta

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
# Nothing from the database: the token, its owner and their roles kept too (api.tokens.kept_token).
KEPT_QUERIES = dict.fromkeys([LIST, LEGACY_PAGE, AREAS], 0)
TOKEN_READ = 2  # the token with its owner, their roles: read again after a write to the tokens


def used(api, token, path, **headers) -> bytes:
    """The first answers: the first use of a token is recorded (``services.token_touch``), a write
    to the tokens' table, so the token is read again once before it is served kept."""
    first, _ = answered(api, token, path, **headers)
    answered(api, token, path, **headers)
    return first


def answered(api, token, path, **headers) -> tuple[bytes, int]:
    """The answer's body and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, **bearer(token), **headers)
    assert response.status_code == 200, response.content
    return response.content, len(queries.captured_queries)


@pytest.mark.parametrize("path", [LIST, LEGACY_PAGE])
def test_a_list_of_activities_is_kept_until_an_activity_is_written(api, make_token, nominee, draft, path):
    token = make_token(nominee)
    first = used(api, token, path)
    again, queries = answered(api, token, path)
    assert (again, queries) == (first, KEPT_QUERIES[path])
    ActivityFactory(dossier=draft, title="Written since")
    after, queries = answered(api, token, path)
    assert b"Written since" in after and queries > KEPT_QUERIES[path]


def test_the_areas_stay_kept_through_other_writes_and_change_with_an_expertise(
    api, make_token, nominee, outsider, draft
):
    token = make_token(nominee)
    first = used(api, token, AREAS)
    make_token(outsider)  # a table the areas did not read (the token is read again, not the answer)
    assert answered(api, token, AREAS) == (first, TOKEN_READ)
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
    used(api, token, AREAS, HTTP_ACCEPT_LANGUAGE="en")
    assert answered(api, token, AREAS, HTTP_ACCEPT_LANGUAGE="en")[1] == KEPT_QUERIES[AREAS]
    assert answered(api, token, AREAS, HTTP_ACCEPT_LANGUAGE="de")[1] > KEPT_QUERIES[AREAS]


def test_a_kept_token_is_refused_once_its_owner_is_deactivated(api, make_token, nominee, draft):
    token = make_token(nominee)
    answered(api, token, LIST)
    answered(api, token, LIST)
    type(nominee).objects.filter(pk=nominee.pk).update(is_active=False)  # no signal: the statement is the write
    assert api.get(LIST, **bearer(token)).status_code == 401


def test_a_kept_token_still_expires(api, make_token, nominee, draft, clock):
    token = make_token(nominee)
    answered(api, token, LIST)
    clock.move_to(timezone.now() + timedelta(days=400))
    assert api.get(LIST, **bearer(token)).status_code == 401
