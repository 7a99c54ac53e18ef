"""Open Badges 3.0 credentials of the awards: built, signed, baked.

Each award is an ``OpenBadgeCredential`` (a W3C Verifiable Credential, data
model 2.0): the achievement is the expertise's MVP award, the holder is named
and identified by a salted hash of their e-mail address, ``validFrom`` is the
award's start and ``validUntil`` the day after its last day (midnight in the
program's time zone). A person whose award lapsed gets an alumni credential.
Revocation is published as a W3C Bitstring Status List credential whose
index for an award is the award's primary key.

The proof format is VC-JWT (Open Badges 3.0 §8.2, "JSON Web Token Proof
Format"), signed EdDSA with an Ed25519 key, rather than a Data Integrity
``eddsa-rdfc-2022`` proof, because:

- a JWS signs the exact bytes we send: no RDF canonicalisation, so no JSON-LD
  processor and no fetching of ``@context`` documents at signing or
  verification time (an ``rdfc`` proof needs both, and a context fetch is a
  network dependency and a failure mode for every verifier);
- every language has JOSE libraries, so a verifier needs nothing exotic (the
  suite verifies our tokens with PyJWT, another library than ``joserfc`` that
  signs them, and with openbadgeslib's Open Badges 3.0 verifier, which reads
  them from the baked PNG and checks the status list);
- the same signer serves the status list credential.

The payload is the credential itself with the registered claims that §8.2
asks for (``iss``, ``jti``, ``nbf`` from ``validFrom``, ``exp`` from
``validUntil``); the JOSE header names the key (``kid``, the issuer profile's
URL with the key's RFC 7638 thumbprint) and carries the public ``jwk``, which
a verifier must find in the issuer's published key set (``credentials:jwks``).

The private key is ``CREDENTIALS_SIGNING_KEY`` (an Ed25519 private JWK as JSON,
or a PKCS#8 PEM) in production; on a laptop and in tests, where that is empty,
one is generated on first use into ``CREDENTIALS_SIGNING_KEY_FILE`` under
``var/``. Production (``DEBUG=0``) has no key file: signing without the
variable fails loudly (``ImproperlyConfigured``).
"""

import base64
import contextlib
import functools
import gzip
import hashlib
import io
import json
import os
import tempfile
import uuid
import warnings
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from joserfc import jws
from joserfc.errors import SecurityWarning
from joserfc.jwk import OKPKey
from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from mvp_portal.program_calendar import program_time_zone

from .models import AlumniCredential, Award

# RFC 9864 prefers the fully specified "Ed25519" algorithm name; Open Badges
# 3.0 verifiers (and PyJWT) know the registered "EdDSA", which is the same
# signature over the same key, so we keep it and silence joserfc's notice.
ALGORITHM = "EdDSA"
warnings.filterwarnings("ignore", message="EdDSA is deprecated", category=SecurityWarning)

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ISSUER_NAME = "MVP Program"
# A status list is at least 16 KiB (131,072 entries) so that one entry does
# not stand out (the W3C Bitstring Status List's herd privacy); it grows with
# the awards' ids.
STATUS_LIST_MIN_BITS = 131_072
PNG_KEYWORD = "openbadgecredential"  # Open Badges 3.0 baking: the PNG iTXt chunk's keyword


# Keys ------------------------------------------------------------------------------
def _read_or_create_key_file(path: Path) -> str:
    """The key file's JWK, created when missing (0600). Written to a temporary
    file first and linked into place, which fails if the file exists: two
    processes starting together keep one key, and no reader sees half a file."""
    try:
        return path.read_text()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(json.dumps(OKPKey.generate_key("Ed25519").as_dict(private=True)))
        with contextlib.suppress(FileExistsError):  # another process was first: its key stands
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return path.read_text()


@functools.lru_cache(maxsize=4)
def _key_from(configured: str, key_file: str) -> OKPKey:
    if configured:
        key = OKPKey.import_key(json.loads(configured) if configured.lstrip().startswith("{") else configured)
    elif key_file:
        key = OKPKey.import_key(json.loads(_read_or_create_key_file(Path(key_file))))
    else:
        raise ImproperlyConfigured(
            "CREDENTIALS_SIGNING_KEY is not set: the award credentials cannot be signed. "
            "Set it to an Ed25519 private key (a JWK as JSON, or a PKCS#8 PEM)."
        )
    if key.curve_name != "Ed25519" or not key.is_private:
        raise ImproperlyConfigured("CREDENTIALS_SIGNING_KEY must be an Ed25519 private key.")
    return key


def signing_key() -> OKPKey:
    key_file = getattr(settings, "CREDENTIALS_SIGNING_KEY_FILE", None)
    return _key_from(settings.CREDENTIALS_SIGNING_KEY, str(key_file) if key_file else "")


def key_id() -> str:
    return f"{issuer_id()}#{signing_key().thumbprint()}"


def public_jwk() -> dict:
    return signing_key().as_dict(private=False) | {"kid": key_id(), "alg": ALGORITHM, "use": "sig"}


def jwks() -> dict:
    """The issuer's public keys (RFC 7517 key set): what verifiers check against.
    The signing key first, then the retired ones (``CREDENTIALS_RETIRED_PUBLIC_KEYS``)
    that credentials handed out earlier were signed with; private members of
    those, if any were pasted by mistake, are never published."""
    keys = [public_jwk()]
    for retired in settings.CREDENTIALS_RETIRED_PUBLIC_KEYS:
        key = OKPKey.import_key(retired)
        keys.append(key.as_dict(private=False) | {"kid": f"{issuer_id()}#{key.thumbprint()}", "alg": ALGORITHM})
    return {"keys": keys}


# URLs ------------------------------------------------------------------------------
def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def issuer_id() -> str:
    return _absolute(reverse("credentials:issuer"))


def status_list_url() -> str:
    return _absolute(reverse("credentials:status-list"))


def verification_url(credential_id: uuid.UUID) -> str:
    return _absolute(reverse("credentials:verify", args=[credential_id]))


def issuer_profile() -> dict:
    """The issuer's Open Badges 3.0 Profile, published at its id."""
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": issuer_id(),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": settings.SITE_URL,
        "description": "Recognises community experts with the yearly MVP award.",
    }


# Credentials -----------------------------------------------------------------------
def _midnight(day: date) -> str:
    """The start of ``day`` in the program's time zone, as an XML Schema
    dateTime in UTC (what ``validFrom``/``validUntil`` hold)."""
    moment = datetime.combine(day, time.min, tzinfo=program_time_zone())
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _holder(user, salt: str) -> dict:
    """The holder, as Open Badges 3.0 identifies a subject without an id: their
    name, and their e-mail address as a salted SHA-256 hash."""
    digest = hashlib.sha256((user.email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": ["AchievementSubject"],
        "identifier": [
            {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": user.display_name},
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": f"sha256${digest}",
                "salt": salt,
            },
        ],
    }


def _achievement(key: str, name: str, description: str, narrative: str, tags: list[str]) -> dict:
    return {
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, issuer_id() + key)}",
        "type": ["Achievement"],
        "achievementType": "Award",
        "name": name,
        "description": description,
        "criteria": {"narrative": narrative},
        "tag": tags,
    }


def _credential(*, credential_id: uuid.UUID, name: str, subject: dict, valid_from: date, valid_until: date | None):
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME, "url": settings.SITE_URL},
        "validFrom": _midnight(valid_from),
        "credentialSubject": subject,
    }
    if valid_until is not None:
        credential["validUntil"] = _midnight(valid_until)
    return credential


def award_credential(award: Award) -> dict:
    """The award's credential, unsigned (the JWT payload without its claims)."""
    expertise = award.expertise
    subject = _holder(award.user, salt=award.credential_id.hex)
    subject["achievement"] = _achievement(
        f"/achievements/award/{expertise.slug}",
        name=f"{expertise.name} MVP",
        description=f"Most Valuable Professional award in {expertise.name} ({expertise.category}), held for a year.",
        narrative="Nominated by an MVP or an employee, the holder documented a year of community activity "
        "(forums, blogging, speaking, free tools, user groups and the like), which program staff evaluated.",
        tags=[tag for tag in (expertise.category, expertise.name) if tag],
    )
    credential = _credential(
        credential_id=award.credential_id,
        name=f"{expertise.name} MVP",
        subject=subject,
        valid_from=award.starts_on,
        valid_until=award.ends_on + timedelta(days=1),
    )
    credential["credentialStatus"] = {
        "id": f"{status_list_url()}#{award.pk}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(award.pk),
        "statusListCredential": status_list_url(),
    }
    return credential


def alumni_credential(alumni: AlumniCredential) -> dict:
    """The alumni credential: an MVP from the first award's start until the
    lapsed award's end; valid from the day after, with no end."""
    subject = _holder(alumni.user, salt=alumni.credential_id.hex)
    last_day = alumni.alumnus_since - timedelta(days=1)
    subject["achievement"] = _achievement(
        "/achievements/alumni",
        name="MVP Alumni",
        description="Held the Most Valuable Professional award, and stays part of the program's network.",
        narrative="Awarded to a person whose MVP award ended without renewal.",
        tags=["Alumni"],
    )
    subject["activityStartDate"] = _midnight(alumni.first_award_on)
    subject["activityEndDate"] = _midnight(last_day)
    return _credential(
        credential_id=alumni.credential_id,
        name="MVP Alumni",
        subject=subject,
        valid_from=alumni.alumnus_since,
        valid_until=None,
    )


def encoded_status_list(revoked: set[int], length: int) -> str:
    """The W3C Bitstring Status List ``encodedList``: bit ``i`` (the first
    byte's most significant bit is 0) set for each revoked index, GZIP-compressed,
    base64url without padding, with the multibase prefix ``u``."""
    bits = bytearray(length // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def status_list_length(highest_index: int) -> int:
    return max(STATUS_LIST_MIN_BITS, (highest_index // 8 + 1) * 8)


def status_list_credential(*, revoked: set[int], highest_index: int, today: date) -> dict:
    """The revocation list of every award credential, as a credential itself."""
    url = status_list_url()
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": _midnight(today),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_status_list(revoked, status_list_length(highest_index)),
        },
    }


# Signing ---------------------------------------------------------------------------
def _epoch(stamp: str) -> int:
    return int(datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def sign(credential: dict) -> str:
    """The credential as a VC-JWT (compact JWS): the credential's members as
    the claims, plus ``iss``, ``jti``, ``nbf`` and (when it ends) ``exp``."""
    issuer = credential["issuer"]
    claims = dict(credential)
    claims["iss"] = issuer["id"] if isinstance(issuer, dict) else issuer
    claims["jti"] = credential["id"]
    claims["nbf"] = _epoch(credential["validFrom"])
    if "validUntil" in credential:
        claims["exp"] = _epoch(credential["validUntil"])
    subject_id = credential["credentialSubject"].get("id")
    if subject_id:
        claims["sub"] = subject_id
    key = signing_key()
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": key_id(), "jwk": key.as_dict(private=False)}
    payload = json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode()
    return jws.serialize_compact(header, payload, key, algorithms=[ALGORITHM])


# The baked badge ---------------------------------------------------------------------
def _badge_image(title: str, subtitle: str) -> Image.Image:
    size = 400
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(0, 84, 166, 255), outline=(255, 185, 0, 255), width=12)
    big = ImageFont.load_default(size=88)
    small = ImageFont.load_default(size=24)
    draw.text((size / 2, size / 2 - 30), "MVP", font=big, fill="white", anchor="mm")
    for offset, line in enumerate(_wrap(title, 24)[:2]):
        draw.text((size / 2, size / 2 + 45 + 30 * offset), line, font=small, fill="white", anchor="mm")
    draw.text((size / 2, size - 70), subtitle, font=small, fill=(255, 185, 0, 255), anchor="mm")
    return image


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def baked_png(token: str, *, title: str, subtitle: str) -> bytes:
    """A badge image with the signed credential baked in (Open Badges 3.0:
    an uncompressed iTXt chunk, keyword ``openbadgecredential``, holding the
    compact JWT)."""
    info = PngInfo()
    info.add_itxt(PNG_KEYWORD, token, lang="", tkey="", zip=False)
    buffer = io.BytesIO()
    _badge_image(title, subtitle).save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()
