"""Who may do what with nominations and dossiers: predicates only, no writes."""

from datetime import date

from mvp_portal.accounts.roles import is_employee, is_mvp_lead, is_program_admin
from mvp_portal.accounts.selectors import countries_led_by, is_mvp_on

from .models import Dossier, Nomination


def _led_countries(user) -> set[str]:
    """The countries ``user`` leads, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = user.__dict__.get("_led_countries")
    if cache is None:
        cache = countries_led_by(user) if is_mvp_lead(user) else set()
        user.__dict__["_led_countries"] = cache
    return cache


def dossier_country(dossier: Dossier) -> str:
    """The country whose lead looks after ``dossier``: the owner's, else the nomination's."""
    country = str(dossier.owner.country or "")
    if not country and dossier.nomination_id:
        country = str(dossier.nomination.nominee_country)
    return country


NOMINATE_REFUSAL = (
    "Only employees and active MVPs (people whose award covers today) may nominate. "
    "If you know someone who deserves the award, ask an MVP or your MVP lead to nominate them."
)


def can_nominate(user, today: date) -> bool:
    """Active MVPs (an award covering ``today``) and employees."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_employee(user) or is_mvp_on(user, today)


def can_act_as_lead_on_country(user, country: str) -> bool:
    return is_program_admin(user) or (bool(country) and str(country) in _led_countries(user))


def can_act_as_lead_on(user, dossier: Dossier) -> bool:
    """A lead of the owner's country, or a program admin."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_program_admin(user) or can_act_as_lead_on_country(user, dossier_country(dossier))


def can_view_dossier(user, dossier: Dossier) -> bool:
    """Its owner, the lead(s) of the owner's country and program admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    return dossier.owner_id == user.pk or can_act_as_lead_on(user, dossier)


def can_edit_dossier(user, dossier: Dossier) -> bool:
    """Only its owner, and only while it is a draft or returned."""
    if not getattr(user, "is_authenticated", False):
        return False
    return dossier.owner_id == user.pk and dossier.is_editable


def can_submit_dossier(user, dossier: Dossier) -> bool:
    return can_edit_dossier(user, dossier)


def can_return_dossier(user, dossier: Dossier) -> bool:
    return can_act_as_lead_on(user, dossier) and dossier.state in (
        Dossier.State.SUBMITTED,
        Dossier.State.UNDER_EVALUATION,
    )


def can_act_on_nomination(user, nomination: Nomination) -> bool:
    """The lead(s) of the nominee's country; program admins for every country."""
    if not getattr(user, "is_authenticated", False):
        return False
    return can_act_as_lead_on_country(user, str(nomination.nominee_country))


def can_view_nomination_status(user, nomination: Nomination) -> bool:
    """The nominator and supporters see the status only (never the dossier)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return nomination.nominator_id == user.pk or can_act_on_nomination(user, nomination)
