from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluations import services
from evaluations.models import Assignment, ConflictDeclaration, Decision, Evaluation, Recommendation
from mvp_portal.notices.models import Notice
from nominations.models import Dossier, DossierLogEntry
from tests.factories import AssignmentFactory, DossierFactory

pytestmark = pytest.mark.django_db


def scores_for(rubric, *values):
    return {criterion.pk: value for criterion, value in zip(rubric, values, strict=True)}


def actions(dossier):
    return list(DossierLogEntry.objects.filter(dossier=dossier).values_list("action", flat=True))


# Assignment and conflicts ---------------------------------------------------------------
def test_assignment_batch_sends_one_digest_per_evaluator(lead, evaluator, second_evaluator, expertise):
    dossiers = [DossierFactory(state=Dossier.State.SUBMITTED, expertise=expertise) for _ in range(3)]
    created = services.assignments_create(
        dossier_ids=[d.pk for d in dossiers], evaluator_ids=[evaluator.pk, second_evaluator.pk], actor=lead
    )
    assert len(created) == 6
    notices = Notice.objects.filter(template="evaluations/emails/assigned")
    assert sorted(n.recipient_id for n in notices) == sorted([evaluator.pk, second_evaluator.pk])
    digest = notices.get(recipient=evaluator)
    for dossier in dossiers:
        assert dossier.owner.display_name in digest.body_text
        assert f"/evaluations/dossiers/{dossier.pk}/evaluate/" in digest.body_text
    for dossier in dossiers:
        dossier.refresh_from_db()
        assert dossier.state == Dossier.State.UNDER_EVALUATION
        assert actions(dossier)[-2:] == ["evaluation_started", "evaluators_assigned"]


def test_assignment_again_adds_nothing_and_sends_nothing(lead, evaluator, dossier):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    assert services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead) == []
    assert Notice.objects.filter(template="evaluations/emails/assigned").count() == 1


@pytest.mark.parametrize("who", ["nominee", "nominator", "supporter"])
def test_assignment_of_a_conflicted_person_is_refused(request, lead, dossier, evaluator, who):
    person = request.getfixturevalue(who)
    with pytest.raises(ValidationError, match="Conflict of interest"):
        services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk, person.pk], actor=lead)
    # All or nothing: not even the unconflicted evaluator was assigned, and nobody was told.
    assert not Assignment.objects.exists()
    assert not Notice.objects.filter(template="evaluations/emails/assigned").exists()


def test_assignment_after_a_declared_conflict_is_refused(lead, dossier, evaluator):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    services.conflict_declare(dossier_id=dossier.pk, employee=evaluator, reason="We work together.")
    assert not Assignment.objects.filter(evaluator=evaluator).exists()
    assert ConflictDeclaration.objects.filter(dossier=dossier, employee=evaluator).exists()
    assert "conflict_declared" in actions(dossier)
    with pytest.raises(ValidationError, match="declared a conflict"):
        services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)


def test_assignment_by_a_lead_of_another_region_is_refused(other_lead, dossier, evaluator):
    with pytest.raises(PermissionDenied):
        services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=other_lead)


def test_assignment_of_a_non_employee_is_refused(lead, dossier, mvp):
    with pytest.raises(ValidationError, match="employees"):
        services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[mvp.pk], actor=lead)


# Evaluation ---------------------------------------------------------------------------------
def test_evaluation_stores_the_weighted_score(lead, dossier, evaluator, rubric):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    evaluation = services.evaluation_submit(
        dossier_id=dossier.pk, evaluator=evaluator, comment="Strong.", scores=scores_for(rubric, 5, 4, 2)
    )
    assert evaluation.weighted_score == Decimal("4.1667")
    assert sorted(evaluation.scores.values_list("value", flat=True)) == [2, 4, 5]
    assert actions(dossier)[-1] == "evaluation_submitted"


def test_evaluation_requires_a_comment_and_every_score(lead, dossier, evaluator, rubric):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    with pytest.raises(ValidationError, match="comment"):
        services.evaluation_submit(
            dossier_id=dossier.pk, evaluator=evaluator, comment=" ", scores=scores_for(rubric, 5, 4, 2)
        )
    with pytest.raises(ValidationError, match="missing"):
        services.evaluation_submit(dossier_id=dossier.pk, evaluator=evaluator, comment="Ok", scores={rubric[0].pk: 3})
    assert not Evaluation.objects.exists()


def test_abstention_needs_a_reason_and_has_no_score(lead, dossier, evaluator, rubric):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    with pytest.raises(ValidationError):
        services.evaluation_submit(dossier_id=dossier.pk, evaluator=evaluator, comment="Hm", abstain=True)
    evaluation = services.evaluation_submit(
        dossier_id=dossier.pk,
        evaluator=evaluator,
        comment="Outside my area.",
        abstain=True,
        abstain_reason="Not my field",
    )
    assert evaluation.abstained and evaluation.weighted_score is None and not evaluation.scores.exists()


@pytest.mark.parametrize("who", ["nominee", "nominator", "supporter"])
def test_evaluation_by_a_conflicted_person_is_refused_even_if_assigned(request, dossier, rubric, lead, who):
    person = request.getfixturevalue(who)
    # Forged: the row is written past the service that would have refused it.
    AssignmentFactory(dossier=dossier, evaluator=person, assigned_by=lead)
    with pytest.raises(ValidationError, match="cannot evaluate"):
        services.evaluation_submit(
            dossier_id=dossier.pk, evaluator=person, comment="Great!", scores=scores_for(rubric, 5, 5, 5)
        )
    assert not Evaluation.objects.exists()


def test_evaluation_by_someone_not_assigned_is_refused(dossier, rubric, evaluator):
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(
            dossier_id=dossier.pk, evaluator=evaluator, comment="x", scores=scores_for(rubric, 1, 1, 1)
        )


def test_conflict_declared_after_evaluating_withdraws_the_evaluation(lead, dossier, evaluator, rubric):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    services.evaluation_submit(
        dossier_id=dossier.pk, evaluator=evaluator, comment="x", scores=scores_for(rubric, 1, 1, 1)
    )
    services.conflict_declare(dossier_id=dossier.pk, employee=evaluator, reason="Turns out I know them.")
    assert not Evaluation.objects.exists()
    entry = DossierLogEntry.objects.get(dossier=dossier, action="conflict_declared")
    assert entry.data["withdrawn_score"] == "1.0000"


# Recommendation ------------------------------------------------------------------------------
def test_recommendation_is_one_per_dossier_and_audited(lead, dossier):
    services.recommendation_save(dossier_id=dossier.pk, actor=lead, verdict="award", note="Great year")
    services.recommendation_save(dossier_id=dossier.pk, actor=lead, verdict="decline", note="On reflection, thin")
    recommendation = Recommendation.objects.get(dossier=dossier)
    assert (recommendation.verdict, recommendation.note) == ("decline", "On reflection, thin")
    assert actions(dossier)[-2:] == ["recommended", "recommendation_changed"]


def test_recommendation_by_another_region_is_refused(other_lead, dossier):
    with pytest.raises(PermissionDenied):
        services.recommendation_save(dossier_id=dossier.pk, actor=other_lead, verdict="award", note="x")


# Decision -------------------------------------------------------------------------------------
def test_decision_moves_the_dossier_to_decided(program_admin, dossier):
    decision = services.decision_record(
        confirm_without_evaluations=True, dossier_id=dossier.pk, actor=program_admin, verdict="award", rationale="Clear"
    )
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.DECIDED
    assert decision.version == 1
    entry = DossierLogEntry.objects.filter(dossier=dossier).last()
    assert (entry.action, entry.actor, entry.data["to_state"]) == ("decided", program_admin, "decided")


def test_second_decision_without_seeing_the_first_is_refused(program_admin, dossier):
    other_admin = type(program_admin).objects.create_user(email="admin2@example.org", display_name="Abe Admin")
    other_admin.is_superuser = True
    other_admin.save()
    services.decision_record(
        confirm_without_evaluations=True, dossier_id=dossier.pk, actor=program_admin, verdict="award", rationale="Clear"
    )
    with pytest.raises(services.DecisionExists, match="Already decided by Ada Admin"):
        services.decision_record(
            confirm_without_evaluations=True,
            dossier_id=dossier.pk,
            actor=other_admin,
            verdict="decline",
            rationale="No",
        )
    assert Decision.objects.get(dossier=dossier).verdict == "award"
    # Having seen it, they may change it.
    changed = services.decision_record(
        confirm_without_evaluations=True,
        dossier_id=dossier.pk,
        actor=other_admin,
        verdict="decline",
        rationale="Thin",
        replaces_version=1,
    )
    assert (changed.verdict, changed.version, changed.changed_by) == ("decline", 2, other_admin)
    assert Decision.objects.count() == 1
    assert actions(dossier)[-1] == "decision_changed"


def test_decision_is_frozen_after_the_announcement(program_admin, dossier):
    services.decision_record(
        confirm_without_evaluations=True, dossier_id=dossier.pk, actor=program_admin, verdict="award", rationale="Clear"
    )
    Decision.objects.filter(dossier=dossier).update(announced_at=timezone.now())
    with pytest.raises(ValidationError, match="frozen"):
        services.decision_record(
            confirm_without_evaluations=True,
            dossier_id=dossier.pk,
            actor=program_admin,
            verdict="decline",
            rationale="Oops",
            replaces_version=1,
        )
    assert Decision.objects.get(dossier=dossier).verdict == "award"
    with pytest.raises(ValidationError, match="can no longer change"):
        services.recommendation_save(dossier_id=dossier.pk, actor=program_admin, verdict="decline", note="late")


def test_decision_by_a_lead_is_refused(lead, dossier):
    with pytest.raises(PermissionDenied):
        services.decision_record(
            confirm_without_evaluations=True, dossier_id=dossier.pk, actor=lead, verdict="award", rationale="x"
        )
    assert not Decision.objects.exists()


def test_decided_dossier_is_closed_to_evaluations(lead, program_admin, dossier, evaluator, rubric):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    services.decision_record(
        confirm_without_evaluations=True, dossier_id=dossier.pk, actor=program_admin, verdict="award", rationale="Clear"
    )
    with pytest.raises(ValidationError, match="closed"):
        services.evaluation_submit(
            dossier_id=dossier.pk, evaluator=evaluator, comment="x", scores=scores_for(rubric, 1, 1, 1)
        )


def test_evaluator_removed_before_evaluating_only(lead, dossier, evaluator, second_evaluator, rubric):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk, second_evaluator.pk], actor=lead)
    services.evaluation_submit(
        dossier_id=dossier.pk, evaluator=evaluator, comment="x", scores=scores_for(rubric, 3, 3, 3)
    )
    done = Assignment.objects.get(evaluator=evaluator)
    with pytest.raises(ValidationError, match="already submitted"):
        services.assignment_remove(assignment_id=done.pk, actor=lead)
    services.assignment_remove(assignment_id=Assignment.objects.get(evaluator=second_evaluator).pk, actor=lead)
    assert list(Assignment.objects.values_list("evaluator", flat=True)) == [evaluator.pk]
    assert actions(dossier)[-1] == "evaluator_removed"


def test_evaluator_removal_by_another_region_is_refused(lead, other_lead, dossier, evaluator):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    with pytest.raises(PermissionDenied):
        services.assignment_remove(assignment_id=Assignment.objects.get().pk, actor=other_lead)


# Staff never act on their own dossier, nor with a conflict of interest ----------------------------
@pytest.fixture
def lead_nominated(dossier, lead):
    """The lead of Ireland nominated the dossier's owner."""
    nomination = dossier.nomination
    nomination.nominator = lead
    nomination.save(update_fields=["nominator"])
    return dossier


def test_a_lead_who_nominated_the_person_cannot_recommend_assign_or_return(lead_nominated, lead, evaluator):
    from nominations.services import dossier_return

    with pytest.raises(PermissionDenied, match="nominated this person"):
        services.recommendation_save(dossier_id=lead_nominated.pk, actor=lead, verdict="award", note="My nominee")
    with pytest.raises(PermissionDenied, match="nominated this person"):
        services.assignments_create(dossier_ids=[lead_nominated.pk], evaluator_ids=[evaluator.pk], actor=lead)
    with pytest.raises(PermissionDenied, match="nominated this person"):
        dossier_return(dossier_id=lead_nominated.pk, actor=lead, message="More, please")
    assert not Recommendation.objects.exists() and not Assignment.objects.exists()


@pytest.mark.parametrize("link", ["nominator", "supporter", "declared"])
def test_an_admin_with_a_conflict_cannot_decide(dossier, program_admin, link):
    from nominations.models import NominationSupport

    if link == "nominator":
        dossier.nomination.nominator = program_admin
        dossier.nomination.save(update_fields=["nominator"])
    elif link == "supporter":
        NominationSupport.objects.create(nomination=dossier.nomination, supporter=program_admin, statement="Yes")
    else:
        ConflictDeclaration.objects.create(dossier=dossier, employee=program_admin, reason="A friend")
    with pytest.raises(PermissionDenied, match="You cannot act on this dossier"):
        services.decision_record(
            dossier_id=dossier.pk,
            actor=program_admin,
            verdict="award",
            rationale="Mine",
            confirm_without_evaluations=True,
        )
    assert not Decision.objects.exists()


def test_an_admin_cannot_decide_their_own_dossier(db, program_admin):
    own = DossierFactory(owner=program_admin, state=Dossier.State.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.decision_record(
            dossier_id=own.pk, actor=program_admin, verdict="award", rationale="Me", confirm_without_evaluations=True
        )
    assert not Decision.objects.exists()


def test_a_decision_without_evaluations_names_what_is_missing(dossier, program_admin, lead, evaluator):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    with pytest.raises(services.ConfirmationNeeded) as refused:
        services.decision_record(dossier_id=dossier.pk, actor=program_admin, verdict="award", rationale="Clear")
    message = refused.value.message_dict["confirm_without_evaluations"][0]
    assert "No evaluation has been submitted (1 evaluator assigned)" in message
    assert "there is no lead recommendation" in message
    assert not Decision.objects.exists()
    decision = services.decision_record(
        dossier_id=dossier.pk, actor=program_admin, verdict="award", rationale="Clear", confirm_without_evaluations=True
    )
    assert "decided although no evaluation has been submitted" in dossier.log_entries.get(action="decided").message
    assert decision.verdict == "award"


def test_the_lead_desk_never_lists_the_leads_own_dossier(client, lead, dossier):
    own = DossierFactory(owner=lead, country="IE", state=Dossier.State.SUBMITTED, award_date=dossier.award_date)
    client.force_login(lead)
    listing = client.get("/desk/dossiers/").content.decode()
    desk = client.get("/desk/lead/").content.decode()
    assert dossier.owner.display_name in listing
    assert f"/desk/dossiers/{own.pk}/" not in listing + desk


# Confidence --------------------------------------------------------------------------------
def test_evaluation_records_the_confidence(lead, dossier, evaluator, rubric):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    evaluation = services.evaluation_submit(
        dossier_id=dossier.pk, evaluator=evaluator, comment="x", scores=scores_for(rubric, 3, 3, 3), confidence="low"
    )
    assert evaluation.confidence == "low"
    services.evaluation_submit(
        dossier_id=dossier.pk, evaluator=evaluator, comment="y", scores=scores_for(rubric, 3, 3, 3), confidence="high"
    )
    evaluation.refresh_from_db()
    assert evaluation.confidence == "high"
    entry = DossierLogEntry.objects.filter(dossier=dossier, action="evaluation_changed").get()
    assert entry.data["confidence"] == "high"


def test_evaluation_refuses_an_unknown_confidence(lead, dossier, evaluator, rubric):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    with pytest.raises(ValidationError, match="confident"):
        services.evaluation_submit(
            dossier_id=dossier.pk, evaluator=evaluator, comment="x", scores=scores_for(rubric, 3, 3, 3), confidence="!"
        )
    assert not Evaluation.objects.exists()


def test_abstention_has_no_confidence(lead, dossier, evaluator, rubric):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    evaluation = services.evaluation_submit(
        dossier_id=dossier.pk,
        evaluator=evaluator,
        comment="x",
        abstain=True,
        abstain_reason="Friend",
        confidence="high",
    )
    assert evaluation.confidence == ""
