"""Reads of the nominations app used by more than one view (or app)."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from mvp_portal import program_calendar as cal
from mvp_portal.accounts.models import Region
from mvp_portal.accounts.roles import is_program_admin
from mvp_portal.accounts.selectors import countries_led_by

from .models import Activity, ActivityType, Dossier, Nomination
from .permissions import can_act_on_nomination, can_view_dossier


def get_dossier_for(user, pk: int) -> Dossier:
    """The dossier if ``user`` may see it; 404 for missing and forbidden alike."""
    dossier = Dossier.objects.select_related("owner", "nomination", "expertise").filter(pk=pk).first()
    if dossier is None or not can_view_dossier(user, dossier):
        raise Http404("No such dossier.")
    return dossier


# Dossier pages --------------------------------------------------------------
@dataclass(frozen=True)
class TypeTotal:
    activity_type: ActivityType
    count: int
    quantity: int
    second_quantity: int
    reach: int


@dataclass(frozen=True)
class MonthBar:
    month: date
    count: int
    width: int  # percent of the busiest month, in steps of 5 (a CSS class)


def dossier_activities(dossier: Dossier) -> list[Activity]:
    """Every activity of ``dossier`` by date, newest first, with its type (one query)."""
    activities = list(
        dossier.activities.select_related("activity_type", "expertise", "provenance").order_by("-started_on", "-pk")
    )
    for activity in activities:
        activity.dossier = dossier
    return activities


def dossier_totals(dossier: Dossier, activities: list[Activity]) -> list[TypeTotal]:
    """Per type, the counted (in-period) activities and their summed metrics."""
    totals: dict[int, list] = {}
    types: dict[int, ActivityType] = {}
    for activity in activities:
        if not activity.is_in_period():
            continue
        types[activity.activity_type_id] = activity.activity_type
        row = totals.setdefault(activity.activity_type_id, [0, 0, 0, 0])
        row[0] += 1
        row[1] += activity.quantity or 0
        row[2] += activity.second_quantity or 0
        row[3] += activity.reach or 0
    ordered = sorted(types.values(), key=lambda t: (t.position, t.name))
    return [TypeTotal(t, *totals[t.pk]) for t in ordered]


def dossier_months(dossier: Dossier, activities: list[Activity]) -> list[MonthBar]:
    """Counted activities per month of the period (by their date), oldest first."""
    first = dossier.period_start.replace(day=1)
    months = []
    month = first
    while month <= dossier.period_end:
        months.append(month)
        month = cal.add_months(month, 1)
    counts = dict.fromkeys(months, 0)
    for activity in activities:
        if activity.is_in_period() and dossier.covers(activity.started_on):
            counts[activity.started_on.replace(day=1)] += 1
    busiest = max(counts.values(), default=0)
    bars = []
    for month in months:
        count = counts[month]
        width = 0 if not busiest else max(5, round(count * 20 / busiest) * 5) if count else 0
        bars.append(MonthBar(month, count, width))
    return bars


@dataclass(frozen=True)
class Deadline:
    day: date
    program_end: datetime
    program_zone: str
    own_end: datetime | None
    own_zone: str
    passed: bool = False

    @staticmethod
    def _text(moment: datetime) -> str:
        return f"{moment:%A %-d %B %Y, %H:%M:%S}"

    @property
    def program_text(self) -> str:
        return self._text(self.program_end)

    @property
    def own_text(self) -> str:
        return self._text(self.own_end) if self.own_end else ""


def dossier_deadline(dossier: Dossier, user, today: date | None = None) -> Deadline:
    """The submission deadline: 23:59:59 of its day in the program's zone, and in ``user``'s own."""
    day = cal.submission_deadline(dossier.award_date)
    program_zone = cal.program_time_zone()
    program_end = cal.end_of_day(day, program_zone)
    own_end, own_zone = None, getattr(user, "time_zone", "") or ""
    if own_zone and own_zone != str(program_zone):
        try:
            own_end = program_end.astimezone(ZoneInfo(own_zone))
        except (ZoneInfoNotFoundError, ValueError):
            own_end = None
    return Deadline(day, program_end, str(program_zone), own_end, own_zone, passed=bool(today and today > day))


def dossiers_owned_by(user) -> list[Dossier]:
    return list(
        Dossier.objects.filter(owner=user)
        .select_related("expertise")
        .annotate(activity_count=Count("activities"))
        .order_by("-award_date")
    )


def dossiers_for_lead(user) -> QuerySet[Dossier]:
    """Submitted dossiers whose owner's country ``user`` leads (all, for program admins)."""
    qs = Dossier.objects.filter(state=Dossier.State.SUBMITTED).select_related("owner", "expertise", "nomination")
    if is_program_admin(user):
        return qs.order_by("submitted_at")
    countries = sorted(countries_led_by(user))
    return qs.filter(
        Q(owner__country__in=countries) | Q(owner__country="", nomination__nominee_country__in=countries)
    ).order_by("submitted_at")


# Nominations ----------------------------------------------------------------
def countries_with_a_lead() -> set[str]:
    return {str(c) for region in Region.objects.filter(leads__isnull=False).distinct() for c in region.countries}


def nominations_for_lead(user) -> QuerySet[Nomination]:
    """The lead's countries; for program admins, the countries without a lead (and their own)."""
    qs = Nomination.objects.select_related("nominator", "expertise").annotate(support_count=Count("supports"))
    if is_program_admin(user):
        return qs.exclude(nominee_country__in=sorted(countries_with_a_lead() - countries_led_by(user)))
    return qs.filter(nominee_country__in=sorted(countries_led_by(user)))


def get_nomination_for_lead(user, pk: int) -> Nomination:
    nomination = (
        Nomination.objects.select_related("nominator", "expertise", "nominee")
        .prefetch_related("supports__supporter")
        .filter(pk=pk)
        .first()
    )
    if nomination is None or not can_act_on_nomination(user, nomination):
        raise Http404("No such nomination.")
    return nomination


NOMINATOR_DOSSIER_STATUS = {
    Dossier.State.DRAFT: "Nominee documenting",
    Dossier.State.RETURNED: "Nominee documenting",
    Dossier.State.SUBMITTED: "Dossier submitted",
    Dossier.State.UNDER_EVALUATION: "Under evaluation",
    Dossier.State.DECIDED: "Evaluated",
}


def nominations_of_nominator(user) -> list[Nomination]:
    """Nominations ``user`` made or supports, each with ``status_label``: the
    stage it has reached, never the dossier's contents or the verdict."""
    nominations = list(
        Nomination.objects.filter(Q(nominator=user) | Q(supports__supporter=user))
        .select_related("expertise", "dossier")
        .distinct()
        .order_by("-created_at")
    )
    for nomination in nominations:
        dossier = getattr(nomination, "dossier", None)
        nomination.status_label = (
            NOMINATOR_DOSSIER_STATUS[dossier.state] if dossier is not None else nomination.get_state_display()
        )
    return nominations


def activity_count_subquery() -> Subquery:
    """The number of a dossier's activities, as a correlated subquery: cheaper
    than a join and GROUP BY over every activity when only a page is shown."""
    counts = Activity.objects.filter(dossier=OuterRef("pk")).order_by().values("dossier").annotate(n=Count("pk"))
    return Coalesce(Subquery(counts.values("n")), 0)
