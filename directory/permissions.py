"""Who may see what among the perks. Predicates take ``today``/``now`` from the caller."""

from datetime import date

from awards.models import Award


def can_download_certificate(user, award: Award) -> bool:
    """Only the holder of an award downloads its certificate."""
    return getattr(user, "is_authenticated", False) and award.user_id == user.pk


def can_confirm_kit_address(user, award: Award, today: date) -> bool:
    """The holder confirms the address of the kit of an award they hold today."""
    return can_download_certificate(user, award) and award.covers(today)
