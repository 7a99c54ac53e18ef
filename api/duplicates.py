"""When a new activity would repeat one already in the dossier: the dossier's
one rule of what is the same activity (``nominations.counting.activity_keys``)."""

from datetime import date

from nominations.counting import activity_keys, dossier_activity_keys
from nominations.models import ActivityType, Dossier


def duplicate_of(
    *, dossier_id: int, activity_type: ActivityType | None, url: str, title: str, started_on: date
) -> int | None:
    """The id of the dossier's activity that this one would repeat, or None (one query)."""
    existing = dossier_activity_keys(Dossier(pk=dossier_id))
    keys = activity_keys(activity_type=activity_type, url=url, title=title, started_on=started_on)
    return next((existing[key] for key in keys if key in existing), None)
