"""Permission-matrix entries for the nominations URLs (format: tests/test_permission_matrix.py).

The nominee owns a draft dossier (with one activity) and a submitted one; a
nomination of someone in Ireland waits for the lead of IE; an invitation link
that was already used shows the "ask for a new link" page.
"""

from datetime import date

from django.utils import timezone

from nominations.models import ActivityType, Dossier, Nomination
from nominations.services import invitation_signed_token
from tests.factories import (
    ActivityFactory,
    DossierFactory,
    InvitationFactory,
    NominationFactory,
    SourceConnectionFactory,
    SuggestionFactory,
)

EVERYONE = ["anonymous", "nominee", "other_nominee", "mvp", "employee", "lead", "other_lead", "admin"]


def signed_in(answer):
    return {"anonymous": "login", **dict.fromkeys(EVERYONE[1:], answer)}


def only(anonymous="login", default=404, **answers):
    return {"anonymous": anonymous, **dict.fromkeys(EVERYONE[1:], default), **answers}


def build(world):
    world.nom_dossier = DossierFactory(owner=world.nominee, expertise=world.expertise)
    world.nom_activity = ActivityFactory(
        dossier=world.nom_dossier, activity_type=ActivityType.objects.get(slug="speaking"), url=""
    )
    world.nom_submitted = DossierFactory(
        owner=world.nominee,
        expertise=world.expertise,
        award_date=date(2026, 10, 1),
        state=Dossier.State.SUBMITTED,
        submitted_at=timezone.now(),
        nomination=NominationFactory(
            nominee=world.nominee, nominee_email="old-" + world.nominee.email, state=Nomination.State.CLOSED
        ),
    )
    world.nom_nomination = NominationFactory(nominee_country="IE", nominator=world.mvp, expertise=world.expertise)
    used = InvitationFactory(invited_by=world.lead, used_at=timezone.now())
    world.nom_used_link = invitation_signed_token(used)
    world.nom_open_link = invitation_signed_token(InvitationFactory(invited_by=world.lead))
    # Sources: the nominee's connected feed and one suggestion it found.
    world.src_connection = SourceConnectionFactory(owner=world.nominee)
    world.src_suggestion = SuggestionFactory(connection=world.src_connection)


DOSSIER = lambda world: {"pk": world.nom_dossier.pk}  # noqa: E731
ACTIVITY = lambda world: {"pk": world.nom_activity.pk}  # noqa: E731
# Owner: 200; the lead of the owner's country and admins may see but not edit (403); others: 404.
OWNER_EDITS = only(nominee=200, lead=403, admin=403)

ACCESS = {
    "nominations:nomination-list": {"method": "get", "expect": signed_in(200)},
    "nominations:nomination-create": {
        "method": "get",
        "expect": only(default=200, nominee=403, other_nominee=403),
    },
    # The link is the credential: anyone holding it sees the claim page.
    # Only the invited address claims: every signed-in persona holds another one and
    # is told to sign out first (403, nothing claimed).
    "nominations:invitation-claim": {
        "kwargs": lambda world: {"signed": world.nom_open_link},
        "method": "get",
        "expect": {"anonymous": 200, **dict.fromkeys(EVERYONE[1:], 403)},
    },
    "nominations:invitation-request-new": {
        "kwargs": lambda world: {"signed": world.nom_used_link},
        "method": "post",
        "expect": dict.fromkeys(EVERYONE, 200),
    },
    "nominations:dossier-list": {"method": "get", "expect": signed_in(200)},
    "nominations:dossier-detail": {
        "kwargs": DOSSIER,
        "method": "get",
        "expect": only(nominee=200, lead=200, admin=200),
    },
    "nominations:dossier-edit": {"kwargs": DOSSIER, "method": "get", "expect": OWNER_EDITS},
    "nominations:dossier-import": {"kwargs": DOSSIER, "method": "get", "expect": OWNER_EDITS},
    "nominations:dossier-import-confirm": {
        "kwargs": DOSSIER,
        "method": "post",
        "expect": only(nominee=302, lead=403, admin=403),
    },
    "nominations:dossier-submit": {"kwargs": DOSSIER, "method": "get", "expect": OWNER_EDITS},
    "nominations:activity-edit": {"kwargs": ACTIVITY, "method": "get", "expect": OWNER_EDITS},
    "nominations:activity-delete": {"kwargs": ACTIVITY, "method": "get", "expect": OWNER_EDITS},
    "nominations:activity-csv-template": {"method": "get", "expect": signed_in(200)},
    # Sources: everyone has their own page; a connection or suggestion is its owner's only (others: 404).
    "nominations:source-list": {"method": "get", "expect": signed_in(200)},
    "nominations:source-connect": {
        "kwargs": lambda world: {"kind": "github"},
        "method": "get",
        "expect": signed_in(200),
    },
    "nominations:source-sync": {
        "kwargs": lambda world: {"pk": world.src_connection.pk},
        "method": "post",
        "expect": only(nominee=302),
    },
    "nominations:source-disconnect": {
        "kwargs": lambda world: {"pk": world.src_connection.pk},
        "method": "get",
        "expect": only(nominee=200),
    },
    "nominations:suggestion-accept": {
        "kwargs": lambda world: {"pk": world.src_suggestion.pk},
        "method": "get",
        "expect": only(nominee=200),
    },
    "nominations:suggestion-dismiss": {
        "kwargs": lambda world: {"pk": world.src_suggestion.pk},
        "method": "post",
        "expect": only(nominee=302),
    },
}
