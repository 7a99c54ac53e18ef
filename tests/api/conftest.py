"""Fixtures of the API tests: tokens for the cast, a world of dossiers, a JSON client.

The program's "today" is the suite's TODAY (the frozen clock); each test
starts with an empty cache (the root conftest's).
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api import services
from nominations.models import ActivityType, Dossier
from tests.factories import ActivityFactory, DossierFactory
from tests.nominations.conftest import activity_types  # noqa: F401  (the types again, after a flush)


@pytest.fixture
def make_token(db):
    """``make_token(user, scope="read", days=90, revoked=False, expired=False) -> plain token``."""

    def make(user, scope: str = "read", *, days: int = 90, revoked: bool = False, expired: bool = False) -> str:
        now = timezone.now()
        if expired:
            now -= timedelta(days=days + 1)
        token, plain = services.token_create(user=user, name=f"{scope} token", scope=scope, days=days, now=now)
        if revoked:
            services.token_revoke(token_id=token.pk, actor=user, now=timezone.now())
        return plain

    return make


def bearer(plain: str, scheme: str = "Bearer") -> dict:
    return {"HTTP_AUTHORIZATION": f"{scheme} {plain}"}


@pytest.fixture
def api():
    """A JSON client; pass ``**bearer(token)`` to each call."""
    return APIClient()


@pytest.fixture
def speaking(db) -> ActivityType:
    return ActivityType.objects.get(slug="speaking")


@pytest.fixture
def blog(db) -> ActivityType:
    return ActivityType.objects.get(slug="blog-post")


@pytest.fixture
def draft(db, nominee, expertise) -> Dossier:
    """The nominee's open (draft) dossier for 2027-01-01 with one activity."""
    dossier = DossierFactory(owner=nominee, expertise=expertise)
    ActivityFactory(
        dossier=dossier,
        activity_type=ActivityType.objects.get(slug="speaking"),
        title="Talk at the Dublin user group",
        started_on=date(2026, 5, 12),
        url="https://events.example.org/dublin-may",
        quantity=1,
        reach=80,
    )
    return dossier


@pytest.fixture
def submitted(db, nominee, expertise) -> Dossier:
    """The nominee's earlier dossier, handed in and locked, with one activity."""
    dossier = DossierFactory(
        owner=nominee,
        expertise=expertise,
        award_date=date(2026, 10, 1),
        period_end=date(2026, 8, 31),
        state=Dossier.State.SUBMITTED,
        submitted_at=timezone.now(),
        nomination=None,
        kind=Dossier.Kind.RENEWAL,
    )
    ActivityFactory(dossier=dossier, activity_type=ActivityType.objects.get(slug="speaking"), title="Locked talk")
    return dossier


def activity_body(dossier: Dossier, activity_type: ActivityType, /, **overrides) -> dict:
    body = {
        "dossier": dossier.pk,
        "activity_type": activity_type.pk,
        "title": "Keynote at Cloud Summit Cork",
        "started_on": "2026-09-03",
        "url": "https://summit.example.org/cork-keynote",
        "quantity": 1,
        "reach": 400,
        "visibility": "public",
    }
    body.update(overrides)
    return body
