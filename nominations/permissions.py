"""Who may do what with nominations and dossiers: predicates only, no writes.

Staff act on a dossier (review, return, recommend, assign, decide) when they
may act for its recorded country — the responsible MVP lead, or a program
admin, who oversees every country (``mvp_portal.accounts.responsibility``) —
and never on their own dossier or on one they have a conflict of interest with
(``selectors.staff_conflict``: the owner, the nominator, a supporter, or
someone who declared a conflict). Every app's staff permission builds on
``can_act_as_lead_on``.
"""

from datetime import date

from mvp_portal.accounts.responsibility import may_act_for_country
from mvp_portal.accounts.roles import is_employee
from mvp_portal.accounts.selectors import is_mvp_on

from .models import Dossier, Nomination

NOMINATE_REFUSAL = (
    "Only employees and active MVPs (people whose award covers today) may nominate. "
    "If you know someone who deserves the award, ask an MVP or your MVP lead to nominate them."
)


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


def can_nominate(user, today: date) -> bool:
    """Active MVPs (an award covering ``today``) and employees."""
    if not _signed_in(user):
        return False
    return is_employee(user) or is_mvp_on(user, today)


def staff_refusal(user, dossier: Dossier) -> str:
    """Why ``user`` may not act as staff on ``dossier``, or "" when they may."""
    from .selectors import staff_conflict

    if not _signed_in(user) or not is_employee(user):
        return "Only program staff act on dossiers."
    if not may_act_for_country(user, dossier.country):
        return "Only the MVP lead of the dossier's country or a program admin may act on it."
    conflict = staff_conflict(user, dossier)
    if conflict:
        return f"You cannot act on this dossier: you {conflict}."
    return ""


def can_act_as_lead_on(user, dossier: Dossier) -> bool:
    """Staff responsible for the dossier's country, or a program admin — never its
    owner, nor anyone with a conflict of interest on it."""
    return not staff_refusal(user, dossier)


def can_view_dossier(user, dossier: Dossier) -> bool:
    """Its owner, and the staff who may act on it."""
    if not _signed_in(user):
        return False
    return dossier.owner_id == user.pk or can_act_as_lead_on(user, dossier)


def can_edit_dossier(user, dossier: Dossier) -> bool:
    """Only its owner, and only while it is a draft or returned."""
    if not _signed_in(user):
        return False
    return dossier.owner_id == user.pk and dossier.is_editable


def can_submit_dossier(user, dossier: Dossier) -> bool:
    return can_edit_dossier(user, dossier)


def can_return_dossier(user, dossier: Dossier) -> bool:
    return dossier.state in Dossier.IN_REVIEW_STATES and can_act_as_lead_on(user, dossier)


def can_act_on_nomination(user, nomination: Nomination) -> bool:
    """Staff who may act for the nominee's country (its lead, or a program admin),
    except the nominator and supporters of the nomination."""
    if not _signed_in(user) or not is_employee(user):
        return False
    if not may_act_for_country(user, nomination.nominee_country):
        return False
    if nomination.nominator_id == user.pk or nomination.nominee_id == user.pk:
        return False
    return not nomination.supports.filter(supporter=user).exists()


def can_view_nomination_status(user, nomination: Nomination) -> bool:
    """The nominator and supporters see the status only (never the dossier)."""
    if not _signed_in(user):
        return False
    return nomination.nominator_id == user.pk or can_act_on_nomination(user, nomination)
