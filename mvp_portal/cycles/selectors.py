"""Reads about award cycles that every app needs: deadlines and closed dates.

A date without a cycle row (the daily run has not created it yet) has the
calendar's default deadlines and is open.
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mvp_portal import program_calendar as cal

from .models import AwardCycle

# How far ahead to look for an open award date: a year of quarters and then some.
_LOOKAHEAD = 8


def cycle_deadlines(award_date: date) -> tuple[date, date]:
    """The (submission, evaluation) deadlines of ``award_date``: its cycle's, as
    program admins set them, else the calendar's defaults."""
    row = (
        AwardCycle.objects.filter(award_date=award_date)
        .values_list("submission_deadline", "evaluation_deadline")
        .first()
    )
    if row is not None:
        return row
    return cal.submission_deadline(award_date), cal.evaluation_deadline(award_date)


def submission_deadline_for(award_date: date, *, extended_to: date | None = None) -> date:
    """The last day to submit a dossier for ``award_date`` (23:59:59 program time).

    ``extended_to``: a program admin's extension for one dossier
    (``deadline_extension_problem`` bounds it); the later of the two applies."""
    return with_extension(cycle_deadlines(award_date)[0], extended_to)


def with_extension(deadline: date, extended_to: date | None) -> date:
    """A cycle's submission deadline as one dossier's extension moves it (never earlier)."""
    return max(deadline, extended_to) if extended_to else deadline


def submission_deadlines_for(award_dates) -> dict[date, date]:
    """``submission_deadline_for`` of many dates in one query."""
    award_dates = set(award_dates)
    found = dict(AwardCycle.objects.filter(award_date__in=award_dates).values_list("award_date", "submission_deadline"))
    return {day: found.get(day) or cal.submission_deadline(day) for day in award_dates}


def deadlines_problem(*, award_date: date, submission_deadline: date, evaluation_deadline: date) -> str:
    """The cycle's rule for its deadlines: submissions close no later than
    evaluations, and both before the award date. "" when they keep it."""
    if submission_deadline <= evaluation_deadline < award_date:
        return ""
    return str(
        _("The submission deadline must come no later than the evaluation deadline, and both before the award date.")
    )


def deadline_extension_problem(*, award_date: date, new_deadline: date, today: date) -> str:
    """Why one dossier's submission deadline may not move to ``new_deadline``
    ("" when it may): the cycle's own rule for deadlines (no later than its
    evaluation deadline), later than the cycle's deadline, not in the past, and
    never for a date being or already announced."""
    cycle = AwardCycle.objects.filter(award_date=award_date).first()
    if cycle is not None and cycle.is_closed:
        return str(_("This award date is being or has been announced; its deadlines can no longer change."))
    submission, evaluation = (
        (cycle.submission_deadline, cycle.evaluation_deadline)
        if cycle is not None
        else (cal.submission_deadline(award_date), cal.evaluation_deadline(award_date))
    )
    if new_deadline < today:
        return str(_("The new deadline cannot be in the past."))
    if new_deadline <= submission:
        return str(
            _("The new deadline must come after the cycle's submission deadline, %(day)s.")
            % {"day": date_format(submission)}
        )
    rule = deadlines_problem(award_date=award_date, submission_deadline=new_deadline, evaluation_deadline=evaluation)
    if rule:
        return str(
            _("The new deadline can be no later than the cycle's evaluation deadline, %(day)s.")
            % {"day": date_format(evaluation)}
        )
    return ""


def is_award_date_closed(award_date: date) -> bool:
    """Whether ``award_date`` is closed: its cycle is being or has been
    announced. Nothing is decided, recommended or rolled into a closed date."""
    return AwardCycle.objects.filter(award_date=award_date, state__in=AwardCycle.CLOSED_STATES).exists()


def next_open_award_date(today: date, *, after: date | None = None) -> date:
    """The first award date after ``today`` (or after ``after``, if later) whose
    cycle is not closed and whose submission deadline has not passed on ``today``."""
    start = max(today, after) if after else today
    candidates = cal.award_dates_from(cal.award_date_after(start), _LOOKAHEAD)
    cycles = {
        cycle.award_date: cycle
        for cycle in AwardCycle.objects.filter(award_date__in=candidates).only(
            "award_date", "submission_deadline", "state"
        )
    }
    for candidate in candidates:
        cycle = cycles.get(candidate)
        deadline = cycle.submission_deadline if cycle else cal.submission_deadline(candidate)
        if deadline >= today and not (cycle and cycle.is_closed):
            return candidate
    return cal.next_open_award_date(candidates[-1])


def cycle_log(cycle: AwardCycle) -> list:
    return list(cycle.log_entries.select_related("actor").order_by("created_at", "pk"))
