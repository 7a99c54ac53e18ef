"""When a new activity would duplicate one already in the dossier.

For now the rule is the CSV import's (``nominations.csv_import.row_keys``:
the same URL, or the same title and date). It becomes nominations' one
"what counts / what is a duplicate" function: switch the call in
``duplicate_of`` and nothing else.
"""

from datetime import date

from nominations.csv_import import row_keys
from nominations.models import Activity


def duplicate_of(*, dossier_id: int, url: str, title: str, started_on: date) -> int | None:
    """The id of the dossier's activity that this one would duplicate, or None (one query)."""
    keys = row_keys(url=url, title=title, started_on=started_on)
    existing = Activity.objects.filter(dossier_id=dossier_id).order_by("pk")
    for pk, other_url, other_title, other_started_on in existing.values_list("pk", "url", "title", "started_on"):
        if keys & row_keys(url=other_url, title=other_title, started_on=other_started_on):
            return pk
    return None
