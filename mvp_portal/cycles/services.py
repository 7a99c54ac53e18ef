"""Writes of the award cycles: created ahead, moved on by the calendar, deadlines
edited by program admins, every change in the cycle's log.

The announcement (which grants awards and closes the date) belongs to the
awards app; it claims and moves the cycle through ``cycle_announcement_*``
functions of its own and writes this log through ``cycle_log_add``.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mvp_portal import program_calendar as cal
from mvp_portal.attention import everyone_attention_changed

from .models import AwardCycle, CycleLogEntry
from .selectors import deadlines_problem

CYCLES_AHEAD = 4


def cycle_log_add(*, cycle: AwardCycle, actor, action: str, message: str = "", **data) -> CycleLogEntry:
    """Append an entry to a cycle's audit trail."""
    return CycleLogEntry.objects.create(cycle=cycle, actor=actor, action=action, message=message, data=data)


def cycles_ensure(*, today: date, ahead: int = CYCLES_AHEAD) -> int:
    """Make sure the next ``ahead`` award dates (from ``today``) have a cycle,
    with the default deadlines. Idempotent; returns how many were created."""
    dates = cal.award_dates_from(today, ahead)
    missing = set(dates) - set(AwardCycle.objects.filter(award_date__in=dates).values_list("award_date", flat=True))
    created = AwardCycle.objects.bulk_create(
        [
            AwardCycle(
                award_date=day,
                submission_deadline=cal.submission_deadline(day),
                evaluation_deadline=cal.evaluation_deadline(day),
            )
            for day in sorted(missing)
        ],
        ignore_conflicts=True,
    )
    return len(created)


@transaction.atomic
def cycles_advance(*, today: date) -> int:
    """Cycles whose submission deadline has passed move on to evaluating."""
    due = list(
        AwardCycle.objects.select_for_update(skip_locked=True).filter(
            state=AwardCycle.State.OPEN, submission_deadline__lt=today
        )
    )
    AwardCycle.objects.filter(pk__in=[c.pk for c in due]).update(state=AwardCycle.State.EVALUATING)
    CycleLogEntry.objects.bulk_create(
        CycleLogEntry(
            cycle=cycle,
            action="evaluating",
            message=_("Submissions closed on %(day)s; the cycle is being evaluated.")
            % {"day": date_format(cycle.submission_deadline, "SHORT_DATE_FORMAT")},
        )
        for cycle in due
    )
    return len(due)


def cycle_for(award_date: date) -> AwardCycle:
    """The cycle of ``award_date``, created with default deadlines if missing."""
    cycle, _created = AwardCycle.objects.get_or_create(
        award_date=award_date,
        defaults={
            "submission_deadline": cal.submission_deadline(award_date),
            "evaluation_deadline": cal.evaluation_deadline(award_date),
        },
    )
    return cycle


@transaction.atomic
def cycle_deadlines_update(
    *, cycle_id: int, submission_deadline: date, evaluation_deadline: date, actor, today: date
) -> AwardCycle:
    """Program admins move a cycle's deadlines (before it is announced). Every
    page and rule reads them from here (``selectors.cycle_deadlines``)."""
    cycle = AwardCycle.objects.select_for_update().get(pk=cycle_id)
    if cycle.state not in AwardCycle.ANNOUNCEABLE_STATES:
        raise ValidationError(_("This cycle is being or has been announced; its deadlines can no longer change."))
    problem = deadlines_problem(
        award_date=cycle.award_date, submission_deadline=submission_deadline, evaluation_deadline=evaluation_deadline
    )
    if problem:
        raise ValidationError(problem)
    before = {
        "submission_deadline": cycle.submission_deadline.isoformat(),
        "evaluation_deadline": cycle.evaluation_deadline.isoformat(),
        "state": cycle.state,
    }
    cycle.submission_deadline = submission_deadline
    cycle.evaluation_deadline = evaluation_deadline
    # Reopen for submissions when the deadline moves into the future again.
    cycle.state = AwardCycle.State.EVALUATING if submission_deadline < today else AwardCycle.State.OPEN
    cycle.save(update_fields=["submission_deadline", "evaluation_deadline", "state"])
    everyone_attention_changed()  # the submission deadline in every dossier owner's item
    cycle_log_add(
        cycle=cycle,
        actor=actor,
        action="deadlines_changed",
        message=_("Submissions until %(submission)s, evaluations until %(evaluation)s.")
        % {
            "submission": date_format(submission_deadline, "SHORT_DATE_FORMAT"),
            "evaluation": date_format(evaluation_deadline, "SHORT_DATE_FORMAT"),
        },
        before=before,
        after={
            "submission_deadline": submission_deadline.isoformat(),
            "evaluation_deadline": evaluation_deadline.isoformat(),
            "state": cycle.state,
        },
    )
    return cycle
