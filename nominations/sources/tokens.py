"""Access tokens of connected sources (GitHub), kept encrypted at rest.

The token only raises GitHub's rate limit; it is optional. It is stored
because the sync runs later, in a worker, and it is stored encrypted (Fernet:
AES-128-CBC with an HMAC) so that a database dump or a look at the admin does
not give it away: the admin never shows the field, forms never echo it back,
tasks receive a connection id and never the token, and it is deleted with
the connection.

The key comes from ``SOURCES_TOKEN_KEYS`` (Fernet keys, newest first, so that
keys can be rotated), or, when that is empty, is derived from ``SECRET_KEY``
with HKDF. A token that no key can read (the key changed) counts as absent,
and the nominee is asked to enter it again.
"""

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(secret_key: str, keys: tuple[str, ...]) -> MultiFernet:
    if keys:
        return MultiFernet([Fernet(key) for key in keys])
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"nominations.sources.token").derive(
        secret_key.encode()
    )
    return MultiFernet([Fernet(base64.urlsafe_b64encode(derived))])


def _current() -> MultiFernet:
    return _fernet(settings.SECRET_KEY, tuple(getattr(settings, "SOURCES_TOKEN_KEYS", ()) or ()))


def encrypt_token(token: str) -> str:
    """The stored form of ``token`` ("" for no token)."""
    token = (token or "").strip()
    return _current().encrypt(token.encode()).decode() if token else ""


def decrypt_token(stored: str) -> str:
    """The token, or "" when there is none or it can no longer be read."""
    if not stored:
        return ""
    try:
        return _current().decrypt(stored.encode()).decode()
    except (InvalidToken, ValueError):
        return ""
