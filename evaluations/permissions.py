"""Who may do what in evaluations: predicates ``can_<verb>_<noun>(user, obj)``.

Every staff action builds on ``nominations.permissions.can_act_as_lead_on``:
staff who may act for the dossier's recorded country, never its owner, never
with a conflict of interest (nominator, supporter, declared conflict). Nothing
is recommended or decided once the dossier's award date is closed (its cycle
is being or has been announced).
"""

from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mvp_portal.accounts.roles import is_employee, is_mvp_lead, is_program_admin
from mvp_portal.cycles.selectors import is_award_date_closed
from mvp_portal.program_calendar import program_today
from nominations.models import Dossier
from nominations.permissions import can_act_as_lead_on, staff_refusal

from .models import Decision, Reconsideration

__all__ = [
    "ASSIGNABLE_STATES",
    "DECIDABLE_STATES",
    "EVALUABLE_STATES",
    "RECOMMENDABLE_STATES",
    "REVIEWABLE_STATES",
    "can_act_as_lead_on",
    "staff_refusal",
]

REVIEWABLE_STATES = (
    Dossier.State.SUBMITTED,
    Dossier.State.RETURNED,
    Dossier.State.UNDER_EVALUATION,
    Dossier.State.DECIDED,
    Dossier.State.CLOSED,
)
ASSIGNABLE_STATES = Dossier.IN_REVIEW_STATES
EVALUABLE_STATES = Dossier.IN_REVIEW_STATES
RECOMMENDABLE_STATES = Dossier.IN_REVIEW_STATES
DECIDABLE_STATES = (Dossier.State.SUBMITTED, Dossier.State.UNDER_EVALUATION, Dossier.State.DECIDED)


def can_view_queue(user) -> bool:
    return is_mvp_lead(user) or is_program_admin(user)


def can_review_dossier(user, dossier: Dossier) -> bool:
    return dossier.state in REVIEWABLE_STATES and can_act_as_lead_on(user, dossier)


def can_assign_evaluators(user, dossier: Dossier) -> bool:
    return dossier.state in ASSIGNABLE_STATES and can_act_as_lead_on(user, dossier)


def can_recommend_dossier(user, dossier: Dossier) -> bool:
    """Until the decision: once an admin has decided, the recommendation stands as it was."""
    return dossier.state in RECOMMENDABLE_STATES and can_act_as_lead_on(user, dossier)


def can_decide_dossier(user, dossier: Dossier) -> bool:
    return (
        dossier.state in DECIDABLE_STATES
        and is_program_admin(user)
        and can_act_as_lead_on(user, dossier)
        and not is_award_date_closed(dossier.award_date)
    )


def can_draft_feedback(user, dossier: Dossier) -> bool:
    """The staff of the dossier's country, in review and decided (until the announcement, which the service checks)."""
    return dossier.state in DECIDABLE_STATES and can_act_as_lead_on(user, dossier)


def can_approve_feedback(user, dossier: Dossier) -> bool:
    return is_program_admin(user) and can_draft_feedback(user, dossier)


def can_view_audit_trail(user, dossier: Dossier) -> bool:
    return can_act_as_lead_on(user, dossier)


def can_export_cycle(user) -> bool:
    return is_program_admin(user)


def can_be_evaluator(user) -> bool:
    return is_employee(user) and getattr(user, "is_active", False)


RECONSIDERATION_DAYS = 14


def reconsideration_closes_on(decision) -> date | None:
    """The last day a reconsideration of ``decision`` may be asked for: 14 days
    after the day (program time) its result was announced; None before that."""
    if decision is None or decision.announced_at is None:
        return None
    return program_today(decision.announced_at) + timedelta(days=RECONSIDERATION_DAYS)


def reconsideration_refusal(user, dossier: Dossier, *, today: date) -> str:
    """Why ``user`` may not ask for reconsideration of ``dossier`` now; empty when they may."""
    if user is None or dossier.owner_id != getattr(user, "pk", None):
        return _("Only the person whose dossier it is may ask for reconsideration.")
    decision = Decision.objects.filter(dossier=dossier).first()
    closes_on = reconsideration_closes_on(decision)
    if closes_on is None or decision.verdict != Decision.Verdict.DECLINE:
        return _("Only an announced decline can be reconsidered.")
    if Reconsideration.objects.filter(dossier=dossier).exists():
        return _("Reconsideration can be asked for once, and it has been.")
    if today > closes_on:
        return _("Reconsideration could be asked for until %(day)s; that time has passed.") % {
            "day": date_format(closes_on)
        }
    return ""


def can_request_reconsideration(user, dossier: Dossier, *, today: date) -> bool:
    return not reconsideration_refusal(user, dossier, today=today)


def can_decide_reconsideration(user, dossier: Dossier) -> bool:
    """A program admin who may act on the dossier and took no part in its decision."""
    decision = Decision.objects.filter(dossier=dossier).first()
    return (
        decision is not None
        and is_program_admin(user)
        and can_act_as_lead_on(user, dossier)
        and user.pk not in (decision.decided_by_id, decision.changed_by_id)
    )
