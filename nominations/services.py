"""Every write of the nominations app: one function per workflow step."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Dossier, DossierLogEntry


def dossier_log(*, dossier: Dossier, actor, action: str, message: str = "", **data) -> DossierLogEntry:
    """Append an audit entry; used by this app's and higher apps' services."""
    return DossierLogEntry.objects.create(dossier=dossier, actor=actor, action=action, message=message, data=data)


@transaction.atomic
def dossier_transition(
    *, dossier_id: int, to_state: str, actor, action: str, message: str = "", expected: set[str] | None = None, **fields
) -> Dossier:
    """Move a dossier to ``to_state`` under a row lock, if the table allows it.

    ``expected`` narrows the states the caller accepts to start from (e.g. a
    resubmission only from *returned*); ``fields`` are saved with the state.
    Raises ``ValidationError`` with a message fit for the person who clicked.
    """
    dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
    allowed_from = expected or set(Dossier.State.values)
    if dossier.state not in allowed_from or to_state not in Dossier.TRANSITIONS.get(dossier.state, set()):
        raise ValidationError(
            f"This dossier is {dossier.get_state_display().lower()}; it cannot be "
            f"{Dossier.State(to_state).label.lower()} now."
        )
    from_state = dossier.state
    dossier.state = to_state
    for name, value in fields.items():
        setattr(dossier, name, value)
    dossier.save(update_fields=["state", "updated_at", *fields])
    dossier_log(dossier=dossier, actor=actor, action=action, message=message, from_state=from_state, to_state=to_state)
    return dossier


def dossier_create(
    *,
    owner,
    kind: str,
    expertise,
    award_date,
    period_start,
    period_end,
    nomination=None,
    actor=None,
) -> Dossier:
    """Open a draft dossier (new: from a claimed nomination; renewal: by the
    awards side when a renewal window opens). One per person per award date:
    the database refuses a second."""
    dossier = Dossier.objects.create(
        owner=owner,
        kind=kind,
        expertise=expertise,
        award_date=award_date,
        period_start=period_start,
        period_end=period_end,
        nomination=nomination,
    )
    dossier_log(dossier=dossier, actor=actor, action="opened", kind=kind, award_date=award_date.isoformat())
    return dossier
