"""Calibration round: past dossiers every evaluator of a cycle scores first; offsets from the median."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations import selectors, services
from evaluations.models import Decision
from mvp_portal.accounts.roles import Role
from nominations.models import Dossier
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def past(program_admin, expertise):
    """Two dossiers decided and announced for 2026-07-01."""
    made = []
    for n in range(2):
        dossier = DossierFactory(
            owner=UserFactory(display_name=f"Secret Person {n}"),
            kind=Dossier.Kind.RENEWAL,
            state=Dossier.State.DECIDED,
            expertise=expertise,
            award_date=date(2026, 7, 1),
        )
        Decision.objects.create(
            dossier=dossier, verdict="award", rationale="ok", decided_by=program_admin, announced_at=timezone.now()
        )
        made.append(dossier)
    return made


@pytest.fixture
def third_evaluator(db):
    return UserFactory(display_name="Ivo Evaluator", email="ivo@example.org", roles=[Role.EMPLOYEE])


def scores(rubric, *values):
    return {c.pk: v for c, v in zip(rubric, values, strict=True)}


def test_marking_rules(program_admin, lead, dossier, past, expertise):
    award_date = dossier.award_date
    with pytest.raises(PermissionDenied):
        services.calibration_mark(award_date=award_date, dossier_id=past[0].pk, actor=lead)
    with pytest.raises(ValidationError, match="past dossier"):
        services.calibration_mark(award_date=award_date, dossier_id=dossier.pk, actor=program_admin)
    services.calibration_mark(award_date=award_date, dossier_id=past[0].pk, actor=program_admin)
    with pytest.raises(ValidationError, match="already"):
        services.calibration_mark(award_date=award_date, dossier_id=past[0].pk, actor=program_admin)
    services.calibration_mark(award_date=award_date, dossier_id=past[1].pk, actor=program_admin)
    more = []
    for _ in range(2):
        extra = DossierFactory(kind=Dossier.Kind.RENEWAL, expertise=expertise, award_date=date(2026, 4, 1))
        Decision.objects.create(
            dossier=extra, verdict="award", rationale="ok", decided_by=program_admin, announced_at=timezone.now()
        )
        more.append(extra)
    services.calibration_mark(award_date=award_date, dossier_id=more[0].pk, actor=program_admin)
    with pytest.raises(ValidationError, match="at most 3"):
        services.calibration_mark(award_date=award_date, dossier_id=more[1].pk, actor=program_admin)


def test_calibration_first_then_offsets_from_the_median(
    program_admin, lead, dossier, past, rubric, evaluator, second_evaluator, third_evaluator
):
    people = [evaluator, second_evaluator, third_evaluator]
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[p.pk for p in people], actor=lead)
    calibration = services.calibration_mark(award_date=dossier.award_date, dossier_id=past[0].pk, actor=program_admin)
    assert selectors.pending_calibrations(evaluator, dossier.award_date) == [calibration]
    with pytest.raises(ValidationError, match="calibration dossiers first"):
        services.evaluation_submit(
            dossier_id=dossier.pk, evaluator=evaluator, comment="c", scores=scores(rubric, 3, 3, 3), confidence="high"
        )
    with pytest.raises(ValidationError):
        services.calibration_score(calibration_id=calibration.pk, evaluator=evaluator, scores={})
    # Weighted (×3, ×2, ×1): all 5 → 5; all 3 → 3; all 2 → 2. Reference = median 3.
    for person, value in zip(people, (5, 3, 2), strict=True):
        services.calibration_score(
            calibration_id=calibration.pk, evaluator=person, scores=scores(rubric, value, value, value)
        )
    with pytest.raises(ValidationError, match="have scored"):
        services.calibration_score(calibration_id=calibration.pk, evaluator=evaluator, scores=scores(rubric, 1, 1, 1))
    with pytest.raises(PermissionDenied):
        services.calibration_score(calibration_id=calibration.pk, evaluator=lead, scores=scores(rubric, 1, 1, 1))
    offsets = selectors.calibration_offsets(dossier.award_date)
    assert {p.display_name: offsets[p.pk].offset for p in people} == {
        "Eve Evaluator": Decimal("2.00"),
        "Ezra Evaluator": Decimal("0.00"),
        "Ivo Evaluator": Decimal("-1.00"),
    }
    assert selectors.pending_calibrations(evaluator, dossier.award_date) == []
    services.evaluation_submit(
        dossier_id=dossier.pk, evaluator=evaluator, comment="c", scores=scores(rubric, 3, 3, 3), confidence="high"
    )
    with pytest.raises(ValidationError, match="started calibrating"):
        services.calibration_mark(award_date=dossier.award_date, dossier_id=past[1].pk, actor=program_admin)


def test_the_pages_hide_who_it_is_and_show_the_offsets(
    client, program_admin, lead, dossier, past, rubric, evaluator, second_evaluator
):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk, second_evaluator.pk], actor=lead)
    calibration = services.calibration_mark(award_date=dossier.award_date, dossier_id=past[0].pk, actor=program_admin)
    client.force_login(evaluator)
    page = client.get(reverse("evaluations:my-assignments")).content.decode()
    assert "First: calibration" in page
    evaluate = client.get(reverse("evaluations:evaluate", kwargs={"pk": dossier.pk})).content.decode()
    assert "score its dossiers first" in evaluate
    url = reverse("evaluations:calibrate", kwargs={"pk": calibration.pk})
    page = client.get(url).content.decode()
    assert "Secret Person" not in page and "Calibration dossier" in page
    response = client.post(url, {f"score_{rubric[0].pk}": "4"})
    assert response.status_code == 400 and "Check your scores" in response.content.decode()
    assert client.post(url, {f"score_{c.pk}": "4" for c in rubric}).status_code == 302
    services.calibration_score(
        calibration_id=calibration.pk, evaluator=second_evaluator, scores=scores(rubric, 2, 2, 2)
    )
    page = client.get(reverse("evaluations:my-assignments")).content.decode()
    assert "First: calibration" not in page and "1.00 from the median evaluator" in page
    client.force_login(lead)
    page = client.get(reverse("desks:reviewer-profiles") + "?award_date=2027-01-01").content.decode()
    assert "Calibration offsets" in page and "Eve Evaluator: <strong>1.00</strong>" in page
