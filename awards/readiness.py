"""Renewal readiness: an MVP's award year so far against the rubric's criteria.

Not a points total to game but a picture of coverage: for each criterion of
the rubric (what in a year speaks to it is the criterion's ``readiness_signal``)
whether the year so far *covers* it, is *thin* on it or has *nothing yet*, with
the activities behind it; and, for the whole year, how recent the last activity
is, the months without activity and the share of activities with evidence.

What counts is the one rule of ``nominations.counting``: the year is the
award's period (the period its renewal dossier documents); its activities are
the renewal dossier's once the renewal window has opened it, before that the
person's activities dated in the award year in any of their dossiers.

``readiness_picture`` is pure (``today`` passed in); ``readiness_for`` reads
the rows it needs (a constant number of queries) and calls it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from evaluations.models import Criterion
from evaluations.selectors import active_criteria
from mvp_portal import program_calendar as cal
from nominations.counting import DossierPicture, dossier_picture
from nominations.models import Activity, Dossier

from .models import Award, ReadinessNote

# The thresholds of the picture (one place): covered from these, thin below, not yet at none.
COVERED_MIN_ACTIVITIES = 3  # kinds of work, technology area: at least this many behind the criterion
COVERED_MIN_KINDS = 2  # kinds of work: at least this many kinds
COVERED_SHARE = {"reach": 50, "evidence": 75, "area": 50, "spread": 75}  # percent of the year's activities (months)
RECENT_DAYS = 60  # spread: covered only with an activity in the last two months
BEHIND_SHOWN = 5  # activities listed behind a criterion (newest first)


class Coverage:
    COVERED = "covered"
    THIN = "thin"
    NOT_YET = "not_yet"
    JUDGED = "judged"  # no signal in the activities: the evaluators judge it from the whole dossier

    LABELS = {
        COVERED: _("Covered"),
        THIN: _("Thin"),
        NOT_YET: _("Not yet"),
        JUDGED: _("Judged by the evaluators"),
    }


@dataclass
class CriterionReadiness:
    criterion: Criterion
    state: str
    explanation: str
    behind: list[Activity] = field(default_factory=list)  # newest first
    behind_count: int = 0

    @property
    def label(self) -> str:
        return str(Coverage.LABELS[self.state])

    @property
    def shown(self) -> list[Activity]:
        return self.behind[:BEHIND_SHOWN]

    @property
    def more(self) -> int:
        return max(0, self.behind_count - BEHIND_SHOWN)


@dataclass
class Readiness:
    """The picture of one award year on ``today``."""

    award: Award
    today: date
    period_start: date
    period_end: date
    dossier: Dossier | None  # the renewal dossier, once opened
    window_opens_on: date
    window_open: bool
    counted: list[Activity]
    criteria: list[CriterionReadiness]
    elapsed_months: list[date]
    months_without: list[date]
    last_activity_on: date | None
    with_evidence: int
    note: ReadinessNote | None = None

    @property
    def counted_count(self) -> int:
        return len(self.counted)

    @property
    def evidence_percent(self) -> int | None:
        return round(self.with_evidence * 100 / len(self.counted)) if self.counted else None

    @property
    def days_since_last(self) -> int | None:
        return (self.today - self.last_activity_on).days if self.last_activity_on else None

    @property
    def started(self) -> bool:
        return self.today >= self.period_start

    @property
    def gaps(self) -> list[CriterionReadiness]:
        return [row for row in self.criteria if row.state in (Coverage.THIN, Coverage.NOT_YET)]


# The pure part ----------------------------------------------------------------------
def elapsed_months(*, period_start: date, period_end: date, today: date) -> list[date]:
    """First days of the period's months that have begun by ``today`` (the current one included)."""
    months = []
    month = period_start.replace(day=1)
    last = min(today, period_end)
    while month <= last:
        months.append(month)
        month = cal.add_months(month, 1)
    return months


def _share(part: int, whole: int) -> int:
    return round(part * 100 / whole) if whole else 0


def _has_reach(activity: Activity) -> bool:
    return bool(activity.reach or activity.second_quantity)


def _kinds(counted: list[Activity]) -> CriterionReadiness:
    names = list(dict.fromkeys(a.activity_type.local_name for a in sorted(counted, key=_type_order)))
    if not counted:
        return CriterionReadiness(None, Coverage.NOT_YET, str(_("No counted activity yet.")))
    state = Coverage.COVERED
    if len(counted) < COVERED_MIN_ACTIVITIES or len(names) < COVERED_MIN_KINDS:
        state = Coverage.THIN
    explanation = ngettext(
        "%(kinds)s kind of work: %(names)s.",
        "%(kinds)s kinds of work: %(names)s.",
        len(names),
    ) % {"kinds": len(names), "names": ", ".join(names)}
    return CriterionReadiness(None, state, explanation, counted, len(counted))


def _type_order(activity: Activity):
    return (activity.activity_type.position, activity.activity_type.name)


def _by_share(counted: list[Activity], behind: list[Activity], *, signal: str, sentence) -> CriterionReadiness:
    if not behind:
        return CriterionReadiness(None, Coverage.NOT_YET, sentence(0, 0), [], 0)
    share = _share(len(behind), len(counted))
    enough = share >= COVERED_SHARE[signal] and len(behind) >= (COVERED_MIN_ACTIVITIES if signal == "area" else 1)
    state = Coverage.COVERED if enough else Coverage.THIN
    return CriterionReadiness(None, state, sentence(len(behind), share), behind, len(behind))


def _spread(counted: list[Activity], *, months: list[date], without: list[date], today: date) -> CriterionReadiness:
    if not counted:
        return CriterionReadiness(None, Coverage.NOT_YET, str(_("No month with activity yet.")))
    active = len(months) - len(without)
    last = max(a.started_on for a in counted)
    recent = today - last <= timedelta(days=RECENT_DAYS)
    state = Coverage.COVERED if _share(active, len(months)) >= COVERED_SHARE["spread"] and recent else Coverage.THIN
    explanation = ngettext(
        "Activity in %(active)s of the %(months)s month so far.",
        "Activity in %(active)s of the %(months)s months so far.",
        len(months),
    ) % {"active": active, "months": len(months)}
    if not recent:
        explanation += " " + str(
            _("Nothing in the last %(days)s days: the year should show steady work, not one burst.")
            % {"days": RECENT_DAYS}
        )
    return CriterionReadiness(None, state, explanation, counted, len(counted))


def criterion_readiness(
    criterion: Criterion,
    counted: list[Activity],
    *,
    expertise_id: int,
    months: list[date],
    without: list[date],
    today: date,
) -> CriterionReadiness:
    """How the year's counted activities (newest first) speak to one criterion."""
    signal = criterion.readiness_signal
    Signal = Criterion.ReadinessSignal
    if signal == Signal.KINDS:
        row = _kinds(counted)
    elif signal == Signal.REACH:
        row = _by_share(
            counted,
            [a for a in counted if _has_reach(a)],
            signal="reach",
            sentence=lambda n, share: (
                str(_("No activity reports its reach (readers, attendees, members) yet."))
                if not n
                else ngettext(
                    "%(count)s activity reports its reach (%(share)s%% of the year's).",
                    "%(count)s activities report their reach (%(share)s%% of the year's).",
                    n,
                )
                % {"count": n, "share": share}
            ),
        )
    elif signal == Signal.EVIDENCE:
        row = _by_share(
            counted,
            [a for a in counted if a.url],
            signal="evidence",
            sentence=lambda n, share: (
                str(_("No activity has an evidence link yet."))
                if not n
                else ngettext(
                    "%(count)s activity has an evidence link (%(share)s%% of the year's).",
                    "%(count)s activities have an evidence link (%(share)s%% of the year's).",
                    n,
                )
                % {"count": n, "share": share}
            ),
        )
    elif signal == Signal.AREA:
        row = _by_share(
            counted,
            [a for a in counted if a.expertise_id in (None, expertise_id)],
            signal="area",
            sentence=lambda n, share: (
                str(_("No activity in the technology area of the award yet."))
                if not n
                else ngettext(
                    "%(count)s activity in the technology area of the award (%(share)s%% of the year's).",
                    "%(count)s activities in the technology area of the award (%(share)s%% of the year's).",
                    n,
                )
                % {"count": n, "share": share}
            ),
        )
    elif signal == Signal.SPREAD:
        row = _spread(counted, months=months, without=without, today=today)
    else:
        row = CriterionReadiness(
            None, Coverage.JUDGED, str(_("The evaluators judge this from the whole dossier; no count speaks to it."))
        )
    row.criterion = criterion
    return row


def readiness_picture(
    *,
    award: Award,
    picture: DossierPicture,
    criteria: list[Criterion],
    today: date,
    dossier: Dossier | None = None,
    note: ReadinessNote | None = None,
) -> Readiness:
    """The readiness of ``award`` on ``today`` from ``picture`` (its year under the
    rule of what counts) and the rubric's ``criteria``: no queries."""
    counted = sorted(
        (a for a in picture.activities if a.standing.counts), key=lambda a: (a.started_on, a.pk or 0), reverse=True
    )
    months = elapsed_months(
        period_start=picture.dossier.period_start, period_end=picture.dossier.period_end, today=today
    )
    active = {a.started_on.replace(day=1) for a in counted}
    without = [month for month in months if month not in active]
    rows = [
        criterion_readiness(c, counted, expertise_id=award.expertise_id, months=months, without=without, today=today)
        for c in criteria
    ]
    return Readiness(
        award=award,
        today=today,
        period_start=picture.dossier.period_start,
        period_end=picture.dossier.period_end,
        dossier=dossier,
        window_opens_on=cal.renewal_opens_on(award.starts_on),
        window_open=cal.is_in_renewal_window(award.starts_on, today),
        counted=counted,
        criteria=rows,
        elapsed_months=months,
        months_without=without,
        last_activity_on=counted[0].started_on if counted else None,
        with_evidence=sum(1 for a in counted if a.url),
        note=note,
    )


# The selector -----------------------------------------------------------------------
def year_of(award: Award) -> Dossier:
    """The award year as a dossier's period: the renewal dossier once opened, else
    an unsaved one with the period the renewal dossier will have (``awards.services``
    opens it with ``period_start=starts_on, period_end=ends_on``)."""
    if award.renewal_dossier_id:
        return award.renewal_dossier
    return Dossier(
        owner_id=award.user_id,
        kind=Dossier.Kind.RENEWAL,
        expertise_id=award.expertise_id,
        award_date=cal.renewal_award_date(award.starts_on),
        period_start=award.starts_on,
        period_end=award.ends_on,
    )


def _year_activities(award: Award, year: Dossier) -> list[Activity]:
    rows = Activity.objects.select_related("activity_type")
    if award.renewal_dossier_id:
        rows = rows.filter(dossier_id=award.renewal_dossier_id)
    else:
        rows = rows.filter(dossier__owner_id=award.user_id, started_on__lte=year.period_end).filter(
            Q(ended_on__gte=year.period_start) | Q(ended_on__isnull=True, started_on__gte=year.period_start)
        )
    return list(rows.order_by("-started_on", "-pk"))


def readiness_for(award: Award, *, today: date) -> Readiness:
    """The readiness picture of ``award`` on ``today``, with the lead's note (three
    queries: the year's activities, the rubric, the note; ``award`` comes with its
    ``renewal_dossier`` selected)."""
    year = year_of(award)
    picture = dossier_picture(year, today=today, activities=_year_activities(award, year))
    note = ReadinessNote.objects.filter(award=award).select_related("written_by", "updated_by").first()
    return readiness_picture(
        award=award,
        picture=picture,
        criteria=active_criteria(),
        today=today,
        dossier=award.renewal_dossier if award.renewal_dossier_id else None,
        note=note,
    )
