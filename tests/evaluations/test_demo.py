import random
from datetime import date

import pytest

from evaluations import demo
from evaluations.models import Assignment, ConflictDeclaration, Decision, Evaluation, Recommendation
from mvp_portal.accounts.roles import Role
from mvp_portal.demo import DemoContext
from nominations.models import Dossier
from tests.factories import DossierFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_context(dossiers, staff, admin, lead):
    context = DemoContext(rng=random.Random(7), today=date(2026, 11, 28), mvps=10)
    context.objects.update(
        admin=admin, lead=lead, leads=[lead], employee=staff[0], employees=staff[1:], dossiers=dossiers
    )
    return context


def test_demo_seeds_every_stage_on_the_submitted_dossiers():
    admin = UserFactory(roles=[Role.PROGRAM_ADMIN])
    lead = UserFactory(roles=[Role.MVP_LEAD])
    RegionFactory(countries=["IE"], leads=[lead])
    staff = [UserFactory(roles=[Role.EMPLOYEE]) for _ in range(6)]
    dossiers = [DossierFactory(state=Dossier.State.SUBMITTED) for _ in range(13)]
    dossiers.append(DossierFactory(state=Dossier.State.SUBMITTED, award_date=date(2026, 10, 1)))
    dossiers.append(DossierFactory(state=Dossier.State.DRAFT))
    context = make_context(dossiers, staff, admin, lead)
    demo.seed(context)
    states = set(Dossier.objects.values_list("state", flat=True))
    assert {"submitted", "under_evaluation", "decided", "draft"} <= states
    assert Evaluation.objects.filter(abstained=True).exists() and Evaluation.objects.filter(abstained=False).exists()
    assert ConflictDeclaration.objects.count() == 1
    assert Recommendation.objects.exists()
    assert set(Decision.objects.values_list("verdict", flat=True)) == {"award", "decline"}
    # The demo employee has an evaluation to do.
    employee = staff[0]
    assigned = set(Assignment.objects.filter(evaluator=employee).values_list("dossier", flat=True))
    done = set(Evaluation.objects.filter(evaluator=employee).values_list("dossier", flat=True))
    assert assigned - done
    # Nobody evaluates a dossier they nominated or own; the declared conflict holds no assignment.
    for assignment in Assignment.objects.select_related("dossier__nomination"):
        assert assignment.evaluator_id not in (assignment.dossier.owner_id, assignment.dossier.nomination.nominator_id)
    conflict = ConflictDeclaration.objects.get()
    assert not Assignment.objects.filter(dossier=conflict.dossier, evaluator=conflict.employee).exists()
    assert "evaluations" in context.summary[-1]


def test_demo_without_dossiers_seeds_nothing_and_says_so():
    context = DemoContext(rng=random.Random(7), today=date(2026, 11, 28), mvps=10)
    demo.seed(context)
    assert not Evaluation.objects.exists()
    assert "nothing seeded" in context.summary[-1]


def test_demo_has_a_lenient_and_a_harsh_evaluator_and_a_disagreement():
    from decimal import Decimal

    from evaluations.fairness import Scored, dossier_figures

    admin = UserFactory(roles=[Role.PROGRAM_ADMIN])
    lead = UserFactory(roles=[Role.MVP_LEAD])
    RegionFactory(countries=["IE"], leads=[lead])
    staff = [UserFactory(roles=[Role.EMPLOYEE]) for _ in range(5)]
    dossiers = [DossierFactory(state=Dossier.State.SUBMITTED) for _ in range(30)]
    context = make_context(dossiers, staff, admin, lead)
    demo.seed(context)
    scored = Evaluation.objects.filter(abstained=False)
    lenient = [e.weighted_score for e in scored.filter(evaluator=staff[-1])]
    harsh = [e.weighted_score for e in scored.filter(evaluator=staff[-2])]
    assert lenient and harsh
    assert sum(lenient) / len(lenient) - sum(harsh) / len(harsh) >= Decimal(2)
    assert all(e.confidence for e in scored)
    figures = dossier_figures(
        Scored(*row) for row in Evaluation.objects.values_list("dossier_id", "evaluator_id", "weighted_score")
    )
    assert any(f.needs_discussion for f in figures.values())
    assert "harshly" in context.summary[-1]


def test_demo_has_a_calibration_round_and_a_reconsideration():
    from evaluations.models import CalibrationDossier, CalibrationScore, Reconsideration
    from evaluations.selectors import calibration_offsets, pending_calibrations

    admin = UserFactory(roles=[Role.PROGRAM_ADMIN])
    lead = UserFactory(roles=[Role.MVP_LEAD])
    RegionFactory(countries=["IE"], leads=[lead])
    staff = [UserFactory(roles=[Role.EMPLOYEE]) for _ in range(6)]
    dossiers = [DossierFactory(state=Dossier.State.SUBMITTED) for _ in range(13)]
    dossiers += [DossierFactory(state=Dossier.State.SUBMITTED, award_date=date(2026, 10, 1)) for _ in range(6)]
    demo.seed(make_context(dossiers, staff, admin, lead))
    reconsideration = Reconsideration.objects.get()
    assert reconsideration.dossier.decision.verdict == "decline" and reconsideration.dossier.decision.announced_at
    calibrations = list(CalibrationDossier.objects.all())
    assert 1 <= len(calibrations) <= 3
    assert all(c.dossier.award_date < c.award_date for c in calibrations)
    assert CalibrationScore.objects.exists() and calibration_offsets(calibrations[0].award_date)
    if Assignment.objects.filter(evaluator=staff[0], dossier__award_date=calibrations[0].award_date).exists():
        assert pending_calibrations(staff[0], calibrations[0].award_date)
    demo.delete_all()
    assert not CalibrationDossier.objects.exists()
