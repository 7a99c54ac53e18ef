"""Who may do what with cycles and awards."""

from mvp_portal.accounts.roles import is_program_admin
from mvp_portal.cycles.models import AwardCycle


def can_view_cycle(user, cycle: AwardCycle | None = None) -> bool:
    return is_program_admin(user)


def can_change_cycle(user, cycle: AwardCycle | None = None) -> bool:
    return is_program_admin(user) and (cycle is None or cycle.state in AwardCycle.ANNOUNCEABLE_STATES)


def can_announce_cycle(user, cycle: AwardCycle | None = None) -> bool:
    return is_program_admin(user)
