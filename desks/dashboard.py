"""The program dashboard: MVPs by expertise and by country, the renewal rate
per cycle and the nomination funnel. Reads only; ``today`` from the caller.

The counts over every current award (the totals, MVPs by expertise and by
country, awards granted per date) are the dashboard's costly part and grow with
the program; they change only when awards, profiles or the reference data change,
which is exactly when the public directory goes stale. So they are kept in the
shared cache under the directory's generation token
(``mvp_portal.public_cache.directory_changed``, called next to each of those
writes): one invalidation rule for both.

The pipeline's counts (the nominations funnel, the trends' nominations and the
renewal rate) grow with the program too, and change with any write of a
nomination, a dossier or a decision. They are kept under their own generation
token, replaced on every save and delete of those three models
(``public_cache.replaced_on_writes``, from ``desks.apps``): a signal, not a call at each service,
because some seventy places write those rows and a missed one would leave the
dashboard wrong. Writes that send no signal (``QuerySet.update``) change only
columns the counts do not read (``updated_at``, texts erased), or are the demo's
seeding, which replaces every generation when it ends.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, DateField, Exists, ExpressionWrapper, Max, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils.translation import pgettext_lazy

from awards.models import Award
from evaluations.models import Decision
from mvp_portal import program_calendar as cal
from mvp_portal import public_cache
from mvp_portal.accounts.countries import country_name
from mvp_portal.translated import translated
from nominations.models import Dossier, Nomination

# The pipeline: nominations, dossiers and decisions ----------------------------------------
PIPELINE = "desks:gen:pipeline"
# A week at most: nothing in the counts depends on the day, the generation says when they change.
PIPELINE_COUNTS_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class PipelineCounts:
    """The rows of the two grouped counts over the pipeline, as the cache keeps them."""

    days: list[tuple]  # (day made, dossier's award date or None, nominated, invited, submitted, awarded)
    renewals: list[tuple]  # (award date, renewal dossiers decided, of which awarded)


def pipeline_changed() -> None:
    """The pipeline's counts are stale (a bulk write no signal saw: ``seed_demo``)."""
    public_cache.generations_changed([PIPELINE])


def pipeline_counts() -> PipelineCounts:
    """The pipeline's counts: from the cache while its generation holds, else counted
    (two queries) and kept."""
    return public_cache.kept(
        "dashboard-pipeline",
        (),
        [PIPELINE],
        lambda: PipelineCounts(days=_count_nomination_days(), renewals=_count_renewals()),
        timeout=PIPELINE_COUNTS_SECONDS,
    )


def current_awards(today: date):
    return Award.objects.held_on(today)


@dataclass
class Bar:
    label: str
    count: int
    percent: int = 0
    detail: str = ""


def _scaled(bars: list[Bar]) -> list[Bar]:
    top = max((bar.count for bar in bars), default=0)
    for bar in bars:
        bar.percent = round(100 * bar.count / top) if top else 0
    return bars


# A day at most: the key also holds ``today``, and awards start and end with the days.
AWARD_COUNTS_SECONDS = 24 * 3600


@dataclass(frozen=True)
class AwardCounts:
    """Counts over every award held on a day, in the cache's plain values (labels are
    the reader's language, added per request)."""

    totals: dict
    by_expertise: list[tuple]  # (name, category, translations, MVPs)
    by_country: list[tuple]  # (country code, MVPs)
    granted: dict  # {award date of the trends: (awards granted, of which renewals)}


def award_counts(today: date) -> AwardCounts:
    """The counts of ``today``'s awards: from the cache while the directory's
    generation holds, else counted (four queries) and kept."""
    return public_cache.kept(
        "dashboard-awards",
        (today,),
        [public_cache.DIRECTORY],
        lambda: _count_awards(today),
        timeout=AWARD_COUNTS_SECONDS,
    )


def _count_awards(today: date) -> AwardCounts:
    held = current_awards(today).order_by()
    return AwardCounts(
        totals=held.aggregate(
            mvps=Count("user_id", distinct=True),
            latest=Max("starts_on"),
            expertises=Count("expertise_id", distinct=True),
        ),
        by_expertise=list(
            held.values_list("expertise__name", "expertise__category", "expertise__translations")
            .annotate(n=Count("user_id", distinct=True))
            .order_by("-n", "expertise__name")
        ),
        by_country=list(
            held.values_list("user__country")
            .annotate(n=Count("user_id", distinct=True))
            .order_by("-n", "user__country")
        ),
        granted=_granted_on(trend_dates(today)),
    )


def mvps_by_expertise(counts: AwardCounts) -> list[Bar]:
    return _scaled(
        [
            Bar(label=translated(texts, "name", name), detail=translated(texts, "category", category), count=n)
            for name, category, texts, n in counts.by_expertise
        ]
    )


def mvps_by_country(counts: AwardCounts) -> list[Bar]:
    return _scaled([Bar(label=country_name(code) or code or "Not given", count=n) for code, n in counts.by_country])


@dataclass
class RenewalRate:
    award_date: date
    decided: int
    awarded: int

    @property
    def percent(self) -> int:
        return round(100 * self.awarded / self.decided) if self.decided else 0


def renewal_rates() -> list[RenewalRate]:
    """Per award date: renewal dossiers decided *award* ÷ renewal dossiers decided."""
    return [RenewalRate(award_date=d, decided=n, awarded=a) for d, n, a in pipeline_counts().renewals]


def _count_renewals() -> list[tuple]:
    rows = (
        Dossier.objects.filter(kind=Dossier.Kind.RENEWAL, state=Dossier.State.DECIDED)
        .order_by()
        .values_list("award_date")
        .annotate(
            decided=Count("id"),
            awarded=Count("id", filter=Q(decision__verdict=Decision.Verdict.AWARD)),
        )
        .order_by("-award_date")
    )
    return list(rows)


@dataclass
class FunnelRow:
    award_date: date
    nominated: int = 0
    invited: int = 0
    submitted: int = 0
    awarded: int = 0

    def bars(self) -> list[Bar]:
        return _scaled(
            [
                Bar(pgettext_lazy("nominations funnel stage", "Nominated"), self.nominated),
                Bar(pgettext_lazy("nominations funnel stage", "Invited"), self.invited),
                Bar(pgettext_lazy("nominations funnel stage", "Submitted"), self.submitted),
                Bar(pgettext_lazy("nominations funnel stage", "Awarded"), self.awarded),
            ]
        )


@dataclass(frozen=True)
class NominationDay:
    """Nominations made on one day toward one award date, and how far they got."""

    day: date
    award_date: date  # the dossier's, else the next award date still open on the day
    nominated: int
    invited: int
    submitted: int
    awarded: int


def nomination_days() -> list[NominationDay]:
    """Every nomination, grouped by the day it was made and its dossier's award date:
    the one count behind the funnel and the trends' nominations. A nomination counts
    toward its dossier's award date; one without a dossier yet toward the next award
    date still open when it was made."""
    return [
        NominationDay(day, award_date or cal.next_open_award_date(day), *counts)
        for day, award_date, *counts in pipeline_counts().days
    ]


def _count_nomination_days() -> list[tuple]:
    rows = (
        Nomination.objects.order_by()
        .annotate(day=TruncDate("created_at"))
        .values_list("day", "dossier__award_date")
        .annotate(
            nominated=Count("id"),
            invited=Count(
                "id",
                filter=Q(invited_at__isnull=False) | Q(state__in=["invited", "claimed"]) | Q(dossier__isnull=False),
            ),
            submitted=Count("id", filter=Q(dossier__isnull=False) & ~Q(dossier__state=Dossier.State.DRAFT)),
            awarded=Count("id", filter=Q(dossier__decision__verdict=Decision.Verdict.AWARD)),
        )
    )
    return list(rows)


def nominations_funnel(days: list[NominationDay] | None = None) -> list[FunnelRow]:
    """Nominated → invited → submitted → awarded, per award date (``days`` from
    ``nomination_days``, read when not given)."""
    funnel: dict[date, FunnelRow] = {}
    for made in nomination_days() if days is None else days:
        row = funnel.setdefault(made.award_date, FunnelRow(award_date=made.award_date))
        row.nominated += made.nominated
        row.invited += made.invited
        row.submitted += made.submitted
        row.awarded += made.awarded
    return sorted(funnel.values(), key=lambda r: r.award_date, reverse=True)


# Trends over the cycles -------------------------------------------------------------------
TREND_CYCLES = 8


@dataclass
class TrendRow:
    award_date: date
    awards: int = 0  # granted on the date, new and renewed
    renewals: int = 0  # of which renewed (through a renewal dossier)
    nominations: int = 0  # made toward the date (as the funnel counts them)


@dataclass
class TrendColumn:
    """One column of a server-drawn chart, in the SVG's own units (viewBox 0 0 100 50)."""

    award_date: date
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def label_y(self) -> float:
        return round(self.y - 1.2, 2)

    @property
    def label_x(self) -> float:
        return round(self.x + self.width / 2, 2)


CHART_TOP, CHART_BASE = 6.0, 46.0


def trend_columns(rows: list[TrendRow], metric: str) -> list[TrendColumn]:
    """The columns of one metric's chart: oldest award date on the left, the
    tallest column reaching the top. Pure: drawn from ``rows``."""
    values = [getattr(row, metric) for row in rows]
    top = max(values, default=0)
    slot = 100 / len(rows) if rows else 0
    columns = []
    for index, (row, value) in enumerate(zip(rows, values, strict=True)):
        height = round((CHART_BASE - CHART_TOP) * value / top, 2) if top else 0
        columns.append(
            TrendColumn(
                award_date=row.award_date,
                value=value,
                x=round(index * slot + slot * 0.15, 2),
                y=round(CHART_BASE - height, 2),
                width=round(slot * 0.7, 2),
                height=height,
            )
        )
    return columns


def trend_dates(today: date) -> list[date]:
    """The last ``TREND_CYCLES`` award dates up to the next one after ``today``, oldest first."""
    latest = cal.award_date_after(today)
    return [cal.add_months(latest, -3 * back) for back in range(TREND_CYCLES - 1, -1, -1)]


def _granted_on(dates: list[date]) -> dict[date, tuple[int, int]]:
    """{award date: (awards granted on it, of which renewals)}: one grouped query."""
    # A renewal: granted through a renewal dossier, or to someone whose award ran until the day before.
    continued = Exists(
        Award.objects.filter(
            user_id=OuterRef("user_id"),
            starts_on__lt=OuterRef("starts_on"),
            ends_on__gte=ExpressionWrapper(OuterRef("starts_on") - timedelta(days=1), output_field=DateField()),
        )
    )
    granted = (
        Award.objects.filter(starts_on__in=dates)
        .order_by()
        .values_list("starts_on")
        .annotate(n=Count("pk"), renewed=Count("pk", filter=Q(dossier__kind=Dossier.Kind.RENEWAL) | Q(continued)))
    )
    return {day: (n, renewed) for day, n, renewed in granted}


def program_trends(
    today: date, *, days: list[NominationDay] | None = None, counts: AwardCounts | None = None
) -> list[TrendRow]:
    """Awards (of which renewals) and nominations per award date over the last
    ``TREND_CYCLES`` award dates up to the next one after ``today``, oldest first. The
    awards are counted with the other award counts (``award_counts``, cached); the
    nominations are those of the funnel (``days`` from ``nomination_days``, read when
    not given; ``counts``, the page's ``award_counts``, likewise)."""
    dates = trend_dates(today)
    rows = {day: TrendRow(award_date=day) for day in dates}
    for day, (n, renewed) in (counts or award_counts(today)).granted.items():
        rows[day].awards, rows[day].renewals = n, renewed
    first_day = cal.add_months(dates[0], -12)  # a nomination counts toward a date within a year of it
    for made in nomination_days() if days is None else days:
        if first_day <= made.day <= today and made.award_date in rows:
            rows[made.award_date].nominations += made.nominated
    return [rows[day] for day in dates]
