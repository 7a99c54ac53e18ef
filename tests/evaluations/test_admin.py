import pytest
from django.urls import reverse

from evaluations.models import Criterion
from tests.factories import (
    AssignmentFactory,
    ConflictDeclarationFactory,
    DecisionFactory,
    EvaluationFactory,
    RecommendationFactory,
    ScoreFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ["criterion", "assignment", "evaluation", "score", "recommendation", "conflictdeclaration", "decision"]


def test_default_rubric_is_shipped():
    names = set(Criterion.objects.filter(is_active=True).values_list("name", flat=True))
    assert {"Impact", "Reach", "Quality", "Consistency", "Depth of expertise"} <= names
    assert all(1 <= c.weight <= 10 for c in Criterion.objects.all())


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_search_and_filter(client, program_admin, model):
    AssignmentFactory()
    ScoreFactory()
    RecommendationFactory()
    ConflictDeclarationFactory()
    DecisionFactory()
    EvaluationFactory()
    client.force_login(program_admin)
    url = reverse(f"admin:evaluations_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "person"}).status_code == 200


def test_program_admin_edits_the_rubric_in_the_admin(client, program_admin):
    criterion = Criterion.objects.get(name="Impact")
    client.force_login(program_admin)
    response = client.post(
        reverse("admin:evaluations_criterion_change", args=[criterion.pk]),
        {"name": "Impact", "guidance": "New guidance", "weight": 4, "position": 10, "is_active": "on"},
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.weight, criterion.guidance) == (4, "New guidance")


def test_decisions_are_not_edited_in_the_admin(client, program_admin):
    decision = DecisionFactory()
    client.force_login(program_admin)
    response = client.post(
        reverse("admin:evaluations_decision_change", args=[decision.pk]), {"verdict": "decline", "rationale": "x"}
    )
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.verdict == "award"
