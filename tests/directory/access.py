"""Permission-matrix entries for the directory URLs (format: tests/test_permission_matrix.py).

The MVP persona holds a current award in ``world.expertise``, has accepted the
current NDA, and a briefing is published for that expertise. The directory and
profiles are public; the perks are for current MVPs (others: 403 with a reason);
a certificate is its holder's only (others: 404); the dashboard is for program admins.
"""

from datetime import timedelta

from django.utils import timezone

from directory.models import Summit
from tests.factories.directory import BriefingFactory, NdaAcceptanceFactory, NdaVersionFactory
from tests.support.images import give_photo

EVERYONE = ["anonymous", "nominee", "other_nominee", "mvp", "employee", "lead", "other_lead", "admin"]


def everyone(answer):
    return dict.fromkeys(EVERYONE, answer)


def only(default, anonymous="login", **answers):
    return {"anonymous": anonymous, **dict.fromkeys(EVERYONE[1:], default), **answers}


def build(world):
    now = timezone.now()
    world.dir_award = world.mvp.awards.get()
    world.dir_nda = NdaVersionFactory(version="matrix-1", published_at=now - timedelta(days=30))
    NdaAcceptanceFactory(user=world.mvp, version=world.dir_nda, accepted_at=now - timedelta(days=29))
    # Photos: the listed MVP's is public; the nominee's (not listed) is theirs only.
    give_photo(world.mvp)
    give_photo(world.nominee)
    world.dir_briefing = BriefingFactory(expertise=world.expertise, published_at=now - timedelta(days=1))
    today = now.date()
    world.dir_summit = Summit.objects.create(
        name="Matrix Summit",
        place="Redmond",
        starts_on=today + timedelta(days=100),
        ends_on=today + timedelta(days=102),
        capacity=10,
        registration_opens_on=today - timedelta(days=1),
        registration_closes_on=today + timedelta(days=60),
        nda_version=world.dir_nda,
    )


MVP_ONLY = only(403, mvp=200)
ADMIN_ONLY = only(403, admin=200)


def SUMMIT(world):
    return {"pk": world.dir_summit.pk}


ACCESS = {
    "directory:directory": {"method": "get", "expect": everyone(200)},
    "directory:alumni": {"method": "get", "expect": everyone(200)},
    "directory:profile": {"method": "get", "kwargs": lambda world: {"pk": world.mvp.pk}, "expect": everyone(200)},
    # A profile photo: public while its person is listed; otherwise its owner's only (others: 404).
    "directory:photo": [
        {"method": "get", "kwargs": lambda world: {"pk": world.mvp.pk, "size": 64}, "expect": everyone(200)},
        {
            "method": "get",
            "kwargs": lambda world: {"pk": world.nominee.pk, "size": 256},
            "expect": {**everyone(404), "nominee": 200},
        },
    ],
    "directory:nda": {"method": "get", "expect": MVP_ONLY},
    # An empty POST re-renders the form (200) for the MVP; others are refused.
    "directory:nda-accept": {"method": "post", "expect": MVP_ONLY},
    "directory:briefing-list": {"method": "get", "expect": MVP_ONLY},
    "directory:briefing-detail": {
        "method": "get",
        "kwargs": lambda world: {"pk": world.dir_briefing.pk},
        "expect": MVP_ONLY,
    },
    "directory:my-award": {"method": "get", "expect": MVP_ONLY},
    "directory:kit-address": {"method": "post", "expect": MVP_ONLY},
    "directory:renewal-dossier-open": {"method": "post", "expect": only(403, mvp=302)},
    "directory:certificate": {
        "method": "get",
        "kwargs": lambda world: {"pk": world.dir_award.pk},
        "expect": only(404, mvp=200),
    },
    # The Summit: its invitees (the MVP) and program admins; others are refused (403) or told it does not exist (404).
    "directory:summit-list": {"method": "get", "expect": only(403, mvp=200, admin=200)},
    "directory:summit": {"method": "get", "kwargs": SUMMIT, "expect": only(404, mvp=200, admin=200)},
    # An empty POST registers the MVP (no sessions, no needs) and returns to the page.
    "directory:summit-register": {"method": "post", "kwargs": SUMMIT, "expect": only(404, mvp=302, admin=400)},
    "directory:summit-cancel": {"method": "post", "kwargs": SUMMIT, "expect": only(404, mvp=302, admin=302)},
    "directory:summit-create": [
        {"method": "get", "expect": ADMIN_ONLY},
        {"method": "post", "expect": only(403, admin=400)},
    ],
    "directory:summit-edit": [
        {"method": "get", "kwargs": SUMMIT, "expect": ADMIN_ONLY},
        {"method": "post", "kwargs": SUMMIT, "expect": only(403, admin=400)},
    ],
    "directory:summit-attendees": {"method": "get", "kwargs": SUMMIT, "expect": ADMIN_ONLY},
    "directory:summit-session-add": {"method": "post", "kwargs": SUMMIT, "expect": only(403, admin=400)},
    "directory:summit-badges": {"method": "get", "kwargs": SUMMIT, "expect": ADMIN_ONLY},
    "directory:summit-export": {"method": "get", "kwargs": SUMMIT, "expect": ADMIN_ONLY},
    # Shipping the award kits: program admins only (an empty POST selects no kit: 400).
    "directory:kit-list": {"method": "get", "expect": ADMIN_ONLY},
    "directory:kit-ship": {"method": "post", "expect": only(403, admin=400)},
    "directory:kit-export": {"method": "get", "expect": ADMIN_ONLY},
}

# The award credentials (/credentials/): public, for verifiers; a credential's
# id is an unguessable uuid its holder shares.
CREDENTIAL = lambda world: {"credential_id": world.dir_award.credential_id}  # noqa: E731

ACCESS |= {
    "credentials:issuer": {"method": "get", "expect": everyone(200)},
    "credentials:jwks": {"method": "get", "expect": everyone(200)},
    "credentials:status-list": {"method": "get", "expect": everyone(200)},
    "credentials:verify": {"method": "get", "kwargs": CREDENTIAL, "expect": everyone(200)},
    "credentials:verification-json": {"method": "get", "kwargs": CREDENTIAL, "expect": everyone(200)},
    "credentials:credential-json": {"method": "get", "kwargs": CREDENTIAL, "expect": everyone(200)},
    "credentials:credential-jwt": {"method": "get", "kwargs": CREDENTIAL, "expect": everyone(200)},
    "credentials:badge-png": {"method": "get", "kwargs": CREDENTIAL, "expect": everyone(200)},
}
