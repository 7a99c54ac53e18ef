"""The OpenAPI document, and schemathesis over /api/v1/ through Django's WSGI app.

Schemathesis generates requests from the document — valid ones and broken
ones — with a write token whose owner has an open dossier, a locked one and
activities: every answer must be below 500 and match the document (status
code documented, JSON shape, headers). Bounded (derandomised, a few dozen
examples per operation) so that it stays well under a minute.
"""

from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from nominations.models import Activity, ActivityType, Dossier
from tests.api.conftest import bearer
from tests.factories import ActivityFactory, DossierFactory, UserFactory


def test_document_is_openapi_3_with_the_bearer_scheme(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        **document["components"]["securitySchemes"]["bearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    assert all(path.startswith("/api/v1/") for path in document["paths"])


def test_every_operation_documents_its_errors(client, db):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            assert {"401", "429"} <= set(answers), (method, path)
            assert "Retry-After" in answers["429"]["headers"], (method, path)
            assert operation["security"] == [{"bearerAuth": []}], (method, path)
            if method in {"post", "put", "patch", "delete"}:
                assert {"403", "409"} <= set(answers), (method, path)
            if method in {"post", "put", "patch"}:
                assert {"400", "415"} <= set(answers), (method, path)
            if "{id}" in path:
                assert "404" in answers, (method, path)
    assert "422" in document["paths"]["/api/v1/activities/"]["post"]["responses"]
    assert "Idempotency-Key" in {p["name"] for p in document["paths"]["/api/v1/activities/"]["post"]["parameters"]}


# Schemathesis ---------------------------------------------------------------------------------------
@pytest.fixture
def owner_headers(db, settings, expertise, monkeypatch):
    """A write token of an MVP who owns an open dossier and a locked one, each with activities."""
    settings.API_THROTTLE_RATES = {"burst": "1000000/minute", "sustained": "1000000/hour"}
    owner = UserFactory(country="IE")
    speaking = ActivityType.objects.get(slug="speaking")
    open_dossier = DossierFactory(owner=owner, expertise=expertise)
    locked = DossierFactory(
        owner=owner,
        expertise=expertise,
        award_date=date(2026, 10, 1),
        state=Dossier.State.SUBMITTED,
        kind=Dossier.Kind.RENEWAL,
        nomination=None,
    )
    for dossier in (open_dossier, locked):
        for index in range(3):
            ActivityFactory(dossier=dossier, activity_type=speaking, title=f"Talk {index}")
    from django.utils import timezone

    from api import services

    plain = services.token_create(user=owner, name="schemathesis", scope="write", days=30, now=timezone.now())[1]
    WORLD.update(
        dossiers=[open_dossier.pk, locked.pk],
        activities=list(Activity.objects.filter(dossier__owner=owner).values_list("pk", flat=True)),
        types=[speaking.pk, ActivityType.objects.get(slug="blog-post").pk],
        expertise=expertise.pk,
    )
    yield {"Authorization": bearer(plain)["HTTP_AUTHORIZATION"]}
    WORLD.clear()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go straight to the WSGI app, whose request signals would close the test's
    database connection (and its transaction); Django's own test client unhooks them the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def load_schema():
    from mvp_portal.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = load_schema()

# The ids of the owner's world (set by ``owner_headers``): generated requests use them half of
# the time, so that writes reach the services (an open dossier, a locked one, real types)
# instead of stopping at "no such id".
WORLD: dict = {}


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@schema.hook
def flatmap_body(context, body):
    if not isinstance(body, dict) or not WORLD:
        return st.just(body)

    def with_ids(ids):
        # Only ids that are already whole numbers are swapped: a broken one is what a negative case tests.
        dossier, activity_type = ids
        real = dict(body)
        if is_int(real.get("dossier")):
            real["dossier"] = dossier
        if is_int(real.get("activity_type")):
            real["activity_type"] = activity_type
        if is_int(real.get("expertise")):
            real["expertise"] = WORLD["expertise"]
        return real

    ids = st.tuples(st.sampled_from(WORLD["dossiers"]), st.sampled_from(WORLD["types"]))
    return st.one_of(st.just(body), ids.map(with_ids))


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not WORLD or not is_int((path_parameters or {}).get("id")):
        return st.just(path_parameters)
    known = WORLD["dossiers"] if context.operation.path.startswith("/api/v1/dossiers/") else WORLD["activities"]
    return st.one_of(st.just(path_parameters), st.sampled_from(known).map(lambda pk: {**path_parameters, "id": pk}))


@schema.parametrize()
@hypothesis_settings(
    max_examples=20, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
def test_api_never_fails_and_conforms(case, owner_headers):
    # Every check but two. "Schema-valid data is accepted": the program's rules rightly refuse some
    # requests the schema allows (someone else's dossier id, a date in the future, paid work).
    # "Schema-invalid data is rejected": the token is always sent, so a case that drops the
    # Authorization header is not negative once it is called, and unknown query parameters are
    # ignored by design (the community's tools send their own); refusals of broken bodies, ids and
    # filters are asserted one by one in test_activities.py and test_token_matrix.py.
    # A generated Host header is Django's to refuse (400 before any view): the host stays the server's.
    headers = {**owner_headers, "Host": "localhost"}
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance, negative_data_rejection])
