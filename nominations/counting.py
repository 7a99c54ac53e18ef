"""What counts in a dossier: the one rule that the nominee's pages, the staff's
review page, the exports, the e-mails and the API all read.

An activity counts towards its dossier when

- it falls, at least in part, inside the dossier's period (the last year);
- it is not dated in the future (on ``today``);
- it is unpaid (paid work is refused when it is entered, and the database
  forbids it, so it never reaches a dossier);
- it is not a repeat of an activity listed before it (``activity_keys``): the
  first one counts, the repeats are shown with the reason.

An activity that does not count stays visible, with why. Flags do not change
what counts; they point reviewers at what to check (a missing evidence URL).
Totals are per activity type and per metric, with the type's labels: metrics
of different types (talks and blog visitors) are never added together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mvp_portal import program_calendar as cal
from mvp_portal.accounts.models import Expertise

from .models import Activity, ActivityType, Dossier

# Duplicates ------------------------------------------------------------------------


def normalised_url(url: str) -> str:
    """``url`` compared loosely: case, scheme, ``www.`` and a trailing slash ignored."""
    url = (url or "").strip().lower()
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    return url.removeprefix("www.").rstrip("/")


def activity_keys(*, activity_type: ActivityType | None, url: str, title: str, started_on: date) -> set[tuple]:
    """What makes two activities of a dossier the same: the same title on the same
    day, or the same URL — and, for types whose URL is a profile or group page
    that many activities share (monthly forum answers, a user group's page), the
    same URL on the same day."""
    keys: set[tuple] = {("title", " ".join((title or "").lower().split()), started_on.isoformat())}
    link = normalised_url(url)
    if link:
        if activity_type is not None and activity_type.url_is_profile:
            keys.add(("url", link, started_on.isoformat()))
        else:
            keys.add(("url", link))
    return keys


def dossier_activity_keys(dossier: Dossier, *, exclude_id: int | None = None) -> dict[tuple, int]:
    """Key → id of the activity holding it, for every activity of ``dossier`` (one query)."""
    rows = (
        Activity.objects.filter(dossier=dossier)
        .exclude(pk=exclude_id)
        .select_related("activity_type")
        .only("pk", "url", "title", "started_on", "activity_type__url_is_profile")
        .order_by("started_on", "pk")
    )
    found: dict[tuple, int] = {}
    for activity in rows:
        for key in activity_keys(
            activity_type=activity.activity_type, url=activity.url, title=activity.title, started_on=activity.started_on
        ):
            found.setdefault(key, activity.pk)
    return found


# One activity ----------------------------------------------------------------------


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def outside_period_reason(*, started_on: date, ended_on: date | None, dossier: Dossier) -> str:
    """Why an activity with these dates falls outside ``dossier``'s period, or ""."""
    last_day = ended_on or started_on
    if last_day < dossier.period_start:
        return _("It is dated %(day)s, before the period starts on %(start)s.") % {
            "day": _day(last_day),
            "start": _day(dossier.period_start),
        }
    if started_on > dossier.period_end:
        return _("It started %(day)s, after the period ends on %(end)s.") % {
            "day": _day(started_on),
            "end": _day(dossier.period_end),
        }
    return ""


def outside_period_note(activity: Activity) -> str:
    """The sentence a page adds after saving an activity that falls outside its
    dossier's period (it is kept, but does not count), else ""."""
    reason = outside_period_reason(started_on=activity.started_on, ended_on=activity.ended_on, dossier=activity.dossier)
    return _("Outside the period — not counted: %(reason)s") % {"reason": reason} if reason else ""


def in_period(*, started_on: date, ended_on: date | None, dossier: Dossier) -> bool:
    return not outside_period_reason(started_on=started_on, ended_on=ended_on, dossier=dossier)


@dataclass(frozen=True)
class Standing:
    """Whether an activity counts, and why not; flags for reviewers."""

    counts: bool
    reasons: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


def activity_standing(activity: Activity, dossier: Dossier, *, today: date, duplicate_of: Activity | None) -> Standing:
    reasons = []
    outside = outside_period_reason(started_on=activity.started_on, ended_on=activity.ended_on, dossier=dossier)
    if outside:
        reasons.append(_("Outside the period: %(reason)s") % {"reason": outside})
    if activity.started_on > today:
        reasons.append(_("Dated in the future."))
    if activity.is_paid:
        reasons.append(_("Paid work does not count."))
    if duplicate_of is not None:
        reasons.append(
            _("A repeat of “%(title)s” (%(day)s): counted once.")
            % {"title": duplicate_of.title, "day": _day(duplicate_of.started_on)}
        )
    flags = []
    if activity.activity_type.url_required and not activity.url:
        flags.append(_("No evidence URL"))
    return Standing(counts=not reasons, reasons=tuple(reasons), flags=tuple(flags))


# The whole dossier -----------------------------------------------------------------


@dataclass
class TypeTotal:
    """Counted activities of one type and their metrics, each with the type's label."""

    activity_type: ActivityType
    count: int = 0
    quantity: int = 0
    second_quantity: int = 0
    reach: int = 0
    activities: list[Activity] = field(default_factory=list)  # every activity of the type, counted or not
    not_counted: int = 0


@dataclass(frozen=True)
class MonthBar:
    month: date
    count: int
    quantity: int
    width: int  # percent of the busiest month, in steps of 5 (a CSS class)


@dataclass
class DossierPicture:
    """A dossier as every page shows it: its activities (newest first), each with
    ``activity.standing``; the counted totals per type; the months of the period."""

    dossier: Dossier
    activities: list[Activity]
    types: list[TypeTotal]
    months: list[MonthBar]

    @property
    def total_count(self) -> int:
        return len(self.activities)

    @property
    def counted_count(self) -> int:
        return sum(1 for a in self.activities if a.standing.counts)

    @property
    def not_counted(self) -> list[Activity]:
        return [a for a in self.activities if not a.standing.counts]

    @property
    def flagged(self) -> list[Activity]:
        return [a for a in self.activities if a.standing.flags]

    @property
    def month_max(self) -> int:
        return max([bar.count for bar in self.months] + [1])


def with_shared_references(activities: list[Activity], *, expertise: bool = True) -> list[Activity]:
    """``activities`` with their types (and technology areas) read in one small query
    each and shared between them. A type joined to every row was built once per
    activity, three JSON fields and a UUID each: two thirds of the time a dossier of
    200 activities took to load (bench/NOTES.md)."""
    types = {t.pk: t for t in ActivityType.objects.filter(pk__in={a.activity_type_id for a in activities})}
    type_field = Activity._meta.get_field("activity_type")
    for activity in activities:
        type_field.set_cached_value(activity, types[activity.activity_type_id])
    if expertise:
        areas = {e.pk: e for e in Expertise.objects.filter(pk__in={a.expertise_id for a in activities} - {None})}
        area_field = Activity._meta.get_field("expertise")
        for activity in activities:
            area_field.set_cached_value(activity, areas.get(activity.expertise_id))
    return activities


def dossier_picture(dossier: Dossier, *, today: date, activities: list[Activity] | None = None) -> DossierPicture:
    """The dossier under the one rule of what counts (one query for its activities)."""
    if activities is None:
        activities = with_shared_references(
            list(dossier.activities.select_related("provenance").order_by("-started_on", "-pk"))
        )
    # Repeats: the earliest (by date, then entry) counts; later ones are repeats of it.
    first_with_key: dict[tuple, Activity] = {}
    duplicate_of: dict[int, Activity] = {}
    for activity in sorted(activities, key=lambda a: (a.started_on, a.pk or 0)):
        activity.dossier = dossier
        keys = activity_keys(
            activity_type=activity.activity_type, url=activity.url, title=activity.title, started_on=activity.started_on
        )
        earlier = next((first_with_key[key] for key in keys if key in first_with_key), None)
        if earlier is not None:
            duplicate_of[activity.pk] = earlier
        for key in keys:
            first_with_key.setdefault(key, activity)

    totals: dict[int, TypeTotal] = {}
    month_starts = []
    month = dossier.period_start.replace(day=1)
    while month <= dossier.period_end:
        month_starts.append(month)
        month = cal.add_months(month, 1)
    per_month: dict[date, list[int]] = {m: [0, 0] for m in month_starts}
    for activity in activities:
        activity.standing = activity_standing(
            activity, dossier, today=today, duplicate_of=duplicate_of.get(activity.pk)
        )
        total = totals.setdefault(activity.activity_type_id, TypeTotal(activity.activity_type))
        total.activities.append(activity)
        if not activity.standing.counts:
            total.not_counted += 1
            continue
        total.count += 1
        total.quantity += activity.quantity or 0
        total.second_quantity += activity.second_quantity or 0
        total.reach += activity.reach or 0
        bucket = per_month.get(activity.started_on.replace(day=1))
        if bucket is not None:
            bucket[0] += 1
            bucket[1] += activity.quantity or 0
    busiest = max((count for count, _q in per_month.values()), default=0)
    months = [
        MonthBar(m, count, quantity, (max(5, round(count * 20 / busiest) * 5) if count else 0) if busiest else 0)
        for m, (count, quantity) in per_month.items()
    ]
    ordered = sorted(totals.values(), key=lambda t: (t.activity_type.position, t.activity_type.name))
    return DossierPicture(dossier=dossier, activities=activities, types=ordered, months=months)


def standings_of(activities, *, today: date) -> dict[int, Standing]:
    """The ``Standing`` of each of ``activities`` (of any dossiers), judged against
    all of its dossier's activities as ``dossier_picture`` does (two queries)."""
    dossier_ids = {activity.dossier_id for activity in activities}
    pictures = _pictures(dossier_ids, today=today)
    return {activity.pk: activity.standing for picture in pictures.values() for activity in picture.activities}


def _pictures(dossier_ids, *, today: date) -> dict[int, DossierPicture]:
    dossiers = {d.pk: d for d in Dossier.objects.filter(pk__in=list(dossier_ids))}
    grouped: dict[int, list[Activity]] = {pk: [] for pk in dossiers}
    activities = with_shared_references(
        list(Activity.objects.filter(dossier_id__in=list(dossiers)).order_by("-started_on", "-pk")), expertise=False
    )
    for activity in activities:
        grouped[activity.dossier_id].append(activity)
    return {pk: dossier_picture(dossiers[pk], today=today, activities=grouped[pk]) for pk in dossiers}


def counted_activity_counts(dossier_ids, *, today: date) -> dict[int, int]:
    """How many activities count in each dossier, for lists and exports: the same
    rule as ``dossier_picture``, for many dossiers (two queries)."""
    return {pk: picture.counted_count for pk, picture in _pictures(dossier_ids, today=today).items()}
