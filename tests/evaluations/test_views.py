"""The evaluator's pages: confidence with the scores, and each evaluator's own order."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.fairness import review_order_key
from evaluations.models import Evaluation
from nominations.models import Dossier
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_scores_without_confidence_keep_the_input_and_say_what_is_missing(client, lead, dossier, rubric, evaluator):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    client.force_login(evaluator)
    url = reverse("evaluations:evaluate", kwargs={"pk": dossier.pk})
    data = {f"score_{c.pk}": 4 for c in rubric} | {"comment": "KEPT-COMMENT"}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say how confident you are in your scores." in page
    assert "KEPT-COMMENT" in page
    assert not Evaluation.objects.exists()
    response = client.post(url, data | {"confidence": "low"}, follow=True)
    assert Evaluation.objects.get().confidence == "low"
    assert "confidence low" in response.content.decode()


def test_each_evaluator_reads_the_dossiers_in_an_order_of_their_own(
    client, lead, evaluator, second_evaluator, expertise
):
    dossiers = [
        DossierFactory(
            owner=UserFactory(display_name=f"Person {i:02d}"), state=Dossier.State.SUBMITTED, expertise=expertise
        )
        for i in range(12)
    ]
    services.assignments_create(
        dossier_ids=[d.pk for d in dossiers], evaluator_ids=[evaluator.pk, second_evaluator.pk], actor=lead
    )
    seen = {}
    for person in (evaluator, second_evaluator):
        client.force_login(person)
        first = [a.dossier_id for a in client.get(reverse("evaluations:my-assignments")).context["open"]]
        again = [a.dossier_id for a in client.get(reverse("evaluations:my-assignments")).context["open"]]
        assert first == again
        expected = sorted(
            (d.pk for d in dossiers),
            key=lambda pk: review_order_key(evaluator_id=person.pk, award_date=dossiers[0].award_date, dossier_id=pk),
        )
        assert first == expected
        seen[person.pk] = first
    assert seen[evaluator.pk] != seen[second_evaluator.pk]
