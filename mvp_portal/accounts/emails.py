"""One canonical form of an e-mail address, for comparing people (never for sending)."""

from .managers import UserManager


def canonical_email(address: str | None) -> str:
    """``Me+Self@Example.org`` → ``me@example.org``: lower-case, without the
    ``+tag`` of the local part. Dots are kept: only some providers ignore them,
    and treating ``m.e`` as ``me`` everywhere would merge different people."""
    address = UserManager.normalize_email(address)
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    base = local.split("+", 1)[0]
    return f"{base}@{domain}" if base else address
