"""Races against PostgreSQL: the same activity sent twice at the same moment is made once."""

import pytest
from rest_framework.test import APIClient

from nominations.models import ActivityType
from tests.api.conftest import activity_body, bearer
from tests.factories import DossierFactory, UserFactory
from tests.nominations.test_concurrency import race

pytestmark = pytest.mark.services

LIST = "/api/v1/activities/"


@pytest.fixture
def world(transactional_db, postgres, make_token, activity_types):
    owner = UserFactory(country="IE")
    dossier = DossierFactory(owner=owner)
    return dossier, bearer(make_token(owner, "write")), ActivityType.objects.get(slug="speaking")


def test_two_identical_posts_at_once_make_one_activity(world):
    dossier, headers, speaking = world
    body = activity_body(dossier, speaking)
    outcomes = race(*[lambda: APIClient().post(LIST, body, format="json", **headers) for _ in range(2)])
    assert sorted(response.status_code for response in outcomes) == [201, 409], outcomes
    assert dossier.activities.count() == 1


def test_two_posts_with_one_idempotency_key_at_once_answer_alike(world):
    dossier, headers, speaking = world
    body = activity_body(dossier, speaking)
    outcomes = race(
        *[lambda: APIClient().post(LIST, body, format="json", HTTP_IDEMPOTENCY_KEY="same", **headers) for _ in range(2)]
    )
    assert [response.status_code for response in outcomes] == [201, 201], outcomes
    assert outcomes[0].json() == outcomes[1].json()
    assert dossier.activities.count() == 1
