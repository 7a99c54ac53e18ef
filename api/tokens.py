"""The shape of a token, its hash, and reading one back from a request header.

``mvp_`` + an 8-character key id (public: lists show it) + ``_`` + a
40-character secret. Only ``sha256(token)`` is stored.
"""

import functools
import hashlib
import hmac
import re
import secrets
import string
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from mvp_portal.accounts.roles import role_names
from mvp_portal.accounts.viewer import viewer_tables
from mvp_portal.kept_pages import keeping_on, kept_over_tables

from .models import ApiToken

KEY_ID_ALPHABET = string.ascii_lowercase + string.digits
SECRET_ALPHABET = string.ascii_letters + string.digits
KEY_ID_LENGTH = 8
SECRET_LENGTH = 40  # log2(62) * 40 ≈ 238 bits
TOKEN_PATTERN = re.compile(
    rf"^{ApiToken.PREFIX}(?P<key_id>[a-z0-9]{{{KEY_ID_LENGTH}}})_(?P<secret>[A-Za-z0-9]{{{SECRET_LENGTH}}})$"
)


def new_key_id() -> str:
    return "".join(secrets.choice(KEY_ID_ALPHABET) for _ in range(KEY_ID_LENGTH))


def new_token(key_id: str) -> str:
    secret = "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
    return f"{ApiToken.PREFIX}{key_id}_{secret}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenProblem(Exception):
    """Why a presented token is refused; ``kind`` names the case."""

    MESSAGES = {
        "missing": _(
            "No API token: send the header “Authorization: Bearer <token>”. "
            "Create a token on your profile's API tokens page."
        ),
        "malformed": _(
            "The Authorization header is malformed: it must be “Bearer ” followed by a token "
            "that starts with “mvp_”, exactly as it was shown when it was created."
        ),
        "unknown": _("This API token is not known: check that it was copied whole, or create a new one."),
        "revoked": _("This API token was revoked: create a new one on your profile's API tokens page."),
        "expired": _("This API token has expired: create a new one on your profile's API tokens page."),
        "inactive": _("The account this API token belongs to is deactivated."),
    }

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.kind])


def token_from_header(header: str | None, *, now: datetime) -> ApiToken:
    """The active token an ``Authorization`` header carries; else ``TokenProblem``.

    The scheme is case-insensitive (``bearer`` is what some clients send).
    No query while the token is kept (``kept_token``); else one, the token with its user.
    """
    if header is None:
        raise TokenProblem("missing")
    parts = header.split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        raise TokenProblem("malformed")
    match = TOKEN_PATTERN.match(parts[1])
    if match is None:
        raise TokenProblem("malformed")
    token = kept_token(match["key_id"])
    if token is None or not hmac.compare_digest(token.secret_hash, token_hash(parts[1])):
        raise TokenProblem("unknown")
    state = token.state(now)
    if state != "active":
        raise TokenProblem(state)
    if not token.user.is_active:
        raise TokenProblem("inactive")
    return token


def kept_token(key_id: str) -> ApiToken | None:
    """The token of ``key_id`` with its owner and their roles, from the shared cache while none of
    their tables has been written (as the signed-in viewer is, ``mvp_portal.accounts.viewer``): a
    token revoked or used (``services.token_touch``), an owner deactivated or a role taken away is
    read again on the next request. Its hash, state and owner are checked on every request."""
    tables = (ApiToken._meta.db_table, *viewer_tables())
    return kept_over_tables("api-token", (key_id,), tables, functools.partial(_read_token, key_id))


def _read_token(key_id: str) -> ApiToken | None:
    token = ApiToken.objects.select_related("user").filter(key_id=key_id).first()
    if token is not None and keeping_on():
        role_names(token.user)  # read now, to be kept on the owner
    return token
