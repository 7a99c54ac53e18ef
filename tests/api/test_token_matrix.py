"""The API's permission matrix: every endpoint × token (none, read, write, revoked, expired,
malformed) × the token's holder (the owner, someone else, each staff role).

The nominee owns an open dossier (activity ``open_activity``) and a locked one
(``locked_activity``); a nomination and a submitted dossier wait in Ireland,
the lead's country; the employee is assigned to that dossier. Each request runs
in a savepoint that is rolled back, so that a DELETE that works does not change
what the next holder sees. The page matrix (tests/api/access.py) shows that a
session never opens these endpoints.
"""

import re
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from api import services
from mvp_portal.accounts.models import OnlineIdentity
from mvp_portal.accounts.roles import Role
from nominations.legacy import type_to_legacy
from nominations.models import ActivityType, Dossier
from tests.api.conftest import activity_body, bearer
from tests.factories import (
    ActivityFactory,
    AssignmentFactory,
    DossierFactory,
    NominationFactory,
    RegionFactory,
    UserFactory,
)

HOLDERS = ["owner", "other", "employee", "lead", "admin"]
KINDS = ["none", "malformed", "revoked", "expired", "read", "write"]


@dataclass
class Endpoint:
    method: str
    path: str  # with {open_dossier}, {locked_dossier}, {open_activity}, {locked_activity}
    read: dict  # holder -> status with a read token
    write: dict  # holder -> status with a write token
    body: object = None  # callable(world) -> JSON body
    public: bool = False  # the documentation: every token kind (and none) gets the same answer
    kinds: dict = field(default_factory=dict)


def each(status, **holders) -> dict:
    return {**dict.fromkeys(HOLDERS, status), **holders}


def staff_only(status_for_staff, **others) -> dict:
    return {**dict.fromkeys(HOLDERS, 403), **status_for_staff, **others}


READ_REFUSED = each(403)  # a read token never writes, whoever holds it and whatever it targets

ENDPOINTS = {
    "root": Endpoint("get", "/api/v1/", each(200), each(200), public=True),
    "openapi": Endpoint("get", "/api/v1/openapi.json", each(200), each(200), public=True),
    "docs": Endpoint("get", "/api/v1/docs/", each(200), each(200), public=True),
    "me": Endpoint("get", "/api/v1/me/", each(200), each(200)),
    "activity-types": Endpoint("get", "/api/v1/activity-types/", each(200), each(200)),
    "expertises": Endpoint("get", "/api/v1/expertises/", each(200), each(200)),
    "dossier-list": Endpoint("get", "/api/v1/dossiers/", each(200), each(200)),
    # Only the owner: not even the lead of the owner's country (the API is for what one owns).
    "dossier-detail": Endpoint("get", "/api/v1/dossiers/{open_dossier}/", each(404, owner=200), each(404, owner=200)),
    "dossier-detail-locked": Endpoint(
        "get", "/api/v1/dossiers/{locked_dossier}/", each(404, owner=200), each(404, owner=200)
    ),
    "activity-list": Endpoint("get", "/api/v1/activities/", each(200), each(200)),
    # Another person's dossier id in the body is "no such dossier" (400), never a 403 that tells it exists.
    "activity-create": Endpoint(
        "post",
        "/api/v1/activities/",
        READ_REFUSED,
        each(400, owner=201),
        body=lambda w: activity_body(w.open_dossier, w.speaking),
    ),
    "activity-create-locked": Endpoint(
        "post",
        "/api/v1/activities/",
        READ_REFUSED,
        each(400, owner=409),
        body=lambda w: activity_body(w.locked_dossier, w.speaking),
    ),
    "activity-detail": Endpoint(
        "get", "/api/v1/activities/{open_activity}/", each(404, owner=200), each(404, owner=200)
    ),
    "activity-put": Endpoint(
        "put",
        "/api/v1/activities/{open_activity}/",
        READ_REFUSED,
        each(404, owner=200),
        body=lambda w: activity_body(w.open_dossier, w.speaking, title="Replaced"),
    ),
    "activity-patch": Endpoint(
        "patch", "/api/v1/activities/{open_activity}/", READ_REFUSED, each(404, owner=200), body=lambda w: {"reach": 7}
    ),
    "activity-patch-locked": Endpoint(
        "patch",
        "/api/v1/activities/{locked_activity}/",
        READ_REFUSED,
        each(404, owner=409),
        body=lambda w: {"reach": 7},
    ),
    "activity-delete": Endpoint("delete", "/api/v1/activities/{open_activity}/", READ_REFUSED, each(404, owner=204)),
    "activity-delete-locked": Endpoint(
        "delete", "/api/v1/activities/{locked_activity}/", READ_REFUSED, each(404, owner=409)
    ),
    "staff-nominations": Endpoint(
        "get",
        "/api/v1/staff/nominations/",
        staff_only({"lead": 200, "admin": 200}),
        staff_only({"lead": 200, "admin": 200}),
    ),
    "staff-dossiers": Endpoint(
        "get",
        "/api/v1/staff/dossiers/",
        staff_only({"lead": 200, "admin": 200}),
        staff_only({"lead": 200, "admin": 200}),
    ),
    # Leads and admins are employees too.
    "staff-assignments": Endpoint(
        "get",
        "/api/v1/staff/assignments/",
        staff_only({"employee": 200, "lead": 200, "admin": 200}),
        staff_only({"employee": 200, "lead": 200, "admin": 200}),
    ),
    # No staff writes: the queues answer only GET.
    "staff-nominations-post": Endpoint(
        "post", "/api/v1/staff/nominations/", READ_REFUSED, staff_only({"lead": 405, "admin": 405}), body=lambda w: {}
    ),
    "staff-dossiers-delete": Endpoint(
        "delete", "/api/v1/staff/dossiers/", READ_REFUSED, staff_only({"lead": 405, "admin": 405})
    ),
    # /mvp/api/, the 2022 MVP API's surface: the same tokens, scopes and owner-only rule. Someone with
    # no dossier has nowhere to add a contribution (409); another person's ids are "no such" (404).
    "legacy-page": Endpoint("get", "/mvp/api/contributions/0/10", each(200), each(200)),
    "legacy-current-page": Endpoint("get", "/mvp/api/contributions/current/0/0", each(200), each(200)),
    "legacy-historical-page": Endpoint("get", "/mvp/api/contributions/historical/0/10", each(200), each(200)),
    "legacy-detail": Endpoint(
        "get", "/mvp/api/contributions/{open_activity}", each(404, owner=200), each(404, owner=200)
    ),
    "legacy-detail-locked": Endpoint(
        "get", "/mvp/api/contributions/{locked_activity}", each(404, owner=200), each(404, owner=200)
    ),
    "legacy-post": Endpoint(
        "post", "/mvp/api/contributions", READ_REFUSED, each(409, owner=201), body=lambda w: legacy_body(w)
    ),
    "legacy-put": Endpoint(
        "put",
        "/mvp/api/contributions",
        READ_REFUSED,
        each(404, owner=200),
        body=lambda w: {"ContributionId": w.open_activity.pk, "Title": "Replaced"},
    ),
    "legacy-put-locked": Endpoint(
        "put",
        "/mvp/api/contributions",
        READ_REFUSED,
        each(404, owner=409),
        body=lambda w: {"ContributionId": w.locked_activity.pk, "Title": "Replaced"},
    ),
    "legacy-delete": Endpoint(
        "delete", "/mvp/api/contributions?id={open_activity}", READ_REFUSED, each(404, owner=200)
    ),
    "legacy-delete-locked": Endpoint(
        "delete", "/mvp/api/contributions?id={locked_activity}", READ_REFUSED, each(404, owner=409)
    ),
    "legacy-get-contributions": Endpoint("get", "/mvp/api/contributions", each(405), each(405)),
    "legacy-patch": Endpoint("patch", "/mvp/api/contributions", READ_REFUSED, each(405), body=lambda w: {}),
    "legacy-types": Endpoint("get", "/mvp/api/contributions/contributiontypes", each(200), each(200)),
    "legacy-areas": Endpoint("get", "/mvp/api/contributions/contributionareas", each(200), each(200)),
    "legacy-sharing": Endpoint("get", "/mvp/api/contributions/sharingpreferences", each(200), each(200)),
    "legacy-profile": Endpoint("get", "/mvp/api/profile", each(200), each(200)),
    "legacy-identities": Endpoint("get", "/mvp/api/onlineidentities", each(200), each(200)),
    "legacy-identity-post": Endpoint(
        "post",
        "/mvp/api/onlineidentities",
        READ_REFUSED,
        each(201),
        body=lambda w: {"SocialNetwork": {"Name": "Blog"}, "Url": "https://matrix.example.org/"},
    ),
    "legacy-identity-put": Endpoint(
        "put",
        "/mvp/api/onlineidentities",
        READ_REFUSED,
        each(404, owner=200),
        body=lambda w: {"PrivateSiteId": w.identity.pk, "SocialNetwork": {"Name": "GitHub"}, "Url": w.identity.url},
    ),
    "legacy-identity-delete": Endpoint(
        "delete", "/mvp/api/onlineidentities?id={identity}", READ_REFUSED, each(404, owner=200)
    ),
    "legacy-not-found": Endpoint("get", "/mvp/api/profile/photo", each(404), each(404), public=True),
}


def legacy_body(world) -> dict:
    """A new contribution as the PowerShell module posts it."""
    return {
        "ContributionId": 0,
        "ContributionType": type_to_legacy(world.speaking),
        "StartDate": "2026/06/01",
        "Title": "Matrix talk",
        "ReferenceUrl": "https://x.example.org/matrix",
        "AnnualQuantity": "1",
        "SecondAnnualQuantity": "0",
        "AnnualReach": "30",
    }


@pytest.fixture
def world(db, expertise):
    speaking = ActivityType.objects.get(slug="speaking")
    lead = UserFactory(display_name="Matrix Lead", roles=[Role.MVP_LEAD])
    RegionFactory(name="Matrix Ireland", countries=["IE"], leads=[lead])
    people = {
        "owner": UserFactory(display_name="Matrix Owner", country="IE"),
        "other": UserFactory(display_name="Matrix Other", country="IE"),
        "employee": UserFactory(display_name="Matrix Employee", roles=[Role.EMPLOYEE]),
        "lead": lead,
        "admin": UserFactory(display_name="Matrix Admin", roles=[Role.PROGRAM_ADMIN]),
    }
    open_dossier = DossierFactory(owner=people["owner"], expertise=expertise)
    locked_dossier = DossierFactory(
        owner=people["owner"],
        expertise=expertise,
        award_date=date(2026, 10, 1),
        kind=Dossier.Kind.RENEWAL,
        nomination=None,
        state=Dossier.State.SUBMITTED,
    )
    queued = DossierFactory(owner=UserFactory(country="IE"), expertise=expertise, state=Dossier.State.SUBMITTED)
    AssignmentFactory(dossier=queued, evaluator=people["employee"], assigned_by=lead)
    NominationFactory(nominee_country="IE", expertise=expertise)
    now = timezone.now()
    tokens = {}
    for holder, person in people.items():
        for kind in ("read", "write", "revoked", "expired"):
            scope = "read" if kind == "read" else "write"
            made = now if kind != "expired" else now - timezone.timedelta(days=31)
            token, plain = services.token_create(user=person, name=kind, scope=scope, days=30, now=made)
            if kind == "revoked":
                services.token_revoke(token_id=token.pk, actor=person, now=now)
            tokens[(holder, kind)] = plain
    from types import SimpleNamespace

    return SimpleNamespace(
        speaking=speaking,
        open_dossier=open_dossier,
        locked_dossier=locked_dossier,
        open_activity=ActivityFactory(dossier=open_dossier, activity_type=speaking, url="https://x.example.org/1"),
        locked_activity=ActivityFactory(dossier=locked_dossier, activity_type=speaking),
        identity=OnlineIdentity.objects.create(user=people["owner"], kind="github", url="https://github.com/owner"),
        tokens=tokens,
    )


def expected(endpoint: Endpoint, holder: str, kind: str) -> int:
    if endpoint.public:
        return endpoint.read[holder]
    if kind in ("none", "malformed", "revoked", "expired"):
        return 401
    return (endpoint.read if kind == "read" else endpoint.write)[holder]


def headers(world, holder: str, kind: str) -> dict:
    if kind == "none":
        return {}
    if kind == "malformed":
        return {"HTTP_AUTHORIZATION": "Bearer not-a-token"}
    return bearer(world.tokens[(holder, kind)])


@pytest.mark.parametrize("name", ENDPOINTS)
def test_endpoint_by_token_and_holder(world, name):
    endpoint = ENDPOINTS[name]
    path = endpoint.path.format(
        open_dossier=world.open_dossier.pk,
        locked_dossier=world.locked_dossier.pk,
        open_activity=world.open_activity.pk,
        locked_activity=world.locked_activity.pk,
        identity=world.identity.pk,
    )
    body = endpoint.body(world) if endpoint.body else None
    api = APIClient()
    wrong = []
    for holder in HOLDERS:
        for kind in KINDS:
            with transaction.atomic():
                call = getattr(api, endpoint.method)
                response = call(path, body, format="json", **headers(world, holder, kind))
                transaction.set_rollback(True)  # the next holder sees the world as it was
            want = expected(endpoint, holder, kind)
            if response.status_code != want:
                got = response.status_code
                wrong.append(f"{endpoint.method.upper()} {path} with {holder}'s {kind} token: {got}, expected {want}")
            assert response.status_code < 500
    assert not wrong, "\n".join(wrong)


def test_every_api_route_is_in_the_matrix():
    """A new endpoint in the OpenAPI document fails here until it has a row above."""
    from django.test import Client

    document = Client().get("/api/v1/openapi.json").json()
    documented = {(method, path) for path, ops in document["paths"].items() for method in ops}
    covered = {(e.method, e.path.split("{")[0]) for e in ENDPOINTS.values()}
    for method, path in documented:
        assert (method, path.split("{")[0]) in covered, f"{method.upper()} {path} has no row in ENDPOINTS"


def test_every_legacy_route_is_in_the_matrix():
    """A new path under /mvp/api/ fails here until it has a row above."""
    from api.legacy import urls

    paths = {re.sub(r"\{\w+\}", "1", endpoint.path).split("?")[0] for endpoint in ENDPOINTS.values()}
    covered = {path.removeprefix("/mvp/api/") for path in paths if path.startswith("/mvp/api/")}
    for pattern in urls.urlpatterns:
        if pattern.name != "not-found":
            route = pattern.pattern.regex
            assert any(route.match(path) for path in covered), f"{route.pattern} has no row in ENDPOINTS"
