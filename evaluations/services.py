"""Every write of the evaluations app: one function per workflow step.

Each takes the dossier's row lock first (so that two people acting on one
dossier at once are serialised), checks the rule, writes, and appends an audit
entry with ``nominations.services.dossier_log``. Dossier state moves go
through ``nominations.services.dossier_transition``.
"""

import uuid
from collections import defaultdict
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mvp_portal.accounts.models import User
from mvp_portal.attention import attention_changed
from mvp_portal.cycles.selectors import is_award_date_closed
from mvp_portal.cycles.services import cycle_for, cycle_log_add
from mvp_portal.jobs.services import jobs_heartbeat
from mvp_portal.notices.services import notice_enqueue
from mvp_portal.program_calendar import add_months
from nominations.models import Activity, Dossier
from nominations.selectors import CONFLICT_REASON_TEXT, conflicts_for
from nominations.services import dossier_log, dossier_transition, dossiers_content_erase

from . import permissions as perms
from . import selectors
from .models import (
    MAX_CALIBRATION_DOSSIERS,
    MAX_SCORE,
    MIN_SCORE,
    Assignment,
    CalibrationDossier,
    CalibrationScore,
    ConflictDeclaration,
    Decision,
    Evaluation,
    EvaluationDraft,
    Feedback,
    Recommendation,
    Reconsideration,
    Score,
)
from .scoring import weighted_score
from .signals import decline_overturned


class DecisionExists(Exception):
    """Someone decided (or changed the decision) since the form was shown."""

    def __init__(self, decision: Decision):
        self.decision = decision
        super().__init__(
            f"Already decided by {decision.changed_by or decision.decided_by} at "
            f"{decision.updated_at:%Y-%m-%d %H:%M} UTC: {decision.get_verdict_display()} — {decision.rationale}"
        )


def _lock(dossier_id: int) -> Dossier:
    """Take the dossier's row lock and return it with its owner and nomination."""
    Dossier.objects.select_for_update().filter(pk=dossier_id).values_list("pk", flat=True).first()
    dossier = Dossier.objects.select_related("owner", "nomination").filter(pk=dossier_id).first()
    if dossier is None:
        raise ValidationError(_("This dossier no longer exists."))
    return dossier


def _frozen_decision(dossier: Dossier) -> Decision | None:
    decision = Decision.objects.filter(dossier=dossier).first()
    return decision if decision is not None and decision.is_frozen else None


# Assignment -------------------------------------------------------------------------
@transaction.atomic
def assignments_create(*, dossier_ids: list[int], evaluator_ids: list[int], actor) -> list[Assignment]:
    """Assign every listed employee to every listed dossier, in one batch.

    All or nothing: a conflict (nominee, nominator, supporter, declared
    conflict) on any pair refuses the whole batch and names the pairs. Pairs
    already assigned are left as they are. Each evaluator gets one digest
    notice for the batch; a submitted dossier moves to *under evaluation*.
    """
    dossier_ids = sorted(set(dossier_ids))
    evaluator_ids = sorted(set(evaluator_ids))
    if not dossier_ids:
        raise ValidationError({"dossiers": _("Choose at least one dossier.")})
    if not evaluator_ids:
        raise ValidationError({"evaluators": _("Choose at least one evaluator.")})
    # Locks in primary-key order so that two batches never deadlock.
    list(Dossier.objects.select_for_update().filter(pk__in=dossier_ids).order_by("pk").values_list("pk", flat=True))
    dossiers = list(Dossier.objects.select_related("owner", "nomination").filter(pk__in=dossier_ids).order_by("pk"))
    if len(dossiers) != len(dossier_ids):
        raise ValidationError({"dossiers": _("Some of the chosen dossiers no longer exist.")})
    for dossier in dossiers:
        refusal = perms.staff_refusal(actor, dossier)
        if refusal:
            raise PermissionDenied(refusal)
        if dossier.state not in perms.ASSIGNABLE_STATES:
            state = dossier.get_state_display().lower()
            raise ValidationError({"dossiers": f"{dossier.owner}'s dossier is {state}: it cannot get evaluators."})
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=evaluator_ids)}
    owners = {d.pk: str(d.owner) for d in dossiers}
    conflicts = conflicts_for(dossier_ids, evaluator_ids)
    if conflicts:
        pairs = "; ".join(
            f"{names[evaluator_id]} {reason} ({owners[dossier_id]})"
            for (dossier_id, evaluator_id), reason in sorted(conflicts.items())
        )
        raise ValidationError({"evaluators": f"Conflict of interest, nobody was assigned: {pairs}."})
    evaluators = list(selectors.assignable_evaluators().filter(pk__in=evaluator_ids))
    if len(evaluators) != len(evaluator_ids):
        raise ValidationError({"evaluators": _("Only active employees can evaluate.")})
    existing = set(
        Assignment.objects.filter(dossier_id__in=dossier_ids, evaluator_id__in=evaluator_ids).values_list(
            "dossier_id", "evaluator_id"
        )
    )
    batch = uuid.uuid4()
    new = [
        Assignment(dossier=dossier, evaluator=evaluator, assigned_by=actor, batch=batch)
        for dossier in dossiers
        for evaluator in evaluators
        if (dossier.pk, evaluator.pk) not in existing
    ]
    if not new:
        return []
    created = Assignment.objects.bulk_create(new)
    per_dossier: dict[int, list[User]] = defaultdict(list)
    per_evaluator: dict[int, list[Dossier]] = defaultdict(list)
    for assignment in created:
        per_dossier[assignment.dossier.pk].append(assignment.evaluator)
        per_evaluator[assignment.evaluator.pk].append(assignment.dossier)
    for dossier in dossiers:
        if dossier.pk not in per_dossier:
            continue
        if dossier.state == Dossier.State.SUBMITTED:
            dossier_transition(
                dossier_id=dossier.pk,
                to_state=Dossier.State.UNDER_EVALUATION,
                actor=actor,
                action="evaluation_started",
                expected={Dossier.State.SUBMITTED},
            )
        assigned = per_dossier[dossier.pk]
        dossier_log(
            dossier=dossier,
            actor=actor,
            action="evaluators_assigned",
            message="Assigned " + ", ".join(str(e) for e in assigned),
            evaluators=[e.pk for e in assigned],
            batch=str(batch),
        )
    attention_changed(*per_evaluator)  # their "to evaluate" counts
    for evaluator in evaluators:
        assigned_dossiers = per_evaluator.get(evaluator.pk)
        if not assigned_dossiers:
            continue
        notice_enqueue(
            key=f"evaluations:assigned:{batch}:{evaluator.pk}",
            to=evaluator,
            template="evaluations/emails/assigned",
            context={"dossiers": assigned_dossiers, "assigned_by": actor, "evaluator": evaluator},
        )
    return created


@transaction.atomic
def assignment_remove(*, assignment_id: int, actor) -> None:
    """A lead of the region (or a program admin) takes an evaluator off a dossier
    they have not evaluated yet (e.g. away until the deadline)."""
    assignment = Assignment.objects.filter(pk=assignment_id).values("dossier_id", "evaluator_id").first()
    if assignment is None:
        raise ValidationError(_("This evaluator is no longer assigned."))
    dossier = _lock(assignment["dossier_id"])
    refusal = perms.staff_refusal(actor, dossier)
    if refusal:
        raise PermissionDenied(refusal)
    if Evaluation.objects.filter(dossier=dossier, evaluator_id=assignment["evaluator_id"]).exists():
        raise ValidationError(_("This evaluator has already submitted an evaluation; it stays on the record."))
    removed = Assignment.objects.select_related("evaluator").filter(pk=assignment_id).first()
    if removed is None:
        raise ValidationError(_("This evaluator is no longer assigned."))
    removed.delete()
    attention_changed(removed.evaluator_id)
    dossier_log(
        dossier=dossier,
        actor=actor,
        action="evaluator_removed",
        message=f"Removed {removed.evaluator}",
        evaluator=removed.evaluator.pk,
    )


# Conflicts ------------------------------------------------------------------------------
@transaction.atomic
def conflict_declare(*, dossier_id: int, employee, reason: str) -> ConflictDeclaration:
    """An assigned evaluator declares a conflict of interest: they leave the
    dossier (their assignment and any evaluation of theirs are removed) and can
    never be assigned to it again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the conflict is (e.g. we work together).")})
    dossier = _lock(dossier_id)
    assignment = Assignment.objects.filter(dossier=dossier, evaluator=employee).first()
    if assignment is None:
        raise PermissionDenied(_("Only an evaluator asked to evaluate this dossier may declare a conflict on it."))
    try:
        with transaction.atomic():
            declaration = ConflictDeclaration.objects.create(dossier=dossier, employee=employee, reason=reason)
    except IntegrityError as exc:
        raise ValidationError(_("You already declared a conflict on this dossier.")) from exc
    withdrawn = Evaluation.objects.filter(dossier=dossier, evaluator=employee).first()
    data = {}
    if withdrawn is not None:
        data["withdrawn_score"] = None if withdrawn.weighted_score is None else str(withdrawn.weighted_score)
        withdrawn.delete()
    assignment.delete()
    attention_changed(employee.pk)
    dossier_log(dossier=dossier, actor=employee, action="conflict_declared", message=reason, **data)
    return declaration


# Evaluation ------------------------------------------------------------------------------
@transaction.atomic
def evaluation_submit(
    *,
    dossier_id: int,
    evaluator,
    comment: str,
    scores: dict[int, int] | None = None,
    abstain: bool = False,
    abstain_reason: str = "",
    confidence: str = "",
) -> Evaluation:
    """Submit (or revise, until the decision) one evaluator's scores or reasoned abstention.

    ``scores`` maps every active criterion's id to a value from 1 to 5. The
    weighted score Σ w·s / Σ w is stored with the weights of the moment.
    ``confidence`` (low / medium / high) goes with the scores; the evaluation
    form asks for it, an abstention has none.
    """
    dossier = _lock(dossier_id)
    if not Assignment.objects.filter(dossier=dossier, evaluator=evaluator).exists():
        raise PermissionDenied(_("Only an evaluator assigned to this dossier may evaluate it."))
    if selectors.pending_calibrations(evaluator, dossier.award_date):
        raise ValidationError(_("Score the cycle's calibration dossiers first; your assignments wait until then."))
    reason = selectors.conflict_reason(evaluator, dossier)
    if reason:
        raise ValidationError(
            _("You cannot evaluate this dossier: %(reason)s.") % {"reason": CONFLICT_REASON_TEXT.get(reason, reason)}
        )
    if dossier.state not in perms.EVALUABLE_STATES:
        raise ValidationError(
            _("This dossier's state is “%(state)s”: evaluations are closed.") % {"state": dossier.get_state_display()}
        )
    comment = (comment or "").strip()
    abstain_reason = (abstain_reason or "").strip()
    if not comment:
        raise ValidationError({"comment": _("A comment is required: say what you weighed.")})
    criteria = selectors.active_criteria()
    scores = scores or {}
    if confidence not in ("", *Evaluation.Confidence.values):
        raise ValidationError({"confidence": _("Say how confident you are: low, medium or high.")})
    if abstain:
        if not abstain_reason:
            raise ValidationError({"abstain_reason": _("Say why you abstain.")})
        pairs = []
        value = None
        confidence = ""
    else:
        abstain_reason = ""
        missing = [c.local_name for c in criteria if c.pk not in scores]
        if missing:
            raise ValidationError(
                _("Score every criterion (missing: %(criteria)s).") % {"criteria": ", ".join(missing)}
            )
        if any(not MIN_SCORE <= scores[c.pk] <= MAX_SCORE for c in criteria):
            raise ValidationError(_("Scores run from %(lo)d to %(hi)d.") % {"lo": MIN_SCORE, "hi": MAX_SCORE})
        pairs = [(c, scores[c.pk]) for c in criteria]
        value = weighted_score((c.weight, s) for c, s in pairs)
    evaluation = Evaluation.objects.filter(dossier=dossier, evaluator=evaluator).first()
    changed = evaluation is not None
    if evaluation is None:
        evaluation = Evaluation(dossier=dossier, evaluator=evaluator)
    previous = None if not changed else (evaluation.abstained, evaluation.weighted_score)
    evaluation.comment = comment
    evaluation.abstained = abstain
    evaluation.abstain_reason = abstain_reason
    evaluation.weighted_score = value
    evaluation.confidence = confidence
    if changed:
        evaluation.save(
            update_fields=["comment", "abstained", "abstain_reason", "weighted_score", "confidence", "updated_at"]
        )
        evaluation.scores.all().delete()
    else:
        evaluation.save()
    Score.objects.bulk_create(Score(evaluation=evaluation, criterion=c, value=s, weight=c.weight) for c, s in pairs)
    attention_changed(evaluator.pk)  # one dossier fewer to evaluate
    EvaluationDraft.objects.of_author(evaluator).filter(assignment__dossier=dossier).delete()
    data = {"abstained": abstain, "weighted_score": None if value is None else str(value), "confidence": confidence}
    if previous is not None:
        data["previous_weighted_score"] = None if previous[1] is None else str(previous[1])
        data["previously_abstained"] = previous[0]
    dossier_log(
        dossier=dossier,
        actor=evaluator,
        action="evaluation_changed" if changed else "evaluation_submitted",
        message=("Abstained: " + abstain_reason) if abstain else f"Weighted score {value}",
        **data,
    )
    return evaluation


DRAFT_VALUE_MAX_LENGTH = 20_000


@transaction.atomic
def evaluation_draft_save(*, dossier_id: int, evaluator, values: dict[str, str]) -> EvaluationDraft:
    """Keep a half-finished evaluation for its author: ``values`` (the form's
    fields as typed, unscored criteria and empty fields allowed) are stored as
    they are, to be submitted later through ``evaluation_submit``, which
    validates fully. Only before the first submission: a submitted evaluation is
    revised by submitting again. Nothing is logged on the dossier, whose log the
    staff read: a draft is nobody's business but its author's."""
    dossier = _lock(dossier_id)
    assignment = Assignment.objects.filter(dossier=dossier, evaluator=evaluator).first()
    if assignment is None:
        raise PermissionDenied(_("Only an evaluator assigned to this dossier may evaluate it."))
    reason = selectors.conflict_reason(evaluator, dossier)
    if reason:
        raise ValidationError(_("You cannot evaluate this dossier: you %(reason)s.") % {"reason": reason})
    if dossier.state not in perms.EVALUABLE_STATES:
        raise ValidationError(
            _("This dossier is %(state)s: evaluations are closed.") % {"state": dossier.get_state_display().lower()}
        )
    if Evaluation.objects.filter(dossier=dossier, evaluator=evaluator).exists():
        raise ValidationError(_("Your evaluation is submitted: change it and submit it again."))
    kept = {str(name): str(value)[:DRAFT_VALUE_MAX_LENGTH] for name, value in values.items()}
    draft, created = EvaluationDraft.objects.get_or_create(assignment=assignment, defaults={"values": kept})
    if not created:
        draft.values = kept
        draft.save(update_fields=["values", "saved_at"])
    return draft


def _drafts_close(dossier: Dossier) -> None:
    """The dossier is decided: drafts not submitted are closed (they read so to their
    authors, ``EvaluationDraft.is_closed``) and each author hears of it, once."""
    for draft in EvaluationDraft.objects.left_on(dossier).select_related("assignment__evaluator"):
        author = draft.assignment.evaluator
        notice_enqueue(
            key=f"evaluations:draft-closed:{draft.pk}",
            to=author,
            template="evaluations/emails/draft_closed",
            context={"name": author.display_name, "dossier": dossier, "owner": dossier.owner},
        )


# Recommendation --------------------------------------------------------------------------
@transaction.atomic
def recommendation_save(*, dossier_id: int, actor, verdict: str, note: str) -> Recommendation:
    """The lead's recommendation (award / decline, with a note); one per dossier,
    editable by the staff who may act on it until an admin decides the dossier:
    the decision is taken on it, so it stays as it was then."""
    note = (note or "").strip()
    if verdict not in Recommendation.Verdict.values:
        raise ValidationError({"verdict": _("Recommend award or decline.")})
    if not note:
        raise ValidationError({"note": _("Add a note for the program admins.")})
    dossier = _lock(dossier_id)
    refusal = perms.staff_refusal(actor, dossier)
    if refusal:
        raise PermissionDenied(refusal)
    if Decision.objects.filter(dossier=dossier).exists() or is_award_date_closed(dossier.award_date):
        raise ValidationError(_("This dossier has been decided; the recommendation can no longer change."))
    if not perms.can_recommend_dossier(actor, dossier):
        raise ValidationError(
            _("This dossier's state is “%(state)s”: it cannot be recommended.") % {"state": dossier.get_state_display()}
        )
    recommendation = Recommendation.objects.filter(dossier=dossier).first()
    if recommendation is None:
        recommendation = Recommendation.objects.create(
            dossier=dossier, verdict=verdict, note=note, recommended_by=actor
        )
        dossier_log(dossier=dossier, actor=actor, action="recommended", message=note, verdict=verdict)
        return recommendation
    previous = recommendation.verdict
    recommendation.verdict = verdict
    recommendation.note = note
    recommendation.recommended_by = actor
    recommendation.save(update_fields=["verdict", "note", "recommended_by", "updated_at"])
    dossier_log(
        dossier=dossier, actor=actor, action="recommendation_changed", message=note, verdict=verdict, previous=previous
    )
    return recommendation


# Decision ----------------------------------------------------------------------------------
class ConfirmationNeeded(ValidationError):
    """The decision lacks what it is usually based on; the admin must say they
    decide anyway (the message names what is missing)."""


def decision_gaps(dossier: Dossier) -> list[str]:
    """What a decision on ``dossier`` would be taken without, in words; empty when
    it has at least one submitted evaluation."""
    evaluations = list(Evaluation.objects.filter(dossier=dossier).values_list("abstained", flat=True))
    if any(not abstained for abstained in evaluations):
        return []
    assigned = Assignment.objects.filter(dossier=dossier).count()
    gaps = []
    if not evaluations:
        gaps.append(
            f"no evaluation has been submitted ({assigned} evaluator{'s' if assigned != 1 else ''} assigned)"
            if assigned
            else "no evaluator has been assigned"
        )
    else:
        gaps.append(f"every evaluator abstained ({len(evaluations)})")
    if not Recommendation.objects.filter(dossier=dossier).exists():
        gaps.append("there is no lead recommendation")
    return gaps


@transaction.atomic
def decision_record(
    *,
    dossier_id: int,
    actor,
    verdict: str,
    rationale: str,
    replaces_version: int | None = None,
    confirm_without_evaluations: bool = False,
) -> Decision:
    """A program admin decides award or decline, with a rationale.

    Exactly one decision per dossier: under the dossier's row lock the second
    of two simultaneous deciders finds the first one's decision and gets
    ``DecisionExists`` (the unique constraint backs this up). Changing a
    decision names the version it replaces, so that a change made in between
    is not overwritten unseen. Refused once the dossier's award date is closed
    (its cycle is being or has been announced), on one's own dossier and with a
    conflict of interest. A decision without any submitted evaluation needs
    ``confirm_without_evaluations`` (``ConfirmationNeeded`` says what is missing).
    """
    rationale = (rationale or "").strip()
    if verdict not in Decision.Verdict.values:
        raise ValidationError({"verdict": _("Decide award or decline.")})
    if not rationale:
        raise ValidationError({"rationale": _("A rationale is required.")})
    dossier = _lock(dossier_id)
    if not perms.is_program_admin(actor):
        raise PermissionDenied(_("Only program admins may decide."))
    refusal = perms.staff_refusal(actor, dossier)
    if refusal:
        raise PermissionDenied(refusal)
    if is_award_date_closed(dossier.award_date):
        raise ValidationError(
            _("The %(date)s award date is closed: its cycle has been announced, so nothing more is decided for it.")
            % {"date": date_format(dossier.award_date)}
        )
    if not perms.can_decide_dossier(actor, dossier):
        raise ValidationError(
            _("This dossier's state is “%(state)s”: it cannot be decided now.") % {"state": dossier.get_state_display()}
        )
    existing = Decision.objects.select_related("decided_by", "changed_by").filter(dossier=dossier).first()
    if existing is not None:
        if existing.is_frozen:
            raise ValidationError(
                _("The decision was announced on %(date)s; it is frozen and cannot be changed.")
                % {"date": date_format(existing.announced_at)}
            )
        if replaces_version != existing.version:
            raise DecisionExists(existing)
    gaps = decision_gaps(dossier) if existing is None else []
    if gaps and not confirm_without_evaluations:
        raise ConfirmationNeeded(
            {
                "confirm_without_evaluations": "Decide without evaluations? "
                + "; ".join(gaps).capitalize()
                + ". Tick the box to decide anyway."
            }
        )
    if existing is not None:
        previous = {"verdict": existing.verdict, "rationale": existing.rationale}
        existing.verdict = verdict
        existing.rationale = rationale
        existing.changed_by = actor
        existing.version += 1
        existing.save(update_fields=["verdict", "rationale", "changed_by", "version", "updated_at"])
        dossier_log(
            dossier=dossier,
            actor=actor,
            action="decision_changed",
            message=f"{existing.get_verdict_display()}: {rationale}",
            verdict=verdict,
            previous_verdict=previous["verdict"],
            previous_rationale=previous["rationale"],
        )
        return existing
    try:
        with transaction.atomic():
            decision = Decision.objects.create(dossier=dossier, verdict=verdict, rationale=rationale, decided_by=actor)
    except IntegrityError as exc:  # the lock makes this unreachable; the constraint is the last word
        raise DecisionExists(Decision.objects.select_related("decided_by").get(dossier=dossier)) from exc
    dossier_transition(
        dossier_id=dossier.pk,
        to_state=Dossier.State.DECIDED,
        actor=actor,
        action="decided",
        message=f"{decision.get_verdict_display()}: {rationale}"
        + (f" (decided although {'; '.join(gaps)})" if gaps else ""),
        expected=set(Dossier.IN_REVIEW_STATES),
    )
    _drafts_close(dossier)
    return decision


def decisions_mark_announced(*, decision_ids: list[int], at) -> int:
    """Freeze decisions: called by the awards side when their cycle is
    announced. From then on ``decision_record`` refuses to change them."""
    return Decision.objects.filter(pk__in=decision_ids, announced_at__isnull=True).update(announced_at=at)


# Retention ---------------------------------------------------------------------
DECLINED_DOSSIER_RETENTION_MONTHS = 24
ERASE_CHUNK = 500  # dossiers erased per transaction


def declined_dossiers_erase(*, today: date) -> int:
    """Retention: the content of a declined nominee's dossier is erased two years
    after the award date it was declined for (the dossier and its decision stay,
    so the cycle's figures keep their shape). Part of the daily run; catches up
    and runs twice harmlessly, as only dossiers with content left are touched.
    Set-based, in chunks of ``ERASE_CHUNK`` dossiers each committed on its own."""
    cutoff = add_months(today, -DECLINED_DOSSIER_RETENTION_MONTHS)
    due = (
        Dossier.objects.filter(
            kind=Dossier.Kind.NEW, decision__verdict=Decision.Verdict.DECLINE, award_date__lte=cutoff
        )
        .filter(
            Exists(Activity.objects.filter(dossier=OuterRef("pk")))
            | ~Q(return_message="")
            | (Q(nomination__isnull=False) & ~Q(nomination__statement="", nomination__links=""))
        )
        .values_list("pk", flat=True)
    )
    ids, erased = list(due), 0
    for start in range(0, len(ids), ERASE_CHUNK):
        if start:
            jobs_heartbeat()  # the daily run this runs in is alive
        erased += dossiers_content_erase(dossier_ids=ids[start : start + ERASE_CHUNK])
    return erased


# Feedback to the person ------------------------------------------------------------------------
def _feedback_open(dossier: Dossier) -> None:
    if _frozen_decision(dossier) is not None or is_award_date_closed(dossier.award_date):
        raise ValidationError(_("The result has been announced: its feedback can no longer change."))


@transaction.atomic
def feedback_save(*, dossier_id: int, actor, note: str) -> Feedback:
    """The lead (or an admin) drafts the note the person gets with the result; a
    changed draft needs a new approval."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": _("Write the feedback: what the person did well and what would make it stronger.")}
        )
    dossier = _lock(dossier_id)
    refusal = perms.staff_refusal(actor, dossier)
    if refusal:
        raise PermissionDenied(refusal)
    if not perms.can_draft_feedback(actor, dossier):
        raise ValidationError(
            _("This dossier's state is “%(state)s”: it gets no feedback.") % {"state": dossier.get_state_display()}
        )
    _feedback_open(dossier)
    feedback = Feedback.objects.filter(dossier=dossier).first()
    if feedback is None:
        feedback = Feedback.objects.create(dossier=dossier, note=note, drafted_by=actor)
    else:
        if feedback.note == note:
            return feedback
        feedback.note, feedback.drafted_by, feedback.approved_by, feedback.approved_at = note, actor, None, None
        feedback.save(update_fields=["note", "drafted_by", "approved_by", "approved_at", "updated_at"])
    dossier_log(dossier=dossier, actor=actor, action="feedback_drafted", message=note)
    return feedback


@transaction.atomic
def feedback_approve(*, dossier_id: int, actor) -> Feedback:
    """A program admin approves the drafted note: it goes to the person with the result."""
    dossier = _lock(dossier_id)
    if not perms.can_approve_feedback(actor, dossier):
        raise PermissionDenied(_("Only a program admin without a conflict on this dossier approves its feedback."))
    _feedback_open(dossier)
    feedback = Feedback.objects.filter(dossier=dossier).first()
    if feedback is None:
        raise ValidationError(_("There is no feedback to approve yet."))
    if feedback.is_approved:
        return feedback
    feedback.approved_by, feedback.approved_at = actor, timezone.now()
    feedback.save(update_fields=["approved_by", "approved_at"])
    dossier_log(dossier=dossier, actor=actor, action="feedback_approved", message=feedback.note)
    return feedback


# Reconsideration ------------------------------------------------------------------------------
@transaction.atomic
def reconsideration_request(*, dossier_id: int, actor, statement: str, evidence: str, today: date) -> Reconsideration:
    """The person asks, once and within 14 days of the announced decline, for the
    decision to be looked at again, with a statement and new evidence. The staff
    responsible for the dossier hear of it; the person gets a receipt."""
    statement = (statement or "").strip()
    evidence = (evidence or "").strip()
    if not statement:
        raise ValidationError({"statement": _("Say why the decision should be looked at again.")})
    dossier = _lock(dossier_id)
    refusal = perms.reconsideration_refusal(actor, dossier, today=today)
    if refusal:
        if dossier.owner_id != actor.pk:
            raise PermissionDenied(refusal)
        raise ValidationError(refusal)
    try:
        with transaction.atomic():
            reconsideration = Reconsideration.objects.create(dossier=dossier, statement=statement, evidence=evidence)
    except IntegrityError as exc:  # the lock makes this unreachable; the constraint is the last word
        raise ValidationError(_("Reconsideration can be asked for once, and it has been.")) from exc
    dossier_log(
        dossier=dossier,
        actor=actor,
        action="reconsideration_requested",
        message=statement,
        evidence=evidence,
    )
    notice_enqueue(
        key=f"evaluations:reconsideration:requested:{dossier.pk}",
        to=actor,
        template="evaluations/emails/reconsideration_requested",
        context={"name": actor.display_name, "dossier": dossier},
    )
    return reconsideration


@transaction.atomic
def reconsideration_decide(*, dossier_id: int, actor, outcome: str, note: str) -> Reconsideration:
    """A program admin other than the one who decided upholds or overturns the
    decline, with a note for the person; the outcome is final.

    Overturning changes the decision to an award (logged with what it replaces)
    and the awards app grants the award for the dossier's own award date
    (``decline_overturned``); upholding leaves everything as announced."""
    note = (note or "").strip()
    if outcome not in Reconsideration.Outcome.values:
        raise ValidationError({"outcome": _("Uphold or overturn the decision.")})
    if not note:
        raise ValidationError({"note": _("Explain the outcome to the person.")})
    dossier = _lock(dossier_id)
    reconsideration = Reconsideration.objects.select_for_update().filter(dossier=dossier).first()
    if reconsideration is None:
        raise ValidationError(_("No reconsideration has been asked for."))
    refusal = perms.staff_refusal(actor, dossier)
    if refusal:
        raise PermissionDenied(refusal)
    if not perms.can_decide_reconsideration(actor, dossier):
        raise PermissionDenied(_("A program admin who took no part in the decision decides the reconsideration."))
    if reconsideration.is_decided:
        raise ValidationError(_("The reconsideration has been decided; its outcome is final."))
    now = timezone.now()
    reconsideration.outcome, reconsideration.outcome_note = outcome, note
    reconsideration.decided_by, reconsideration.decided_at = actor, now
    reconsideration.save(update_fields=["outcome", "outcome_note", "decided_by", "decided_at"])
    decision = Decision.objects.get(dossier=dossier)
    overturned = outcome == Reconsideration.Outcome.OVERTURNED
    if overturned:
        previous = {"verdict": decision.verdict, "rationale": decision.rationale}
        decision.verdict = Decision.Verdict.AWARD
        decision.rationale = note
        decision.changed_by = actor
        decision.version += 1
        decision.save(update_fields=["verdict", "rationale", "changed_by", "version", "updated_at"])
        dossier_log(
            dossier=dossier,
            actor=actor,
            action="decision_changed",
            message=f"{decision.get_verdict_display()}: {note}",
            verdict=decision.verdict,
            previous_verdict=previous["verdict"],
            previous_rationale=previous["rationale"],
            by_reconsideration=True,
        )
        decline_overturned.send(sender=Reconsideration, dossier_id=dossier.pk, actor=actor)
    dossier_log(dossier=dossier, actor=actor, action=f"reconsideration_{outcome}", message=note)
    notice_enqueue(
        key=f"evaluations:reconsideration:decided:{dossier.pk}",
        to=dossier.owner,
        template="evaluations/emails/reconsideration_decided",
        context={
            "name": dossier.owner.display_name,
            "dossier": dossier,
            "overturned": overturned,
            "note": note,
        },
    )
    return reconsideration


# Calibration ---------------------------------------------------------------------------------
@transaction.atomic
def calibration_mark(*, award_date: date, dossier_id: int, actor) -> CalibrationDossier:
    """A program admin marks a past dossier (of an earlier, announced cycle) as
    calibration for the cycle of ``award_date``; one to three per cycle, and
    only before any evaluator of the cycle has scored one (the reference must
    be the same for everybody)."""
    if not perms.is_program_admin(actor):
        raise PermissionDenied(_("Only program admins mark calibration dossiers."))
    dossier = Dossier.objects.filter(pk=dossier_id).first()
    if dossier is None:
        raise ValidationError({"dossier": _("There is no dossier with this number.")})
    if (
        dossier.award_date >= award_date
        or not Decision.objects.filter(dossier=dossier, announced_at__isnull=False).exists()
    ):
        raise ValidationError({"dossier": _("Choose a past dossier: one of an earlier cycle, decided and announced.")})
    cycle = cycle_for(award_date)
    existing = CalibrationDossier.objects.select_for_update().filter(award_date=award_date)
    if len(existing) >= MAX_CALIBRATION_DOSSIERS:
        raise ValidationError(_("A cycle has at most %(n)d calibration dossiers.") % {"n": MAX_CALIBRATION_DOSSIERS})
    if CalibrationScore.objects.filter(calibration__award_date=award_date).exists():
        raise ValidationError(_("Evaluators have started calibrating this cycle; its set can no longer change."))
    if any(c.dossier_id == dossier.pk for c in existing):
        raise ValidationError({"dossier": _("This dossier is already a calibration dossier of the cycle.")})
    calibration = CalibrationDossier.objects.create(award_date=award_date, dossier=dossier, marked_by=actor)
    cycle_log_add(
        cycle=cycle,
        actor=actor,
        action="calibration_marked",
        message=f"Calibration dossier {dossier.pk} marked",
        dossier=dossier.pk,
    )
    return calibration


@transaction.atomic
def calibration_score(*, calibration_id: int, evaluator, scores: dict[int, int]) -> CalibrationScore:
    """An evaluator assigned in the cycle scores a calibration dossier, once:
    every active criterion from 1 to 5, weighted as in an evaluation."""
    calibration = CalibrationDossier.objects.select_for_update().filter(pk=calibration_id).first()
    if calibration is None:
        raise ValidationError(_("This calibration dossier no longer exists."))
    if not Assignment.objects.filter(evaluator=evaluator, dossier__award_date=calibration.award_date).exists():
        raise PermissionDenied(_("Only evaluators assigned in the cycle calibrate it."))
    if CalibrationScore.objects.filter(calibration=calibration, evaluator=evaluator).exists():
        raise ValidationError(_("You have scored this calibration dossier."))
    criteria = selectors.active_criteria()
    missing = [c for c in criteria if not MIN_SCORE <= (scores or {}).get(c.pk, 0) <= MAX_SCORE]
    if missing:
        raise ValidationError(
            {
                f"score_{c.pk}": _("Score this criterion from %(lo)d to %(hi)d.") % {"lo": MIN_SCORE, "hi": MAX_SCORE}
                for c in missing
            }
        )
    value = weighted_score((c.weight, scores[c.pk]) for c in criteria)
    return CalibrationScore.objects.create(
        calibration=calibration,
        evaluator=evaluator,
        values={str(c.pk): scores[c.pk] for c in criteria},
        weighted_score=value,
    )
