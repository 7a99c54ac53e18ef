"""Feedback to the person: per-criterion standing from the rubric, a note the lead drafts and an admin approves."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations import selectors, services
from evaluations.fairness import criterion_standing
from evaluations.models import Decision, Feedback
from nominations.models import DossierLogEntry

pytestmark = pytest.mark.django_db


def test_criterion_standing_hand_checked():
    assert criterion_standing([4, 5, 3]) == (Decimal(4), "strong")
    assert criterion_standing([3, 4]) == (Decimal("3.5"), "sufficient")
    assert criterion_standing([2, 3, 5, 1]) == (Decimal("2.5"), "needs more")
    assert criterion_standing([]) == (None, None)


def scored(lead, dossier, rubric, evaluator, second_evaluator):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk, second_evaluator.pk], actor=lead)
    for person, values in ((evaluator, (5, 3, 2)), (second_evaluator, (4, 3, 1))):
        services.evaluation_submit(
            dossier_id=dossier.pk,
            evaluator=person,
            comment="INTERNAL-COMMENT",
            scores={c.pk: v for c, v in zip(rubric, values, strict=True)},
            confidence="high",
        )


def test_standings_per_criterion_in_rubric_order(lead, dossier, rubric, evaluator, second_evaluator):
    scored(lead, dossier, rubric, evaluator, second_evaluator)
    rows = selectors.criterion_standings(dossier)
    # Impact 5 and 4 → 4.5 strong; Reach 3 and 3 → sufficient; Quality 2 and 1 → 1.5 needs more.
    assert [(r.criterion.name, r.median, r.standing, r.spread) for r in rows] == [
        ("T Impact", Decimal("4.5"), "strong", 1),
        ("T Reach", Decimal(3), "sufficient", 0),
        ("T Quality", Decimal("1.5"), "needs more", 1),
    ]


def test_a_changed_draft_needs_a_new_approval(lead, program_admin, dossier):
    feedback = services.feedback_save(dossier_id=dossier.pk, actor=lead, note="Add talks.")
    services.feedback_approve(dossier_id=dossier.pk, actor=program_admin)
    feedback.refresh_from_db()
    assert feedback.is_approved and feedback.approved_by == program_admin
    services.feedback_save(dossier_id=dossier.pk, actor=lead, note="Add talks and blog posts.")
    feedback.refresh_from_db()
    assert not feedback.is_approved and feedback.note == "Add talks and blog posts."
    actions = list(DossierLogEntry.objects.filter(dossier=dossier).values_list("action", flat=True))
    assert actions.count("feedback_drafted") == 2 and actions.count("feedback_approved") == 1


def test_feedback_rules(lead, other_lead, program_admin, dossier):
    with pytest.raises(ValidationError, match="Write the feedback"):
        services.feedback_save(dossier_id=dossier.pk, actor=lead, note="  ")
    with pytest.raises(PermissionDenied):
        services.feedback_save(dossier_id=dossier.pk, actor=other_lead, note="x")
    with pytest.raises(ValidationError, match="no feedback to approve"):
        services.feedback_approve(dossier_id=dossier.pk, actor=program_admin)
    services.feedback_save(dossier_id=dossier.pk, actor=lead, note="x")
    with pytest.raises(PermissionDenied):
        services.feedback_approve(dossier_id=dossier.pk, actor=lead)
    Decision.objects.create(
        dossier=dossier, verdict="award", rationale="ok", decided_by=program_admin, announced_at=timezone.now()
    )
    with pytest.raises(ValidationError, match="announced"):
        services.feedback_save(dossier_id=dossier.pk, actor=lead, note="y")
    assert Feedback.objects.get().note == "x"


def test_the_person_sees_approved_feedback_after_the_announcement_only(
    client, lead, program_admin, nominee, dossier, rubric, evaluator, second_evaluator
):
    scored(lead, dossier, rubric, evaluator, second_evaluator)
    client.force_login(lead)
    desk_page = reverse("desks:dossier", kwargs={"pk": dossier.pk})
    response = client.post(reverse("desks:feedback-save", kwargs={"pk": dossier.pk}), {"note": ""})
    assert response.status_code == 400 and "Check the feedback" in response.content.decode()
    client.post(reverse("desks:feedback-save", kwargs={"pk": dossier.pk}), {"note": "DRAFT-NOTE: more talks."})
    page = client.get(desk_page).content.decode()
    assert "DRAFT-NOTE" in page and "waiting for approval" in page and "Approve the feedback" not in page
    assert "median 4.5, spread 1" in page
    own_page = reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk})
    client.force_login(nominee)
    assert "DRAFT-NOTE" not in client.get(own_page).content.decode()
    client.force_login(program_admin)
    client.post(reverse("desks:feedback-approve", kwargs={"pk": dossier.pk}))
    assert Feedback.objects.get().is_approved
    services.decision_record(dossier_id=dossier.pk, actor=program_admin, verdict="decline", rationale="INTERNAL-WHY")
    client.force_login(nominee)
    assert "DRAFT-NOTE" not in client.get(own_page).content.decode()  # decided, not yet announced
    Decision.objects.filter(dossier=dossier).update(announced_at=timezone.now())
    page = client.get(own_page).content.decode()
    assert "Feedback with your result" in page and "DRAFT-NOTE: more talks." in page
    assert "T Impact: <strong>strong</strong>" in page and "T Quality: <strong>needs more</strong>" in page
    assert "INTERNAL-COMMENT" not in page and "INTERNAL-WHY" not in page


def test_feedback_form_on_the_desk_keeps_input_on_error(client, lead, dossier):
    client.force_login(lead)
    response = client.post(reverse("desks:feedback-save", kwargs={"pk": dossier.pk}), {"note": "x" * 4001})
    page = response.content.decode()
    assert response.status_code == 400 and "x" * 4001 in page


def test_the_dossier_page_has_no_duplicate_ids(client, lead, dossier):
    import re
    from collections import Counter

    client.force_login(lead)
    page = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert "id_feedback_note" in ids
    assert [i for i, n in ids.items() if n > 1] == []
