"""Who may do what with cycles and awards."""

from datetime import date

from mvp_portal import program_calendar as cal
from mvp_portal.accounts.responsibility import may_act_for_country
from mvp_portal.accounts.roles import is_program_admin
from mvp_portal.cycles.models import AwardCycle

from .models import Award


def can_view_cycle(user, cycle: AwardCycle | None = None) -> bool:
    return is_program_admin(user)


def can_change_cycle(user, cycle: AwardCycle | None = None) -> bool:
    return is_program_admin(user) and (cycle is None or cycle.state in AwardCycle.ANNOUNCEABLE_STATES)


def can_announce_cycle(user, cycle: AwardCycle | None = None) -> bool:
    return is_program_admin(user)


# Renewal readiness -------------------------------------------------------------------
def readiness_country(award: Award) -> str:
    """Whose desk the award's readiness is on: the country recorded on its renewal
    dossier once opened (as every renewal notice routes it), else the holder's."""
    dossier = award.renewal_dossier if award.renewal_dossier_id else None
    return str((dossier.country if dossier else "") or award.user.country or "")


def can_view_readiness(user, award: Award) -> bool:
    """The holder, and the staff who may act for them (their lead, program admins)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.pk == award.user_id or may_act_for_country(user, readiness_country(award))


def may_note_readiness(user, award: Award) -> bool:
    """Who may write the lead's note: the responsible lead and program admins,
    never the holder themself."""
    if not getattr(user, "is_authenticated", False) or user.pk == award.user_id:
        return False
    return may_act_for_country(user, readiness_country(award))


def readiness_note_open(award: Award, *, today: date) -> bool:
    """A note may be left while the award's renewal window is open (the window's
    one rule, ``program_calendar.is_in_renewal_window``) and the award not revoked."""
    return cal.is_in_renewal_window(award.starts_on, today) and not award.is_revoked


def can_write_readiness_note(user, award: Award, *, today: date) -> bool:
    return may_note_readiness(user, award) and readiness_note_open(award, today=today)
