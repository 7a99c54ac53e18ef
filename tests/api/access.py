"""Permission-matrix entries for the API app's URLs (format: tests/test_permission_matrix.py).

The tokens pages are pages: signed-in people manage their own tokens only.
The /api/v1/ endpoints take a Bearer token and never a session, so every
signed-in persona here gets 401 (tests/api/test_token_matrix.py is their
matrix, by token); the documentation needs no token.
"""

from django.utils import timezone

from api import services

EVERYONE = ["anonymous", "nominee", "other_nominee", "mvp", "employee", "lead", "other_lead", "admin"]


def everyone(answer):
    return dict.fromkeys(EVERYONE, answer)


def only(anonymous="login", default=404, **answers):
    return {"anonymous": anonymous, **dict.fromkeys(EVERYONE[1:], default), **answers}


def build(world):
    world.api_token, _ = services.token_create(
        user=world.nominee, name="matrix", scope="write", days=30, now=timezone.now()
    )


TOKEN = lambda world: {"pk": world.api_token.pk}  # noqa: E731
NO_SESSION = everyone(401)  # a session cookie does not open the API

ACCESS = {
    "api:token-list": [
        {"method": "get", "expect": only(default=200)},
        {
            "method": "post",
            "data": lambda world: {"name": "matrix", "scope": "read", "days": "30"},
            "expect": only(default=200),
        },
    ],
    "api:token-revoke": [
        {"kwargs": TOKEN, "method": "get", "expect": only(nominee=200)},
        {"kwargs": TOKEN, "method": "post", "expect": only(nominee=302)},
    ],
    "api:takeout": {"method": "get", "expect": only(default=200)},
    "api:v1:root": {"method": "get", "expect": everyone(200)},
    "api:v1:openapi": {"method": "get", "expect": everyone(200)},
    "api:v1:docs": {"method": "get", "expect": everyone(200)},
    "api:v1:not-found": {"kwargs": lambda world: {"rest": "nothing-here/"}, "method": "get", "expect": everyone(404)},
    "api:v1:me": {"method": "get", "expect": NO_SESSION},
    "api:v1:activity-type-list": {"method": "get", "expect": NO_SESSION},
    "api:v1:expertise-list": {"method": "get", "expect": NO_SESSION},
    "api:v1:dossier-list": {"method": "get", "expect": NO_SESSION},
    "api:v1:dossier-detail": {
        "kwargs": lambda world: {"pk": world.nom_dossier.pk},
        "method": "get",
        "expect": NO_SESSION,
    },
    "api:v1:activity-list": {"method": "get", "expect": NO_SESSION},
    "api:v1:activity-detail": {
        "kwargs": lambda world: {"pk": world.nom_activity.pk},
        "method": "get",
        "expect": NO_SESSION,
    },
    "api:v1:staff-nomination-list": {"method": "get", "expect": NO_SESSION},
    "api:v1:staff-dossier-list": {"method": "get", "expect": NO_SESSION},
    "api:v1:staff-assignment-list": {"method": "get", "expect": NO_SESSION},
    # /mvp/api/: the 2022 MVP API's surface, tokens only as well.
    "legacy:contributions": {"method": "get", "expect": NO_SESSION},
    "legacy:contribution-types": {"method": "get", "expect": NO_SESSION},
    "legacy:contribution-areas": {"method": "get", "expect": NO_SESSION},
    "legacy:sharing-preferences": {"method": "get", "expect": NO_SESSION},
    "legacy:contribution-page": {
        "kwargs": lambda world: {"offset": 0, "limit": 0},
        "method": "get",
        "expect": NO_SESSION,
    },
    "legacy:contribution-current-page": {
        "kwargs": lambda world: {"offset": 0, "limit": 10},
        "method": "get",
        "expect": NO_SESSION,
    },
    "legacy:contribution-historical-page": {
        "kwargs": lambda world: {"offset": 0, "limit": 10},
        "method": "get",
        "expect": NO_SESSION,
    },
    "legacy:contribution-detail": {
        "kwargs": lambda world: {"pk": world.nom_activity.pk},
        "method": "get",
        "expect": NO_SESSION,
    },
    "legacy:profile": {"method": "get", "expect": NO_SESSION},
    "legacy:online-identities": {"method": "get", "expect": NO_SESSION},
    "legacy:not-found": {"kwargs": lambda world: {"rest": "profile/photo"}, "method": "get", "expect": everyone(404)},
}
