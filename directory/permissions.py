"""Who may see what among the perks. Predicates take ``today``/``now`` from the caller."""

from datetime import date

from awards.models import Award


def can_download_certificate(user, award: Award) -> bool:
    """Only the holder of an award downloads its certificate."""
    return getattr(user, "is_authenticated", False) and award.user_id == user.pk


def can_confirm_kit_address(user, award: Award, today: date) -> bool:
    """The holder confirms the address of the kit of an award they hold today."""
    return can_download_certificate(user, award) and award.covers(today)


def can_see_photo(viewer, person_id: int, *, listed: bool) -> bool:
    """A profile photo is public while its person is listed in the directory;
    its owner always sees their own (the profile page's preview)."""
    return listed or (getattr(viewer, "is_authenticated", False) and viewer.pk == person_id)
