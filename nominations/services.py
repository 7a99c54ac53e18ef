"""Every write of the nominations app: one function per workflow step."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mvp_portal.accounts.selectors import leads_for_country, program_admins
from mvp_portal.notices.services import notice_enqueue

from .models import Dossier, DossierLogEntry
from .permissions import can_act_as_lead_on, dossier_country


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


# Submission and return ------------------------------------------------------
def responsible_staff(country: str) -> list:
    """The MVP lead(s) of ``country``; program admins when it has none."""
    staff = leads_for_country(country) if country else []
    return staff or program_admins()


@transaction.atomic
def dossier_submit(*, dossier_id: int, actor) -> Dossier:
    """The owner hands in a draft (or returned) dossier: it is locked and the
    lead(s) of the owner's country (program admins when none) are told."""
    dossier = Dossier.objects.only("pk", "owner_id").get(pk=dossier_id)
    if actor is None or dossier.owner_id != actor.pk:
        raise PermissionDenied("Only the owner of a dossier may submit it.")
    now = timezone.now()
    dossier = dossier_transition(
        dossier_id=dossier.pk,
        to_state=Dossier.State.SUBMITTED,
        actor=actor,
        action="submitted",
        expected={Dossier.State.DRAFT, Dossier.State.RETURNED},
        submitted_at=now,
    )
    country = dossier_country(dossier)
    staff = responsible_staff(country)
    stamp = now.strftime("%Y%m%dT%H%M%S.%f")
    for person in staff:
        notice_enqueue(
            key=f"nominations:dossier-submitted:{dossier.pk}:{stamp}:{person.pk}",
            to=person,
            template="nominations/emails/dossier_submitted",
            context={"dossier": dossier, "owner": dossier.owner},
        )
    return dossier


@transaction.atomic
def dossier_return(*, dossier_id: int, actor, message: str) -> Dossier:
    """A lead of the owner's country (or a program admin) sends a submitted
    dossier back with a message; it is unlocked and the owner is told."""
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": "Say what the nominee should add or change."})
    dossier = Dossier.objects.select_related("owner", "nomination").get(pk=dossier_id)
    if not can_act_as_lead_on(actor, dossier):
        raise PermissionDenied("Only the MVP lead of the dossier owner's country or a program admin may return it.")
    now = timezone.now()
    dossier = dossier_transition(
        dossier_id=dossier.pk,
        to_state=Dossier.State.RETURNED,
        actor=actor,
        action="returned",
        message=message,
        expected={Dossier.State.SUBMITTED, Dossier.State.UNDER_EVALUATION},
        returned_at=now,
        return_message=message,
    )
    notice_enqueue(
        key=f"nominations:dossier-returned:{dossier.pk}:{now.strftime('%Y%m%dT%H%M%S.%f')}",
        to=dossier.owner,
        template="nominations/emails/dossier_returned",
        context={"dossier": dossier, "message": message, "returned_by": actor},
    )
    return dossier
