"""The one mapping between the portal's vocabulary and the Microsoft MVP API's (2017–2022).

The legacy-compatible API (``/mvp/api/``), the file importers and the data
take-out all speak the old API's language through this module and nothing
else. It knows:

- which of our activity types and expertises a legacy id or name means
  (``activity_type_for``, ``expertise_for``, or ``LegacyVocabulary`` to resolve
  many rows with two queries in all);
- what the three legacy numbers (AnnualQuantity, SecondAnnualQuantity,
  AnnualReach) are for each type (``quantities_from_legacy`` /
  ``quantities_to_legacy``): for Mentorship, AnnualReach is the mentees;
- the visibility ids (299600000 Everyone is public; Microsoft and MVP Community
  are private);
- the 2022 API's shapes (``contribution_to_legacy`` / ``contribution_from_legacy``,
  ``contribution_types_legacy``, ``contribution_areas_legacy``,
  ``legacy_sharing_preferences``), checked against the published definition by
  ``tests/nominations/test_legacy.py``.

Everything here is pure except ``LegacyVocabulary.load`` (two queries) and the
functions that call it when no vocabulary is passed in. Nothing writes. Warnings
are plain sentences, translated, for the person importing: a number that
cannot be kept, a quantity raised to 1, a technology area not found (the caller
then uses the dossier's expertise).

Legacy names and ids are recognised in this order: our own name or slug; the
type's or expertise's ``aliases``; its ``legacy_id`` / ``legacy_ids``; and, for
an id no type or expertise holds (a legacy type merged into one of ours, a 2017
area), the names that ``legacy_data`` gives that id. What the legacy API shows
for one of ours is its legacy id (the first of ``legacy_ids``) under the name
the API gave it in 2022; for one with no legacy id, a portal-issued UUID
(``portal_id``) under our own name.
"""

import math
import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from mvp_portal.accounts.models import Expertise
from mvp_portal.accounts.vocabulary import name_key, parse_uuid
from mvp_portal.http import parse_number

from .legacy_data import (
    CONTRIBUTIONS_YML,
    EVERYONE,
    LEGACY_AREAS,
    LEGACY_TYPES,
    LEGACY_VISIBILITIES,
    METRICS,
    MICROSOFT,
    MY_AWARD_CATEGORY,
    OTHER_AWARD_CATEGORY,
    PORTAL_2023_TYPES,
    LegacyArea,
    LegacyType,
    listed_in_2022,
)
from .models import MAX_METRIC, Activity, ActivityType

__all__ = [
    "CONTRIBUTIONS_YML_METRICS",
    "CONTRIBUTIONS_YML_TYPES",
    "METRICS",
    "QUANTITY_FIELDS",
    "LegacyVocabulary",
    "activity_type_for",
    "contribution_areas_legacy",
    "contribution_from_legacy",
    "contribution_to_legacy",
    "contribution_types_legacy",
    "expertise_for",
    "format_legacy_date",
    "legacy_labels",
    "is_legacy_metric_label",
    "legacy_metric_for_label",
    "legacy_quantity_map",
    "legacy_sharing_preferences",
    "parse_legacy_date",
    "portal_id",
    "portal_type_name",
    "quantities_from_legacy",
    "quantities_to_legacy",
    "technology_to_legacy",
    "type_to_legacy",
    "visibility_from_legacy",
    "visibility_to_legacy",
]

AQ, SAQ, AR = METRICS
# Our three numbers, in the order the forms show them.
QUANTITY_FIELDS = ("quantity", "second_quantity", "reach")
# When two legacy numbers go to one of ours, the first given here is read first and written.
# (The API-era apps read AnnualReach where the 2020–2023 web portal wrote SecondAnnualQuantity.)
PREFERENCE = (AR, SAQ, AQ)

# Ids for types and expertises that have no legacy id, stable across installations (by slug).
PORTAL_NAMESPACE = uuid.UUID("6f1c9a52-7d0e-5b8e-9a3c-2f4d8e6b1a70")

QuantityFields = dict[str, int | None]


def portal_id(kind: str, slug: str) -> uuid.UUID:
    """The UUID the legacy API shows for a type (``kind="type"``) or expertise (``"expertise"``) without a legacy id."""
    return uuid.uuid5(PORTAL_NAMESPACE, f"{kind}:{slug}")


# The catalogue, indexed once ---------------------------------------------------------------------------------
def _index(entries: Iterable[LegacyType | LegacyArea]):
    by_id: dict[uuid.UUID, LegacyType | LegacyArea] = {}
    by_key: dict[str, LegacyType | LegacyArea] = {}
    for entry in entries:
        if entry.id:
            by_id[uuid.UUID(entry.id)] = entry
        for name in (entry.name, *entry.older_names):
            by_key.setdefault(name_key(name), entry)
    return by_id, by_key


_TYPE_BY_ID, _TYPE_BY_KEY = _index(LEGACY_TYPES)
_AREA_BY_ID, _AREA_BY_KEY = _index(LEGACY_AREAS)


# Resolving ---------------------------------------------------------------------------------------------------
@dataclass
class _Lookup:
    """Names and ids of one kind of thing (types or expertises), and how to reach them."""

    own: dict[str, Any] = field(default_factory=dict)  # our names and slugs
    aliases: dict[str, Any] = field(default_factory=dict)
    ids: dict[uuid.UUID, Any] = field(default_factory=dict)  # legacy ids
    portal_ids: dict[uuid.UUID, Any] = field(default_factory=dict)

    def by_key(self, key: str):
        return self.own.get(key) or self.aliases.get(key)

    def resolve(self, value: object, catalogue_by_id: dict, catalogue_by_key: dict):
        if value is None:
            return None
        parsed = parse_uuid(value)
        if parsed is not None:
            found = self.ids.get(parsed) or self.portal_ids.get(parsed)
            entry = catalogue_by_id.get(parsed)
            return found or (self._via_names(entry) if entry else None)
        key = name_key(value)
        if not key:
            return None
        found = self.by_key(key)
        if found is not None:
            return found
        entry = catalogue_by_key.get(key)
        if entry is None:
            return None
        by_id = self.ids.get(uuid.UUID(entry.id)) if entry.id else None
        return by_id or self._via_names(entry)

    def _via_names(self, entry) -> Any:
        for name in (entry.name, *entry.older_names):
            found = self.by_key(name_key(name))
            if found is not None:
                return found
        return None


def _active_first(objects: Iterable) -> list:
    objects = list(objects)
    return [o for o in objects if o.is_active] + [o for o in objects if not o.is_active]


@dataclass
class LegacyVocabulary:
    """Every activity type and expertise, indexed by every name and id they are known by.

    Build it once per request or import (``LegacyVocabulary.load()``: two
    queries) and resolve any number of rows with dictionary look-ups. Active
    types and expertises win over inactive ones that claim the same name;
    callers decide whether an inactive one is acceptable.
    """

    types: list[ActivityType]
    expertises: list[Expertise]
    _types: _Lookup = field(default_factory=_Lookup, repr=False)
    _expertises: _Lookup = field(default_factory=_Lookup, repr=False)

    def __post_init__(self) -> None:
        for activity_type in _active_first(self.types):
            for name in (activity_type.name, activity_type.slug):
                self._types.own.setdefault(name_key(name), activity_type)
            for alias in activity_type.aliases or []:
                self._types.aliases.setdefault(name_key(alias), activity_type)
            if activity_type.legacy_id:
                self._types.ids.setdefault(_as_uuid(activity_type.legacy_id), activity_type)
            self._types.portal_ids.setdefault(portal_id("type", activity_type.slug), activity_type)
        for expertise in _active_first(self.expertises):
            for name in (expertise.name, expertise.slug):
                self._expertises.own.setdefault(name_key(name), expertise)
            for alias in expertise.aliases or []:
                self._expertises.aliases.setdefault(name_key(alias), expertise)
            for legacy_id in expertise.legacy_ids or []:
                parsed = parse_uuid(legacy_id)
                if parsed is not None:
                    self._expertises.ids.setdefault(parsed, expertise)
            self._expertises.portal_ids.setdefault(portal_id("expertise", expertise.slug), expertise)

    @classmethod
    def load(cls) -> "LegacyVocabulary":
        """Every type and expertise from the database: two queries."""
        return cls(types=list(ActivityType.objects.all()), expertises=list(Expertise.objects.all()))

    def activity_type(self, value: object) -> ActivityType | None:
        """The type a legacy GUID, legacy name, alias, our name or our slug means; None if none."""
        if isinstance(value, ActivityType):
            return value
        return self._types.resolve(value, _TYPE_BY_ID, _TYPE_BY_KEY)

    def expertise(self, value: object) -> Expertise | None:
        """The expertise a legacy area GUID, legacy area name, alias, our name or our slug means; None if none."""
        if isinstance(value, Expertise):
            return value
        return self._expertises.resolve(value, _AREA_BY_ID, _AREA_BY_KEY)

    def contribution_types(self) -> list[dict[str, str]]:
        """``GET contributions/contributiontypes``: see ``contribution_types_legacy``."""
        entries: dict[str, dict[str, str]] = {}
        for legacy in LEGACY_TYPES:
            if legacy.id and listed_in_2022(legacy.seen_in):
                activity_type = self.activity_type(legacy.id)
                if activity_type is not None and activity_type.is_active:
                    entries[legacy.id] = {"Id": legacy.id, "Name": legacy.name, "EnglishName": legacy.english_name}
        for activity_type in self.types:
            if activity_type.is_active:
                entry = type_to_legacy(activity_type)
                entries.setdefault(entry["Id"], entry)
        return sorted(entries.values(), key=lambda entry: entry["Name"].casefold())

    def contribution_areas(self, *, awarded_category: str | None = None) -> list[dict[str, Any]]:
        """``GET contributions/contributionareas``: see ``contribution_areas_legacy``."""
        areas: dict[str, dict[str, Any]] = {}
        for legacy in LEGACY_AREAS:
            if legacy.id and listed_in_2022(legacy.seen_in):
                expertise = self.expertise(legacy.id)
                if expertise is not None and expertise.is_active:
                    areas[legacy.id] = _area(legacy.id, legacy.name, expertise, awarded_category)
        for expertise in self.expertises:
            if expertise.is_active:
                entry = technology_to_legacy(expertise, awarded_category=awarded_category)
                areas.setdefault(entry["Id"], _area(entry["Id"], entry["Name"], expertise, awarded_category))
        groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for area in areas.values():
            groups.setdefault(area["AwardCategory"], {}).setdefault(area["AwardName"], []).append(area)
        return [
            {
                "AwardCategory": category,
                "Contributions": [
                    {
                        "AwardName": award,
                        "ContributionArea": sorted(groups[category][award], key=lambda a: a["Name"].casefold()),
                    }
                    for award in sorted(groups[category], key=str.casefold)
                ],
            }
            for category in (MY_AWARD_CATEGORY, OTHER_AWARD_CATEGORY)
            if category in groups
        ]


def _as_uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _award_category(expertise: Expertise, awarded_category: str | None) -> str:
    return MY_AWARD_CATEGORY if awarded_category and expertise.category == awarded_category else OTHER_AWARD_CATEGORY


def _area(area_id: str, name: str, expertise: Expertise, awarded_category: str | None) -> dict[str, Any]:
    # Statuscode 0 and Active false are what the API answered for every area.
    return {
        "Id": area_id,
        "Name": name,
        "AwardName": expertise.category,
        "AwardCategory": _award_category(expertise, awarded_category),
        "Statuscode": 0,
        "Active": False,
    }


def activity_type_for(value: object, *, vocabulary: LegacyVocabulary | None = None) -> ActivityType | None:
    """The activity type a legacy GUID (any case, braces or not), name or alias, or our name or slug means.

    Insensitive to case, whitespace (non-breaking spaces too) and punctuation;
    None when nothing matches. Pass a ``vocabulary`` to resolve many values
    without a query each.
    """
    return (vocabulary or LegacyVocabulary.load()).activity_type(value)


def expertise_for(value: object, *, vocabulary: LegacyVocabulary | None = None) -> Expertise | None:
    """The expertise a legacy contribution-area GUID or name, an alias, or our name or slug means; None if none."""
    return (vocabulary or LegacyVocabulary.load()).expertise(value)


# What the legacy API shows for one of ours ---------------------------------------------------------------------
def type_to_legacy(activity_type: ActivityType) -> dict[str, str]:
    """``{"Id", "Name", "EnglishName"}`` for one of our types (a ``ContributionTypeModel``)."""
    if activity_type.legacy_id:
        legacy_id = _as_uuid(activity_type.legacy_id)
        legacy = _TYPE_BY_ID.get(legacy_id)
        if legacy is not None and listed_in_2022(legacy.seen_in):
            return {"Id": str(legacy_id), "Name": legacy.name, "EnglishName": legacy.english_name}
        return {"Id": str(legacy_id), "Name": activity_type.name, "EnglishName": activity_type.name}
    own = str(portal_id("type", activity_type.slug))
    return {"Id": own, "Name": activity_type.name, "EnglishName": activity_type.name}


def technology_to_legacy(expertise: Expertise, *, awarded_category: str | None = None) -> dict[str, str]:
    """``{"Id", "Name", "AwardName", "AwardCategory"}`` for one expertise (a ``ContributionTechnologyModel``).

    ``awarded_category`` is the award category of the person asking (their
    dossier's expertise's category): the API called that "My Awarded Category"
    and every other one "Other Award Category".
    """
    legacy_ids = [parsed for parsed in map(parse_uuid, expertise.legacy_ids or []) if parsed is not None]
    if legacy_ids:
        legacy = _AREA_BY_ID.get(legacy_ids[0])
        name = legacy.name if legacy is not None and listed_in_2022(legacy.seen_in) else expertise.name
        area_id = str(legacy_ids[0])
    else:
        name, area_id = expertise.name, str(portal_id("expertise", expertise.slug))
    return {
        "Id": area_id,
        "Name": name,
        "AwardName": expertise.category,
        "AwardCategory": _award_category(expertise, awarded_category),
    }


def legacy_labels(legacy_id: object) -> str:
    """What each legacy number counted for a legacy type, e.g. "AnnualQuantity: Number of Books; AnnualReach: …"."""
    parsed = parse_uuid(legacy_id) if not isinstance(legacy_id, uuid.UUID) else legacy_id
    legacy = _TYPE_BY_ID.get(parsed) if parsed is not None else None
    if legacy is None:
        return ""
    return "; ".join(f"{metric}: {label}" for metric, label in zip(METRICS, legacy.labels, strict=True) if label)


def contribution_types_legacy(vocabulary: LegacyVocabulary | None = None) -> list[dict[str, str]]:
    """``GET contributions/contributiontypes``: ``[{"Id", "Name", "EnglishName"}]`` sorted by name.

    The 24 types of the 2022 API under their own ids and names, as long as they
    resolve to an active type of ours (so old scripts that look types up by name
    keep working), then each active type of ours that none of them stands for.
    """
    return (vocabulary or LegacyVocabulary.load()).contribution_types()


def contribution_areas_legacy(
    vocabulary: LegacyVocabulary | None = None, *, awarded_category: str | None = None
) -> list[dict[str, Any]]:
    """``GET contributions/contributionareas``, nested as the API nested it.

    ``[{"AwardCategory", "Contributions": [{"AwardName", "ContributionArea": [{"Id", "Name", "AwardName",
    "AwardCategory", "Statuscode", "Active"}]}]}]``: the 118 areas of the 2022
    API under their ids and names, each under the award category (our
    expertise category) of the expertise it resolves to, then every active
    expertise of ours that is not already there under its legacy id. The group
    of ``awarded_category`` (the asker's) is "My Awarded Category" and comes
    first; the rest are "Other Award Category".
    """
    return (vocabulary or LegacyVocabulary.load()).contribution_areas(awarded_category=awarded_category)


# Community file shapes ------------------------------------------------------------------------------------------
# contributions.yml (lmammino/mvp-contributions): its type keys as legacy type ids, and its numbers' names.
CONTRIBUTIONS_YML_TYPES = {key: type_id for key, (type_id, _metrics) in CONTRIBUTIONS_YML.items()}
CONTRIBUTIONS_YML_METRICS = {key: metrics for key, (_type_id, metrics) in CONTRIBUTIONS_YML.items()}
_PORTAL_2023_BY_KEY = {name_key(name): type_id for name, type_id in PORTAL_2023_TYPES.items()}


def portal_type_name(value: object) -> object:
    """The legacy type id for an activity type name of the 2023 web portal; any other value unchanged."""
    return _PORTAL_2023_BY_KEY.get(name_key(value), value) if isinstance(value, str) else value


_METRIC_LABEL_KEYS = frozenset(name_key(label) for legacy in LEGACY_TYPES for label in legacy.labels if label)


def is_legacy_metric_label(label: object) -> bool:
    """Whether some legacy type counted a number under this label (e.g. "Number of Views")."""
    return name_key(label) in _METRIC_LABEL_KEYS


def legacy_metric_for_label(type_value: object, label: object) -> str | None:
    """Which legacy number a column headed with the web portal's label (e.g. "Number of Mentees") is, for a type.

    ``type_value`` is a legacy type id or name as written in the file. None when
    the type is unknown or has no number under that label.
    """
    key = name_key(label)
    if not key:
        return None
    parsed = parse_uuid(type_value)
    legacy = _TYPE_BY_ID.get(parsed) if parsed else _TYPE_BY_KEY.get(name_key(type_value))
    if legacy is None:
        return None
    for metric, metric_label in zip(METRICS, legacy.labels, strict=True):
        if metric_label and name_key(metric_label) == key:
            return metric
    return None


# Numbers --------------------------------------------------------------------------------------------------------
def legacy_quantity_map(activity_type: ActivityType | None) -> dict[str, str | None]:
    """Which of our numbers (``quantity``, ``second_quantity``, ``reach`` or None) each legacy number is.

    From the type's ``legacy_quantities``; a type without one maps by position,
    to the numbers it has labels for.
    """
    stored = activity_type.legacy_quantities if activity_type is not None else None
    if stored and isinstance(stored, dict):
        return {metric: stored.get(metric) if stored.get(metric) in QUANTITY_FIELDS else None for metric in METRICS}
    has_second = activity_type is None or bool(activity_type.second_quantity_label)
    has_reach = activity_type is None or bool(activity_type.reach_label)
    return {AQ: "quantity", SAQ: "second_quantity" if has_second else None, AR: "reach" if has_reach else None}


_INTEGER = re.compile(r"[+-]?\d+(?:\.0*)?")
_GROUPED = re.compile(r"\d{1,3}(?:([, ])\d{3})(?:\1\d{3})*")


def _too_large(metric: str, shown: object) -> str:
    return _("%(metric)s %(value)s is larger than the portal can store (%(max)s); it was left out.") % {
        "metric": metric,
        "value": shown,
        "max": MAX_METRIC,
    }


def _legacy_number(metric: str, value: object) -> tuple[int | None, str | None]:
    """A legacy number as an int (None when not given), or why it cannot be kept."""
    if value is None:
        return None, None
    shown = value
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        number = int(value) if math.isfinite(value) and value.is_integer() else None
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        shown = text
        if not text:
            return None, None
        if _INTEGER.fullmatch(text) or _GROUPED.fullmatch(text):
            digits = re.sub(r"\D", "", text.split(".")[0])
            if len(digits.lstrip("0")) > len(str(MAX_METRIC)):  # and int() refuses past 4,300 digits
                return None, _too_large(metric, shown if len(shown) <= 40 else f"{shown[:40]}…")
            number = -int(digits) if text.startswith("-") else int(digits)
        else:
            number = None
    if number is None:
        return None, _("%(metric)s “%(value)s” is not a whole number; it was left out.") % {
            "metric": metric,
            "value": shown,
        }
    if number < 0:
        return None, _("%(metric)s %(value)s is negative; it was left out.") % {"metric": metric, "value": number}
    if number > MAX_METRIC:
        return None, _too_large(metric, number)
    return number, None


def _label(activity_type: ActivityType | None, field_name: str) -> str:
    if activity_type is None:
        return field_name
    return getattr(activity_type, ActivityType.METRIC_FIELDS[field_name]) or field_name


def quantities_from_legacy(
    activity_type: ActivityType | None,
    *,
    annual_quantity: object = None,
    second_annual_quantity: object = None,
    annual_reach: object = None,
) -> tuple[QuantityFields, list[str]]:
    """Our ``quantity``, ``second_quantity`` and ``reach`` from the three legacy numbers, by the type's mapping.

    Numbers may be ints, integral floats, strings ("1", " 1 200 ") or None. A 0
    means "not given" (the legacy clients sent 0 for empty). Every number that
    is not kept is named in a warning: one the type has no place for, one that
    is negative, too large or not a whole number, one that lost to another
    legacy number going to the same field. ``quantity`` is at least 1: when
    its legacy number is 0 or missing it becomes 1, with a warning.
    """
    mapping = legacy_quantity_map(activity_type)
    given = {AQ: annual_quantity, SAQ: second_annual_quantity, AR: annual_reach}
    found: dict[str, list[str]] = {metric: [] for metric in METRICS}  # warnings, by the number they are about
    numbers: dict[str, int] = {}
    zeros: set[str] = set()
    for metric in METRICS:
        number, problem = _legacy_number(metric, given[metric])
        if problem:
            found[metric].append(problem)
        elif number == 0:
            zeros.add(metric)
        elif number is not None:
            numbers[metric] = number
    fields: QuantityFields = dict.fromkeys(QUANTITY_FIELDS)
    source: dict[str, str] = {}
    for metric in PREFERENCE:
        if metric not in numbers:
            continue
        target = mapping[metric]
        if target is None:
            found[metric].append(
                _("%(metric)s %(value)s was left out: the type “%(type)s” has no such number.")
                % {"metric": metric, "value": numbers[metric], "type": activity_type}
            )
        elif fields[target] is None:
            fields[target], source[target] = numbers[metric], metric
        elif fields[target] != numbers[metric]:
            found[metric].append(
                _("%(metric)s %(value)s was left out: %(label)s was taken from %(source)s (%(kept)s).")
                % {
                    "metric": metric,
                    "value": numbers[metric],
                    "label": _label(activity_type, target),
                    "source": source[target],
                    "kept": fields[target],
                }
            )
    warnings = [warning for metric in METRICS for warning in found[metric]]
    if fields["quantity"] is None:
        fields["quantity"] = 1
        metrics = [metric for metric in METRICS if mapping[metric] == "quantity"]
        values = {"label": _label(activity_type, "quantity"), "metric": " / ".join(metrics) or "—"}
        if zeros & set(metrics):
            warnings.append(
                _("%(label)s (%(metric)s) was 0; it was raised to 1, the least an activity counts.") % values
            )
        else:
            warnings.append(
                _("%(label)s (%(metric)s) was not given; it was set to 1, the least an activity counts.") % values
            )
    return fields, warnings


def quantities_to_legacy(activity: Activity) -> dict[str, int]:
    """``{"AnnualQuantity", "SecondAnnualQuantity", "AnnualReach"}`` for one activity (0 where it has none)."""
    mapping = legacy_quantity_map(activity.activity_type)
    out = dict.fromkeys(METRICS, 0)
    for field_name in QUANTITY_FIELDS:
        value = getattr(activity, field_name)
        if value is None:
            continue
        for metric in PREFERENCE:
            if mapping[metric] == field_name:
                out[metric] = value
                break
    return out


# Visibility ----------------------------------------------------------------------------------------------------
_VISIBILITY_BY_ID = {legacy.id: legacy for legacy in LEGACY_VISIBILITIES}
_VISIBILITY_BY_KEY = {
    name_key(name): legacy.id
    for legacy in LEGACY_VISIBILITIES
    for name in (legacy.description, legacy.localize_key, *legacy.other_names)
}


def _our_visibility(legacy_id: int | None) -> str | None:
    if legacy_id not in _VISIBILITY_BY_ID:
        return None
    return Activity.Visibility.PUBLIC if legacy_id == EVERYONE else Activity.Visibility.PRIVATE


def visibility_from_legacy(value: object) -> str | None:
    """``public`` for Everyone (299600000), ``private`` for Microsoft or MVP Community; None if unrecognised.

    Takes the id (int or digits), the Description ("Everyone", "EveryOne",
    "Microsoft Only"…), a ``{"Id", "Description"}`` object, or our own
    ``public`` / ``private``.
    """
    if isinstance(value, Mapping):
        lowered = {str(key).casefold(): item for key, item in value.items()}
        for key in ("id", "description", "localizekey"):
            found = visibility_from_legacy(lowered.get(key))
            if found is not None:
                return found
        return None
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return _our_visibility(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text.isdigit():
        return _our_visibility(parse_number(text))
    if text.casefold() in Activity.Visibility.values:
        return Activity.Visibility(text.casefold()).value
    return _our_visibility(_VISIBILITY_BY_KEY.get(name_key(text)))


def visibility_to_legacy(visibility: str) -> dict[str, Any]:
    """``{"Id", "Description", "LocalizeKey"}``: Everyone for public, Microsoft (program staff) for private."""
    legacy = _VISIBILITY_BY_ID[EVERYONE if visibility == Activity.Visibility.PUBLIC else MICROSOFT]
    return {"Id": legacy.id, "Description": legacy.description, "LocalizeKey": legacy.localize_key}


def legacy_sharing_preferences() -> list[dict[str, Any]]:
    """``GET contributions/sharingpreferences``: the three visibilities, in the API's order."""
    return [
        {"Id": legacy.id, "Description": legacy.description, "LocalizeKey": legacy.localize_key}
        for legacy in LEGACY_VISIBILITIES
    ]


# Dates ---------------------------------------------------------------------------------------------------------
_LEGACY_DATE = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
# How PowerShell 7 writes back a StartDate it read as a DateTime ("$date" is the invariant culture's
# MM/dd/yyyy HH:mm:ss): month first, never day first.
# Month first only with its time, as PowerShell 7 writes a DateTime back: a bare 05/03/2026 in a file
# is a day-or-month question that the file importers answer from the file's other dates.
_INVARIANT_DATE = re.compile(
    r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?",
    re.IGNORECASE,
)


def parse_legacy_date(value: object) -> date | None:
    """The calendar date of a legacy ``StartDate``, as written; None if it is not one.

    ``yyyy/MM/dd`` (the PowerShell module), ``yyyy-MM-dd``, or an ISO date-time
    with any fraction and offset: ``2026-03-14T01:30:00.1234567-05:00`` is 14
    March 2026, the date where it was written, never shifted to UTC; and
    ``MM/dd/yyyy HH:mm:ss``, what PowerShell 7 sends back after a GET.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    match = _LEGACY_DATE.fullmatch(text) or _INVARIANT_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def format_legacy_date(day: date) -> str:
    """A ``StartDate`` for the API: the date at noon UTC, which is the same calendar day almost everywhere."""
    return f"{day.isoformat()}T12:00:00Z"


# Whole contributions ------------------------------------------------------------------------------------------
def contribution_to_legacy(activity: Activity) -> dict[str, Any]:
    """One activity as a 2022 ``ContributionsModel``: every field of the definition, no null in a string.

    Reads ``activity.activity_type``, ``activity.expertise`` and
    ``activity.dossier.expertise``: select them with the activities
    (``select_related("activity_type", "expertise", "dossier__expertise")``).
    An activity without its own technology area shows its dossier's expertise.
    The end date has no legacy field and is not shown.
    """
    dossier = activity.dossier
    contribution_type = type_to_legacy(activity.activity_type)
    technology = technology_to_legacy(
        activity.expertise or dossier.expertise, awarded_category=dossier.expertise.category
    )
    return {
        "ContributionId": activity.pk,
        "ContributionTypeName": contribution_type["Name"],
        "ContributionType": contribution_type,
        "ContributionTechnology": technology,
        "AdditionalTechnologies": [],
        "StartDate": format_legacy_date(activity.started_on),
        "Title": activity.title,
        "ReferenceUrl": activity.url or "",
        "Visibility": visibility_to_legacy(activity.visibility),
        **quantities_to_legacy(activity),
        "Description": activity.description or "",
        "IsEditable": dossier.is_editable,
    }


def _lowered(data: object) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        return {}
    return {str(key).casefold(): value for key, value in data.items()}


def _text(value: object) -> str:
    if value is None or isinstance(value, Mapping | list):
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def _shown(value: object) -> str:
    """How a legacy reference (an object or a string) is named in a warning."""
    fields = _lowered(value)
    if fields:
        for key in ("name", "englishname", "description", "id"):
            if _text(fields.get(key)):
                return _text(fields.get(key))
        return ""
    return _text(value)


def _resolve(value: object, resolve) -> tuple[Any, bool]:
    """(what a legacy reference resolves to, whether anything was given)."""
    fields = _lowered(value)
    candidates = [fields.get("id"), fields.get("name"), fields.get("englishname")] if fields else [value]
    given = False
    for candidate in candidates:
        if _text(candidate):
            given = True
            found = resolve(candidate)
            if found is not None:
                return found, True
    return None, given


def contribution_from_legacy(
    data: Mapping[str, Any], *, vocabulary: LegacyVocabulary | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Our activity's fields from a legacy contribution as real clients send it, and the warnings.

    Keys in any case (PascalCase from the API clients, lower case from the
    PowerShell bulk-upload CSV); nulls anywhere; quantities as strings;
    ``StartDate`` as ``yyyy/MM/dd``, an ISO date or an ISO date-time; the type
    and the technology as objects (by ``Id``, then ``Name``) or plain strings.

    Returns ``activity_type``, ``expertise`` (None when not given or not found:
    the caller falls back to the dossier's expertise), ``title``, ``started_on``
    (None when missing or unreadable), ``url``, ``description``, ``visibility``
    (private when not given), ``quantity``, ``second_quantity`` and ``reach``.
    Nothing is validated beyond the mapping: required fields and lengths are the
    caller's form's business. ``ContributionId`` is left to the caller.
    """
    vocabulary = vocabulary or LegacyVocabulary.load()
    fields_in = _lowered(data)
    warnings: list[str] = []
    if not isinstance(data, Mapping):
        warnings.append(_("This is not a contribution object; nothing could be read from it."))

    type_value = fields_in.get("contributiontype")
    activity_type, given = _resolve(type_value, vocabulary.activity_type)
    if activity_type is None:
        activity_type, name_given = _resolve(fields_in.get("contributiontypename"), vocabulary.activity_type)
        if not given:
            type_value, given = fields_in.get("contributiontypename"), name_given
    if activity_type is None:
        if given:
            warnings.append(_("“%(type)s” is not a contribution type the portal knows.") % {"type": _shown(type_value)})
        else:
            warnings.append(_("No contribution type was given."))

    technology_value = fields_in.get("contributiontechnology")
    expertise, given = _resolve(technology_value, vocabulary.expertise)
    if expertise is None and given:
        warnings.append(
            _("Technology area “%(area)s” was not found; the dossier's expertise is used.")
            % {"area": _shown(technology_value)}
        )

    additional = fields_in.get("additionaltechnologies")
    if isinstance(additional, str):
        additional = [additional] if additional.strip() else []
    if isinstance(additional, list):
        names = [_shown(item) for item in additional if _shown(item)]
        if names:
            warnings.append(
                _("Additional technology areas ignored (an activity has one): %(areas)s.") % {"areas": ", ".join(names)}
            )

    raw_date = fields_in.get("startdate")
    started_on = parse_legacy_date(raw_date)
    if started_on is None and _text(raw_date):
        warnings.append(_("StartDate “%(value)s” is not a date.") % {"value": _text(raw_date)})

    raw_visibility = fields_in.get("visibility")
    visibility = visibility_from_legacy(raw_visibility)
    if visibility is None:
        if _shown(raw_visibility) or isinstance(raw_visibility, int):
            warnings.append(
                _("Visibility “%(value)s” is not one the portal knows; the activity is kept private.")
                % {"value": _shown(raw_visibility) or raw_visibility}
            )
        visibility = Activity.Visibility.PRIVATE

    quantities, quantity_warnings = quantities_from_legacy(
        activity_type,
        annual_quantity=fields_in.get("annualquantity"),
        second_annual_quantity=fields_in.get("secondannualquantity"),
        annual_reach=fields_in.get("annualreach"),
    )
    warnings.extend(quantity_warnings)
    return (
        {
            "activity_type": activity_type,
            "expertise": expertise,
            "title": _text(fields_in.get("title")),
            "started_on": started_on,
            "url": _text(fields_in.get("referenceurl")),
            "description": _text(fields_in.get("description")),
            "visibility": visibility,
            **quantities,
        },
        warnings,
    )
