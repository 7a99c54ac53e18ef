"""Schemathesis over /mvp/api/ against the published 2022 definition of the MVP API.

The operations the portal offers (every one but the award-consideration questionnaire, the
profile photo, and other people's profiles and identities; those answer a JSON 404) of the
definition (tests/fixtures/legacy/MVP_Production_2022.openapi.json, as
Microsoft published it) is the contract, not a document of ours: every
generated request, valid or broken, must answer below 500, and every answer
the definition gives a shape for must have it (JSON, the documented content
type). Requests go through Django's WSGI app with a write token of an MVP
who owns an open dossier and a locked one; half of the generated bodies and
ids are swapped for real ones so that writes reach the services.

Checks left out, with the reason:
- status codes: the definition documents only its successes (no 401 anywhere,
  PUT only 200/500), so every refusal would be "undocumented";
- positive/negative data: the program's rules refuse some requests the
  schema allows (a date in the future, a type that does not exist), and the
  portal accepts some it forbids (it is null-tolerant and ignores unknown
  query parameters, as the real clients need);
- ignored auth: the definition's security is the subscription key, which
  the portal accepts and ignores by design (the Bearer token is the lock, and
  the token matrix tests it).
"""

import json
import re
from datetime import date
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    negative_data_rejection,
    positive_data_acceptance,
    status_code_conformance,
)

from mvp_portal.accounts.models import OnlineIdentity
from nominations.legacy import type_to_legacy
from nominations.models import Activity, ActivityType, Dossier
from tests.api.conftest import bearer
from tests.factories import ActivityFactory, DossierFactory, UserFactory

DEFINITION = Path(__file__).resolve().parent.parent / "fixtures" / "legacy" / "MVP_Production_2022.openapi.json"


def load_schema():
    from mvp_portal.wsgi import application

    schema = schemathesis.openapi.from_dict(json.loads(DEFINITION.read_text(encoding="utf-8")))
    schema.app = application  # served at the definition's base path, /mvp/api/
    return schema.exclude(path_regex=NOT_OFFERED)


# What the portal does not offer (award consideration questions, photos, other people's profiles):
# a JSON 404 for every method, asserted below.
NOT_OFFERED = r"^/api/(awardconsideration/|profile/|onlineidentities/)"


schema = load_schema()
WORLD: dict = {}


@pytest.fixture
def owner_headers(db, settings, expertise):
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
    identity = OnlineIdentity.objects.create(user=owner, kind="github", url="https://github.com/schemathesis")
    from django.utils import timezone

    from api import services

    plain = services.token_create(user=owner, name="schemathesis", scope="write", days=30, now=timezone.now())[1]
    WORLD.update(
        activities=list(Activity.objects.filter(dossier__owner=owner).values_list("pk", flat=True)),
        types=[type_to_legacy(speaking), type_to_legacy(ActivityType.objects.get(slug="blog-post"))],
        identities=[identity.pk],
    )
    yield {"Authorization": bearer(plain)["HTTP_AUTHORIZATION"]}
    WORLD.clear()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As in test_schema.py: the WSGI app's request signals would close the test's connection."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.hook
def flatmap_body(context, body):
    """Half of the objects get a real type, a readable date and (for a PUT) one of the owner's ids."""
    if not isinstance(body, dict) or not WORLD:
        return st.just(body)

    def with_ids(choice):
        activity, contribution_type, identity = choice
        real = dict(body)
        real.update(ContributionType=contribution_type, StartDate="2026-06-01T09:00:00+02:00")
        real["ContributionId"] = activity
        real["PrivateSiteId"] = identity
        return real

    ids = st.tuples(
        st.sampled_from(WORLD["activities"]), st.sampled_from(WORLD["types"]), st.sampled_from(WORLD["identities"])
    )
    return st.one_of(st.just(body), ids.map(with_ids))


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not WORLD or "id" not in (path_parameters or {}):
        return st.just(path_parameters)
    return st.one_of(
        st.just(path_parameters), st.sampled_from(WORLD["activities"]).map(lambda pk: {**path_parameters, "id": pk})
    )


@schema.hook
def flatmap_query(context, query):
    if not WORLD or "id" not in (query or {}):
        return st.just(query)
    known = WORLD["identities"] if "onlineidentities" in context.operation.path else WORLD["activities"]
    return st.one_of(st.just(query), st.sampled_from(known).map(lambda pk: {**query, "id": pk}))


@schema.parametrize()
@hypothesis_settings(
    max_examples=15, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
def test_legacy_api_never_fails_and_conforms_to_the_2022_definition(case, owner_headers):
    case.call_and_validate(
        headers={**owner_headers, "Host": "localhost"},  # a generated Host is Django's to refuse, before any view
        excluded_checks=[status_code_conformance, positive_data_acceptance, negative_data_rejection, ignored_auth],
    )


@pytest.mark.parametrize("method", ["get", "post", "put", "delete", "trace"])
def test_what_the_portal_does_not_offer_is_a_json_404(owner_headers, method):
    from django.test import Client

    client = Client()
    auth = {"HTTP_AUTHORIZATION": owner_headers["Authorization"]}
    for path in json.loads(DEFINITION.read_text(encoding="utf-8"))["paths"]:
        if re.match(NOT_OFFERED, path):
            answer = getattr(client, method)("/mvp" + path.replace("{", "").replace("}", ""), **auth)
            assert answer.status_code == 404, (method, path)
            assert answer.json()["code"] == "not_found"
