"""Who may do what in evaluations: predicates ``can_<verb>_<noun>(user, obj)``.

Nobody ever reaches a page of this app about their own dossier: the owner of a
dossier is never its lead, reviewer, evaluator or decider here.
"""

from mvp_portal.accounts.roles import is_employee, is_mvp_lead, is_program_admin
from mvp_portal.accounts.selectors import countries_led_by
from nominations import permissions as nomination_permissions
from nominations.models import Dossier

REVIEWABLE_STATES = (
    Dossier.State.SUBMITTED,
    Dossier.State.RETURNED,
    Dossier.State.UNDER_EVALUATION,
    Dossier.State.DECIDED,
)
ASSIGNABLE_STATES = (Dossier.State.SUBMITTED, Dossier.State.UNDER_EVALUATION)
EVALUABLE_STATES = (Dossier.State.SUBMITTED, Dossier.State.UNDER_EVALUATION)
RECOMMENDABLE_STATES = (Dossier.State.SUBMITTED, Dossier.State.UNDER_EVALUATION, Dossier.State.DECIDED)
DECIDABLE_STATES = (Dossier.State.SUBMITTED, Dossier.State.UNDER_EVALUATION, Dossier.State.DECIDED)


def lead_countries(user) -> set[str]:
    """The countries ``user`` leads, read once per user object."""
    cache = user.__dict__.get("_evaluations_led_countries")
    if cache is None:
        cache = countries_led_by(user) if is_mvp_lead(user) else set()
        user.__dict__["_evaluations_led_countries"] = cache
    return cache


def can_act_as_lead_on(user, dossier: Dossier) -> bool:
    """A lead of the owner's country, or a program admin (never the owner)."""
    if not getattr(user, "is_authenticated", False) or dossier.owner_id == user.pk:
        return False
    return nomination_permissions.can_act_as_lead_on(user, dossier)


def can_view_queue(user) -> bool:
    return is_mvp_lead(user) or is_program_admin(user)


def can_review_dossier(user, dossier: Dossier) -> bool:
    return dossier.state in REVIEWABLE_STATES and can_act_as_lead_on(user, dossier)


def can_assign_evaluators(user, dossier: Dossier) -> bool:
    return dossier.state in ASSIGNABLE_STATES and can_act_as_lead_on(user, dossier)


def can_recommend_dossier(user, dossier: Dossier) -> bool:
    return dossier.state in RECOMMENDABLE_STATES and can_act_as_lead_on(user, dossier)


def can_decide_dossier(user, dossier: Dossier) -> bool:
    return dossier.state in DECIDABLE_STATES and is_program_admin(user) and dossier.owner_id != user.pk


def can_view_audit_trail(user, dossier: Dossier) -> bool:
    return is_program_admin(user) and dossier.owner_id != user.pk


def can_export_cycle(user) -> bool:
    return is_program_admin(user)


def can_be_evaluator(user) -> bool:
    return is_employee(user) and getattr(user, "is_active", False)
