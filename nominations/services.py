"""Every write of the nominations app: one function per workflow step."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mvp_portal import bulk, public_cache
from mvp_portal import program_calendar as cal
from mvp_portal.accounts.emails import canonical_email
from mvp_portal.accounts.models import User
from mvp_portal.accounts.responsibility import responsible_staff
from mvp_portal.accounts.selectors import is_mvp_on
from mvp_portal.accounts.signin import login_username
from mvp_portal.attention import attention_changed
from mvp_portal.cycles.selectors import deadline_extension_problem, next_open_award_date, submission_deadline_for
from mvp_portal.notices.services import NoticeLink, notice_enqueue

from . import counting
from .models import (
    Activity,
    ActivityType,
    Dossier,
    DossierLogEntry,
    Invitation,
    Nomination,
    NominationSupport,
    SourceConnection,
    Suggestion,
)
from .permissions import NOMINATE_REFUSAL, can_act_on_nomination, can_nominate, staff_refusal
from .selectors import responsible_staff_for, submission_target


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
    The log entry written is ``dossier.log_entry`` (notice keys use its id).
    """
    dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
    allowed_from = expected or set(Dossier.State.values)
    if dossier.state not in allowed_from or to_state not in Dossier.TRANSITIONS.get(dossier.state, set()):
        raise ValidationError(
            _("This dossier's state is “%(state)s”; it cannot become “%(to)s” now.")
            % {"state": dossier.get_state_display(), "to": Dossier.State(to_state).label}
        )
    from_state = dossier.state
    dossier.state = to_state
    for name, value in fields.items():
        setattr(dossier, name, value)
    dossier.save(update_fields=["state", "updated_at", *fields])
    dossier.log_entry = dossier_log(
        dossier=dossier, actor=actor, action=action, message=message, from_state=from_state, to_state=to_state
    )
    # The owner's "draft / returned" item, and its evaluators' "to evaluate" counts (evaluable states only).
    attention_changed(dossier.owner_id, *dossier.assignments.values_list("evaluator_id", flat=True))
    return dossier


def _country_of(owner, nomination=None) -> str:
    """The country a dossier is routed by: its owner's, else the nomination's."""
    return str(owner.country or (nomination.nominee_country if nomination is not None else "") or "")


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
        country=_country_of(owner, nomination),
        award_date=award_date,
        period_start=period_start,
        period_end=period_end,
        nomination=nomination,
    )
    dossier_log(dossier=dossier, actor=actor, action="opened", kind=kind, award_date=award_date.isoformat())
    attention_changed(owner.pk)
    return dossier


def _tell_staff(dossier: Dossier, *, template: str, key: str, context: dict) -> None:
    """One notice per person responsible for ``dossier`` (``key`` gets their id)."""
    for person in responsible_staff_for(dossier):
        notice_enqueue(key=f"{key}:{person.pk}", to=person, template=template, context=context)


# Submission and return ------------------------------------------------------
@transaction.atomic
def dossier_submit(*, dossier_id: int, actor, today: date) -> Dossier:
    """The owner hands in a draft (or returned) dossier: it is locked, its country
    recorded (the lead of that country reviews it, whatever the profile says
    later), and the staff responsible for it are told.

    On the first submission of a *new* dossier its period becomes the 12 months
    before ``today`` (the rule), and if the submission deadline of its award
    date (the cycle's, as program admins set it) has passed it moves to the
    next award date still open. A *renewal* cannot be first submitted after its
    deadline: the award it renews is decided in that cycle or lapses. A
    returned dossier may always be handed back: the lead asked for it.
    """
    dossier = Dossier.objects.select_related("owner", "nomination").get(pk=dossier_id)
    if actor is None or dossier.owner_id != actor.pk:
        raise PermissionDenied(_("Only the owner of a dossier may submit it."))
    fields: dict = {"submitted_at": timezone.now(), "country": _country_of(dossier.owner, dossier.nomination)}
    target = submission_target(dossier, today)
    deadline = target.deadline
    if dossier.state == Dossier.State.DRAFT:
        if dossier.kind == Dossier.Kind.NEW:
            fields["period_start"] = cal.add_months(today, -12) + timedelta(days=1)
            fields["period_end"] = today
            if target.moved:
                fields["award_date"] = target.award_date
        elif deadline < today:
            raise ValidationError(
                _(
                    "The submission deadline of this renewal was %(date)s (23:59:59, program time); "
                    "it can no longer be submitted. Your MVP lead can tell you what happens next."
                )
                % {"date": date_format(deadline)}
            )
    dossier = dossier_transition(
        dossier_id=dossier.pk,
        to_state=Dossier.State.SUBMITTED,
        actor=actor,
        action="submitted",
        expected={Dossier.State.DRAFT, Dossier.State.RETURNED},
        **fields,
    )
    _tell_staff(
        dossier,
        template="nominations/emails/dossier_submitted",
        key=f"nominations:dossier-submitted:{dossier.log_entry.pk}",
        context={"dossier": dossier, "owner": dossier.owner, "counted": _counted(dossier, today)},
    )
    return dossier


def _counted(dossier: Dossier, today: date) -> int:
    return counting.dossier_picture(dossier, today=today).counted_count


@transaction.atomic
def dossier_return(*, dossier_id: int, actor, message: str) -> Dossier:
    """Staff who may act on a submitted dossier send it back with a message; it
    is unlocked and the owner is told. Never on one's own dossier or with a
    conflict of interest (``permissions.staff_refusal``)."""
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Say what the nominee should add or change.")})
    dossier = Dossier.objects.select_related("owner", "nomination").get(pk=dossier_id)
    refusal = staff_refusal(actor, dossier)
    if refusal:
        raise PermissionDenied(refusal)
    dossier = dossier_transition(
        dossier_id=dossier.pk,
        to_state=Dossier.State.RETURNED,
        actor=actor,
        action="returned",
        message=message,
        expected=set(Dossier.IN_REVIEW_STATES),
        returned_at=timezone.now(),
        return_message=message,
    )
    notice_enqueue(
        key=f"nominations:dossier-returned:{dossier.log_entry.pk}",
        to=dossier.owner,
        template="nominations/emails/dossier_returned",
        context={"dossier": dossier, "message": message, "returned_by": actor},
    )
    return dossier


# Staff chase a dossier left unsubmitted --------------------------------------------
def _dossier_for_staff_action(*, dossier_id: int, actor) -> Dossier:
    """The dossier under a row lock, if ``actor`` may act on it as staff (the one
    staff check: their country or a program admin, never their own file nor one
    with a conflict of interest) and it is still in its owner's hands."""
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("owner", "nomination").get(pk=dossier_id)
    refusal = staff_refusal(actor, dossier)
    if refusal:
        raise PermissionDenied(refusal)
    if not dossier.is_editable:
        raise ValidationError(
            _("This dossier is %(state)s: only a dossier its owner has not handed in can be chased.")
            % {"state": dossier.get_state_display().lower()}
        )
    return dossier


@transaction.atomic
def dossier_remind(*, dossier_id: int, actor, today: date) -> bool:
    """Remind the owner of an unsubmitted dossier of its deadline: one notice,
    in their language. At most one reminder per dossier per day (a second click,
    or a second admin, sends nothing): returns False then."""
    dossier = _dossier_for_staff_action(dossier_id=dossier_id, actor=actor)
    if DossierLogEntry.objects.filter(dossier=dossier, action="reminded", data__day=today.isoformat()).exists():
        return False
    target = submission_target(dossier, today)
    dossier_log(
        dossier=dossier,
        actor=actor,
        action="reminded",
        message=f"Reminded of the submission deadline ({target.deadline:%Y-%m-%d}).",
        day=today.isoformat(),
        deadline=target.deadline.isoformat(),
    )
    notice_enqueue(
        key=f"nominations:dossier-reminder:{dossier.pk}:{today.isoformat()}",
        to=dossier.owner,
        template="nominations/emails/dossier_reminder",
        context={
            "dossier": dossier,
            "owner": dossier.owner,
            "deadline": target.deadline,
            "award_date": target.award_date,
            "passed": target.deadline < today,
        },
    )
    return True


@transaction.atomic
def dossier_deadline_extend(*, dossier_id: int, actor, new_deadline: date, reason: str, today: date) -> Dossier:
    """Give one unsubmitted dossier a later submission deadline than its cycle's,
    within the cycle's rules (``deadline_extension_problem``), with a reason.
    Every page, rule and the submission read it through ``submission_target``;
    the log says who extended it, from when to when, and why."""
    dossier = _dossier_for_staff_action(dossier_id=dossier_id, actor=actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the deadline is extended.")})
    problem = deadline_extension_problem(award_date=dossier.award_date, new_deadline=new_deadline, today=today)
    if problem:
        raise ValidationError({"new_deadline": problem})
    before = submission_deadline_for(dossier.award_date, extended_to=dossier.deadline_extended_to)
    dossier.deadline_extended_to = new_deadline
    dossier.save(update_fields=["deadline_extended_to", "updated_at"])
    attention_changed(dossier.owner_id)  # the deadline on the nominee's home page
    dossier_log(
        dossier=dossier,
        actor=actor,
        action="deadline_extended",
        message=f"Submission deadline extended from {before:%Y-%m-%d} to {new_deadline:%Y-%m-%d}: {reason}",
        before=before.isoformat(),
        after=new_deadline.isoformat(),
        reason=reason,
    )
    return dossier


# When the announcement closes an award date -------------------------------------
@transaction.atomic
def dossier_roll_over(*, dossier_id: int, today: date, actor=None) -> Dossier:
    """Move a dossier left without a decision to the next open award date: its
    deadline is that date's, its period the 12 months before ``today`` (the
    last year, as when it was handed in), its state and evaluations kept. The
    owner and the staff responsible for it are told; the log says so. A person
    who already has a dossier for that date keeps it, and this one is closed."""
    dossier = Dossier.objects.select_for_update().select_related("owner", "expertise").get(pk=dossier_id)
    if dossier.state in (Dossier.State.DECIDED, Dossier.State.CLOSED):
        return dossier
    to_date = next_open_award_date(today, after=dossier.award_date)
    if Dossier.objects.filter(owner_id=dossier.owner_id, award_date=to_date).exists():
        return dossier_close(
            dossier_id=dossier.pk,
            actor=actor,
            reason=f"The owner already has a dossier for the {to_date:%Y-%m-%d} award date.",
        )
    from_date = dossier.award_date
    dossier.award_date = to_date
    dossier.period_start = cal.add_months(today, -12) + timedelta(days=1)
    dossier.period_end = today
    dossier.save(update_fields=["award_date", "period_start", "period_end", "updated_at"])
    attention_changed(dossier.owner_id)  # its deadline
    deadline = submission_deadline_for(to_date)
    entry = dossier_log(
        dossier=dossier,
        actor=actor,
        action="rolled_over",
        message=f"Not decided in the {from_date:%Y-%m-%d} cycle: moved to the {to_date:%Y-%m-%d} award date.",
        from_award_date=from_date.isoformat(),
        to_award_date=to_date.isoformat(),
        period_start=dossier.period_start.isoformat(),
        period_end=dossier.period_end.isoformat(),
    )
    context = {"dossier": dossier, "from_date": from_date, "deadline": deadline, "owner": dossier.owner}
    notice_enqueue(
        key=f"nominations:dossier-rolled:{entry.pk}",
        to=dossier.owner,
        template="nominations/emails/dossier_rolled",
        context=context,
    )
    _tell_staff(
        dossier,
        template="nominations/emails/dossier_rolled_staff",
        key=f"nominations:dossier-rolled:{entry.pk}",
        context=context,
    )
    return dossier


@transaction.atomic
def dossier_close(*, dossier_id: int, actor=None, reason: str = "") -> Dossier:
    """Close a dossier its award date's announcement left without a decision: it
    is never decided. The owner is told by the announcement's result notice."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
    if dossier.state in (Dossier.State.DECIDED, Dossier.State.CLOSED):
        return dossier
    return dossier_transition(
        dossier_id=dossier.pk,
        to_state=Dossier.State.CLOSED,
        actor=actor,
        action="closed",
        message=f"Not decided when the {dossier.award_date:%Y-%m-%d} cycle was announced: closed."
        + (f" {reason}" if reason else ""),
    )


# Nominations ----------------------------------------------------------------
@dataclass(frozen=True)
class NominationOutcome:
    nomination: Nomination
    created: bool  # False: the nominator was added as a supporter of an open nomination


class SupportConfirmationNeeded(Exception):
    """The person already has an open nomination: the nominator is asked whether
    to support it, and nothing is added until they confirm."""


NOT_NOMINABLE = gettext_lazy(
    "This address cannot be nominated now. Current MVPs are not nominated: they document their year for "
    "renewal when their lead contacts them. If you think this is a mistake, ask your MVP lead."
)


def nomination_create(
    *,
    nominator,
    today: date,
    nominee_name: str,
    nominee_email: str,
    nominee_country: str,
    expertise,
    statement: str,
    links: str = "",
    support: bool = False,
) -> NominationOutcome:
    """Nominate someone, or (``support=True``, after the nominator confirmed)
    support the open nomination of the same person.

    Refuses people who may not nominate, self-nomination (also through an
    alias such as ``me+self@``) and nominating a current MVP (they renew
    instead), saying nothing about the person the address belongs to. The
    lead(s) of the nominee's country (program admins when none) are told of
    a new nomination.
    """
    if not can_nominate(nominator, today):
        raise PermissionDenied(NOMINATE_REFUSAL)
    email = nominee_email.strip().lower()
    if canonical_email(email) == canonical_email(nominator.email):
        raise ValidationError({"nominee_email": _("You cannot nominate yourself: ask an MVP or an employee to do it.")})
    existing_user = User.objects.filter(email__iexact=email).first()
    if existing_user is not None and is_mvp_on(existing_user, today):
        raise ValidationError({"nominee_email": NOT_NOMINABLE})
    if Nomination.objects.filter(nominee_email=email, state__in=Nomination.OPEN_STATES).exists():
        return NominationOutcome(
            _nomination_support(nominator=nominator, email=email, statement=statement, support=support), False
        )
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                nominee_name=nominee_name.strip(),
                nominee_email=email,
                nominee_country=nominee_country,
                expertise=expertise,
                statement=statement.strip(),
                links=links.strip(),
                nominator=nominator,
            )
    except IntegrityError:  # opened by someone else since the check above
        return NominationOutcome(
            _nomination_support(nominator=nominator, email=email, statement=statement, support=support), False
        )
    for person in responsible_staff(str(nominee_country)):
        notice_enqueue(
            key=f"nominations:nomination-new:{nomination.pk}:{person.pk}",
            to=person,
            template="nominations/emails/nomination_new",
            context={"nomination": nomination},
        )
    return NominationOutcome(nomination, True)


def _nomination_support(*, nominator, email: str, statement: str, support: bool) -> Nomination:
    nomination = Nomination.objects.filter(nominee_email=email, state__in=Nomination.OPEN_STATES).first()
    if nomination is None:  # closed between our insert and this read: extremely unlikely
        raise ValidationError(_("That nomination changed while you sent yours; please try again."))
    if nomination.nominator_id == nominator.pk:
        raise ValidationError({"nominee_email": _("You have already nominated this person; their nomination is open.")})
    if NominationSupport.objects.filter(nomination=nomination, supporter=nominator).exists():
        raise ValidationError({"nominee_email": _("You already support the open nomination of this person.")})
    if not support:
        raise SupportConfirmationNeeded()
    try:
        with transaction.atomic():
            NominationSupport.objects.create(nomination=nomination, supporter=nominator, statement=statement.strip())
    except IntegrityError:
        raise ValidationError({"nominee_email": _("You already support the open nomination of this person.")}) from None
    return nomination


# Invitations ----------------------------------------------------------------
INVITATION_SALT = "nominations.invitation"
INVITATION_LINK = "nominations.invitation"


class InvitationProblem(Exception):
    """Why an invitation link cannot be used; ``kind`` names the case."""

    def __init__(self, kind: str, invitation: Invitation | None = None):
        super().__init__(kind)
        self.kind = kind  # "tampered", "expired", "used", "revoked", "closed"
        self.invitation = invitation


def invitation_signed_token(invitation: Invitation) -> str:
    return signing.dumps(str(invitation.token), salt=INVITATION_SALT)


def invitation_link(invitation_id: int) -> str | None:
    """The claim link of a still usable invitation, made when its e-mail is sent
    (the outbox stores none); None once it was used, revoked or closed."""
    invitation = Invitation.objects.select_related("nomination").filter(pk=invitation_id).first()
    if invitation is None or invitation.used_at or invitation.revoked_at:
        return None
    if invitation.nomination.state not in (Nomination.State.SUBMITTED, Nomination.State.INVITED):
        return None
    path = reverse("nominations:invitation-claim", kwargs={"signed": invitation_signed_token(invitation)})
    return settings.SITE_URL + path


def invitation_from_link(signed: str) -> Invitation:
    """The invitation a link carries, if it still works; else ``InvitationProblem``."""
    valid_for = timedelta(days=Invitation.VALID_FOR_DAYS)
    try:
        token = signing.loads(signed, salt=INVITATION_SALT, max_age=valid_for)
    except signing.SignatureExpired:
        token = signing.loads(signed, salt=INVITATION_SALT)  # the signature is good, only old
        raise InvitationProblem("expired", _invitation_by_token(token)) from None
    except signing.BadSignature:
        raise InvitationProblem("tampered") from None
    invitation = _invitation_by_token(token)
    if invitation is None:
        raise InvitationProblem("tampered")
    if invitation.used_at is not None:
        raise InvitationProblem("used", invitation)
    if invitation.revoked_at is not None:
        raise InvitationProblem("revoked", invitation)
    if invitation.nomination.state not in (Nomination.State.SUBMITTED, Nomination.State.INVITED):
        raise InvitationProblem("closed", invitation)
    if invitation.created_at < timezone.now() - valid_for:
        # Links are signed when their mail is sent; the 30 days count from the invitation.
        raise InvitationProblem("expired", invitation)
    return invitation


def _invitation_by_token(token) -> Invitation | None:
    try:
        return Invitation.objects.select_related("nomination", "invited_by").filter(token=token).first()
    except (ValueError, ValidationError):
        return None


def invitation_is_for(invitation: Invitation, user) -> bool:
    """Whether ``user`` holds the invited address itself (not an alias of it)."""
    return bool(user and user.email) and login_username(user.email) == login_username(
        invitation.nomination.nominee_email
    )


@transaction.atomic
def invitation_send(*, nomination_id: int, actor) -> Invitation:
    """The lead invites the nominee: a notice with a signed link (30 days, once).

    Earlier links of the nomination stop working: only the newest one claims.
    """
    nomination = Nomination.objects.select_for_update().get(pk=nomination_id)
    if not can_act_on_nomination(actor, nomination):
        raise PermissionDenied(_("Only the MVP lead of the nominee's country or a program admin may invite."))
    if nomination.state not in (Nomination.State.SUBMITTED, Nomination.State.INVITED):
        raise ValidationError(
            _("This nomination's state is “%(state)s”; it cannot be invited.")
            % {"state": nomination.get_state_display()}
        )
    now = timezone.now()
    Invitation.objects.filter(nomination=nomination, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    invitation = Invitation.objects.create(nomination=nomination, invited_by=actor)
    nomination.state = Nomination.State.INVITED
    nomination.invited_at = now
    nomination.save(update_fields=["state", "invited_at"])
    notice_enqueue(
        key=f"nominations:invitation:{invitation.pk}",
        to=nomination.nominee_email,
        template="nominations/emails/invitation",
        context={"nomination": nomination, "lead": actor, "valid_for_days": Invitation.VALID_FOR_DAYS},
        link=NoticeLink(INVITATION_LINK, invitation.pk),
    )
    return invitation


@transaction.atomic
def invitation_claim(
    *, invitation_id: int, today: date, user=None, display_name: str = "", password: str = ""
) -> Dossier:
    """Use an invitation once: attach the nomination to ``user`` (or to a new
    account made with ``display_name`` and ``password``) and open the *new*
    dossier for the next open award date, covering the 12 months before today."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    nomination = Nomination.objects.select_for_update().get(pk=invitation.nomination_id)
    if invitation.used_at is not None:
        raise InvitationProblem("used", invitation)
    if invitation.revoked_at is not None:
        raise InvitationProblem("revoked", invitation)
    if nomination.state not in (Nomination.State.SUBMITTED, Nomination.State.INVITED):
        raise InvitationProblem("closed", invitation)
    if user is not None and not invitation_is_for(invitation, user):
        raise PermissionDenied(
            _(
                "This invitation is for another e-mail address: sign out, then open the link again "
                "to sign in or create the account with the invited address."
            )
        )
    if user is None:
        if User.objects.filter(email__iexact=nomination.nominee_email).exists():
            raise ValidationError(_("An account with this e-mail address exists: sign in to attach the nomination."))
        user = User.objects.create_user(
            email=nomination.nominee_email,
            password=password,
            display_name=display_name.strip(),
            country=nomination.nominee_country,
        )
    elif user.pk == nomination.nominator_id:
        raise ValidationError(_("You nominated this person: the invitation is for them, not for you."))
    now = timezone.now()
    invitation.used_at = now
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    nomination.state = Nomination.State.CLAIMED
    nomination.nominee = user
    nomination.claimed_at = now
    nomination.save(update_fields=["state", "nominee", "claimed_at"])
    award_date = next_open_award_date(today)
    try:
        with transaction.atomic():
            return dossier_create(
                owner=user,
                kind=Dossier.Kind.NEW,
                expertise=nomination.expertise,
                award_date=award_date,
                period_start=cal.add_months(today, -12) + timedelta(days=1),
                period_end=today,
                nomination=nomination,
                actor=user,
            )
    except IntegrityError:
        raise ValidationError(
            _("You already have a dossier for the award date %(date)s; ask your MVP lead to sort out the nomination.")
            % {"date": date_format(award_date)}
        ) from None


def invitation_request_new(*, invitation_id: int, today: date) -> Nomination:
    """The nominee asks for a fresh link; the lead(s) are told (once a day)."""
    invitation = Invitation.objects.select_related("nomination").get(pk=invitation_id)
    nomination = invitation.nomination
    for person in responsible_staff(str(nomination.nominee_country)):
        notice_enqueue(
            key=f"nominations:invitation-request:{nomination.pk}:{today.isoformat()}:{person.pk}",
            to=person,
            template="nominations/emails/invitation_request",
            context={"nomination": nomination},
        )
    return nomination


# Activities -----------------------------------------------------------------
PAID_REFUSAL = (
    "Paid work such as consulting does not count towards the award: only unpaid community work can be documented here."
)


def activity_problems(
    *,
    activity_type: ActivityType | None,
    started_on: date | None,
    ended_on: date | None,
    url: str,
    is_paid: bool,
    today: date,
) -> dict[str, str]:
    """The program's rules for one activity, as {field: message}; empty when fine."""
    problems: dict[str, str] = {}
    if is_paid:
        problems["is_paid"] = PAID_REFUSAL
    if started_on and started_on > today:
        problems["started_on"] = f"The date is in the future ({date_format(started_on)}): document work already done."
    if ended_on and ended_on > today:
        problems["ended_on"] = (
            f"The end date is in the future ({date_format(ended_on)}): leave it empty while the activity goes on."
        )
    if started_on and ended_on and ended_on < started_on:
        problems["ended_on"] = "The end date is before the start date."
    if activity_type is not None and activity_type.url_required and not url:
        problems["url"] = (
            f"A public URL is required for “{activity_type.local_name}”: it is the evidence evaluators check."
        )
    return problems


# More than a year of real community work ever holds: a dossier stops growing here,
# so that no page, export or review has to carry tens of thousands of rows.
MAX_ACTIVITIES = 1000
CAP_REFUSAL = (
    "A dossier holds at most {limit} activities, more than a year of community work needs: group "
    "recurring work into one activity with a count (a monthly meetup, forum answers per month)."
)


def _editable_dossier(*, dossier_id: int, actor) -> Dossier:
    """The dossier, locked, if ``actor`` may change it now; else PermissionDenied."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
    if actor is None or dossier.owner_id != actor.pk:
        raise PermissionDenied(_("Only the owner of a dossier may change its activities."))
    if not dossier.is_editable:
        raise PermissionDenied(
            _("This dossier is %(state)s and locked: it can be changed again only if your MVP lead returns it to you.")
            % {"state": dossier.get_state_display().lower()}
        )
    return dossier


ACTIVITY_FIELDS = (
    "activity_type",
    "title",
    "started_on",
    "ended_on",
    "url",
    "description",
    "expertise",
    "quantity",
    "second_quantity",
    "reach",
    "visibility",
    "is_paid",
)


def _clean_metrics(fields: dict) -> dict:
    activity_type = fields["activity_type"]
    if not activity_type.second_quantity_label:
        fields["second_quantity"] = None
    if not activity_type.reach_label:
        fields["reach"] = None
    return fields


@transaction.atomic
def activity_save(*, dossier_id: int, actor, today: date, activity_id: int | None = None, **fields) -> Activity:
    """Add (or, with ``activity_id``, change) one activity of an editable dossier."""
    dossier = _editable_dossier(dossier_id=dossier_id, actor=actor)
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown activity fields: {sorted(unknown)}")
    problems = activity_problems(
        activity_type=fields.get("activity_type"),
        started_on=fields.get("started_on"),
        ended_on=fields.get("ended_on"),
        url=fields.get("url") or "",
        is_paid=bool(fields.get("is_paid")),
        today=today,
    )
    if problems:
        raise ValidationError(problems)
    fields = _clean_metrics(dict(fields))
    if activity_id is None:
        if Activity.objects.filter(dossier=dossier).count() >= MAX_ACTIVITIES:
            raise ValidationError(CAP_REFUSAL.format(limit=MAX_ACTIVITIES))
        activity = Activity.objects.create(dossier=dossier, **fields)
        dossier_log(dossier=dossier, actor=actor, action="activity-added", activity=activity.pk, title=activity.title)
    else:
        activity = Activity.objects.get(pk=activity_id, dossier=dossier)
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.save(update_fields=[*fields, "updated_at"])
        dossier_log(dossier=dossier, actor=actor, action="activity-changed", activity=activity.pk, title=activity.title)
    Dossier.objects.filter(pk=dossier.pk).update(updated_at=timezone.now())
    public_cache.profile_changed(dossier.owner_id)  # an MVP's public profile lists their activities
    attention_changed(dossier.owner_id)  # the activity count, the suggestions it matches
    return activity


@transaction.atomic
def activity_delete(*, activity_id: int, actor) -> Dossier:
    activity = Activity.objects.get(pk=activity_id)
    dossier = _editable_dossier(dossier_id=activity.dossier_id, actor=actor)
    title = activity.title
    activity.delete()
    dossier_log(dossier=dossier, actor=actor, action="activity-deleted", activity=activity_id, title=title)
    Dossier.objects.filter(pk=dossier.pk).update(updated_at=timezone.now())
    public_cache.profile_changed(dossier.owner_id)
    attention_changed(dossier.owner_id)
    return dossier


class ImportOutcome(NamedTuple):
    added: int
    skipped: int  # repeats of activities already there, or rows that no longer pass the rules
    over_cap: int = 0  # rows left out because the dossier reached MAX_ACTIVITIES


@transaction.atomic
def activities_import(*, dossier_id: int, actor, today: date, rows: list[dict]) -> ImportOutcome:
    """Save previewed rows (dicts of ACTIVITY_FIELDS with ids and ISO dates; ``allow_duplicate`` on a row
    the nominee chose to import although it repeats one).

    Rules and repeats are checked again against the dossier as it is now; rows
    beyond ``MAX_ACTIVITIES`` are left out and counted."""
    dossier = _editable_dossier(dossier_id=dossier_id, actor=actor)
    types = {t.pk: t for t in ActivityType.objects.all()}
    seen = set(counting.dossier_activity_keys(dossier))
    room = MAX_ACTIVITIES - Activity.objects.filter(dossier=dossier).count()
    new = []
    skipped = over_cap = 0
    for row in rows:
        fields = dict(row)
        # A repeat the nominee chose to import anyway (from the preview's duplicate warning).
        allow_duplicate = bool(fields.pop("allow_duplicate", False))
        fields["activity_type"] = types.get(fields.pop("activity_type_id", None))
        fields["expertise_id"] = fields.pop("expertise_id", None)
        fields["started_on"] = date.fromisoformat(fields["started_on"])
        fields["ended_on"] = date.fromisoformat(fields["ended_on"]) if fields.get("ended_on") else None
        keys = counting.activity_keys(
            activity_type=fields["activity_type"],
            url=fields.get("url", ""),
            title=fields["title"],
            started_on=fields["started_on"],
        )
        if fields["activity_type"] is None or (keys & seen and not allow_duplicate):
            skipped += 1
            continue
        problems = activity_problems(
            activity_type=fields["activity_type"],
            started_on=fields["started_on"],
            ended_on=fields["ended_on"],
            url=fields.get("url", ""),
            is_paid=bool(fields.get("is_paid")),
            today=today,
        )
        if problems:
            skipped += 1
            continue
        if len(new) >= room:
            over_cap += 1
            continue
        seen |= keys
        new.append(Activity(dossier=dossier, **_clean_metrics(fields)))
    Activity.objects.bulk_create(new, batch_size=500)
    if new:
        dossier_log(
            dossier=dossier,
            actor=actor,
            action="activities-imported",
            added=len(new),
            skipped=skipped,
            over_cap=over_cap,
        )
        Dossier.objects.filter(pk=dossier.pk).update(updated_at=timezone.now())
        public_cache.profile_changed(dossier.owner_id)
        attention_changed(dossier.owner_id)
    return ImportOutcome(len(new), skipped, over_cap)


# Renewal dossiers, in bulk (called by the awards side's daily scan) -------------
@dataclass(frozen=True)
class RenewalDossierSpec:
    owner_id: int
    country: str
    expertise_id: int
    award_date: date
    period_start: date
    period_end: date


def dossiers_open_renewals(*, specs: list[RenewalDossierSpec], owner_ids) -> dict[tuple[int, date], int]:
    """Open draft renewal dossiers for many people in a constant number of
    queries. A person who already has a dossier for that award date keeps it
    (the unique (owner, award date) constraint skips the insert). Returns
    (owner id, award date) → dossier id for every spec.

    ``owner_ids`` is a superset of the specs' owners (a queryset is best: it
    stays a subquery instead of thousands of parameters).
    """
    if not specs:
        return {}
    award_dates = {spec.award_date for spec in specs}

    def dossier_ids() -> dict[tuple[int, date], int]:
        rows = Dossier.objects.filter(award_date__in=award_dates, owner_id__in=owner_ids)
        return {(owner, day): pk for pk, owner, day in rows.values_list("pk", "owner_id", "award_date")}

    existing = dossier_ids()
    new_rows = [
        {
            "owner_id": spec.owner_id,
            "kind": Dossier.Kind.RENEWAL,
            "state": Dossier.State.DRAFT,
            "expertise_id": spec.expertise_id,
            "country": spec.country,
            "award_date": spec.award_date,
            "period_start": spec.period_start,
            "period_end": spec.period_end,
            "return_message": "",
        }
        for spec in specs
        if (spec.owner_id, spec.award_date) not in existing
    ]
    if new_rows:
        bulk.insert_rows(Dossier, new_rows)
        attention_changed(*(row["owner_id"] for row in new_rows))
        existing = dossier_ids()
    return {(spec.owner_id, spec.award_date): existing[(spec.owner_id, spec.award_date)] for spec in specs}


def dossiers_log_many(*, entries: list[tuple[int, str, str, dict]], actor=None, at=None) -> None:
    """``dossier_log`` for many dossiers in one statement: (dossier id, action,
    message, data) each."""
    at = at or timezone.now()
    bulk.insert_rows(
        DossierLogEntry,
        [
            {
                "dossier_id": dossier_id,
                "actor_id": actor.pk if actor else None,
                "action": action,
                "message": message,
                "data": data,
                "created_at": at,
            }
            for dossier_id, action, message, data in entries
        ],
    )


# Erasure -----------------------------------------------------------------------
FORMER_NOMINEE = "A former member"


@transaction.atomic
def dossier_content_erase(*, dossier_id: int) -> bool:
    """Erase what a dossier says about its owner — activities, the lead's message,
    the nomination's statement and links — keeping the dossier, its state, dates
    and decision: the cycle's figures keep their shape. Returns whether anything was left."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
    erased = dossier.activities.all().delete()[0] > 0
    attention_changed(dossier.owner_id)
    if dossier.return_message:
        dossier.return_message = ""
        dossier.save(update_fields=["return_message", "updated_at"])
        erased = True
    if dossier.nomination_id:
        erased |= (
            Nomination.objects.filter(pk=dossier.nomination_id)
            .exclude(statement="", links="")
            .update(statement="", links="")
            > 0
        )
    return erased


@transaction.atomic
def dossiers_content_erase(*, dossier_ids: list[int]) -> int:
    """``dossier_content_erase`` for many dossiers in a few statements, whatever
    their number (a retention sweep). Returns how many had anything left."""
    locked = list(Dossier.objects.select_for_update().filter(pk__in=dossier_ids).values_list("pk", flat=True))
    if not locked:
        return 0
    activities = Activity.objects.filter(dossier_id__in=locked)
    erased = set(activities.values_list("dossier_id", flat=True).distinct())
    activities.delete()
    messages = Dossier.objects.filter(pk__in=locked).exclude(return_message="")
    erased |= set(messages.values_list("pk", flat=True))
    messages.update(return_message="", updated_at=timezone.now())
    nominations = Nomination.objects.filter(dossier__in=locked).exclude(statement="", links="")
    erased |= set(nominations.values_list("dossier", flat=True))
    nominations.update(statement="", links="")
    return len(erased)


def nominations_erase_person(*, user) -> None:
    """The nominations app's part of erasing a person (``accounts.erasure``)."""
    Nomination.objects.filter(Q(nominee=user) | Q(nominee_email__iexact=user.email)).update(
        nominee_name=FORMER_NOMINEE, nominee_email=f"erased-{user.pk}@erased.invalid", statement="", links=""
    )
    for dossier_id in Dossier.objects.filter(owner=user).values_list("pk", flat=True):
        dossier_content_erase(dossier_id=dossier_id)
    Suggestion.objects.filter(owner=user).delete()
    SourceConnection.objects.filter(owner=user).delete()
