"""Matching names and ids of reference data as people and old tools write them.

The kernel's part of the legacy vocabulary: expertises (here) and activity
types (``nominations``) both carry ``aliases`` and legacy ids, and both are
matched with the same rules. Pure functions, no database.
"""

import unicodedata
import uuid
from collections.abc import Iterable

from django.utils.translation import gettext as _

MAX_ALIAS_LENGTH = 200


def name_key(value: object) -> str:
    """The form under which two spellings of one name compare equal.

    Insensitive to case, to any whitespace (non-breaking spaces included, and
    none at all: "Model(OAM)" is "Model (OAM)"), to punctuation ("/", ",", "(",
    "-", "…") and to "&" written as "and". "#" and "+" are kept, so "C#", "C++"
    and "C" stay apart. Returns "" for a value with nothing left to compare.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).casefold().replace("&", " and ")
    return "".join(ch for ch in text if ch.isalnum() or ch in "#+")


def parse_uuid(value: object) -> uuid.UUID | None:
    """A UUID written in any of the usual ways (any case, braces, ``urn:uuid:``), else None."""
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    if not 32 <= len(text) <= 45:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def clean_aliases(values: Iterable[object]) -> tuple[list[str], list[str]]:
    """Trimmed, non-empty aliases without repeats (by ``name_key``), and the problems found."""
    cleaned: list[str] = []
    problems: list[str] = []
    seen: set[str] = set()
    for value in values:
        text = " ".join(unicodedata.normalize("NFKC", str(value)).split())
        if not text:
            continue
        key = name_key(text)
        if not key:
            problems.append(_("“%(name)s” has no letters or digits to match on.") % {"name": text})
            continue
        if len(text) > MAX_ALIAS_LENGTH:
            problems.append(
                _("“%(name)s…” is longer than %(max)d characters.") % {"name": text[:40], "max": MAX_ALIAS_LENGTH}
            )
            continue
        if key not in seen:
            seen.add(key)
            cleaned.append(text)
    return cleaned, problems


def clean_uuids(values: Iterable[object]) -> tuple[list[str], list[str]]:
    """Canonical lower-case UUID strings without repeats, and the values that are not UUIDs."""
    cleaned: list[str] = []
    problems: list[str] = []
    for value in values:
        if isinstance(value, str) and not value.strip():
            continue
        parsed = parse_uuid(value)
        if parsed is None:
            problems.append(_("“%(value)s” is not a GUID.") % {"value": value})
        elif str(parsed) not in cleaned:
            cleaned.append(str(parsed))
    return cleaned, problems
