"""The evaluations cast: a rubric with known weights and a submitted dossier in Ireland."""

from datetime import date

import pytest

from evaluations.models import Criterion
from mvp_portal.accounts.roles import Role
from nominations.models import Dossier, NominationSupport
from tests.factories import CriterionFactory, DossierFactory, UserFactory


@pytest.fixture
def rubric(db):
    """Impact ×3, Reach ×2, Quality ×1 (the shipped default rubric is switched off)."""
    Criterion.objects.update(is_active=False)
    return [
        CriterionFactory(name="T Impact", weight=3, position=1),
        CriterionFactory(name="T Reach", weight=2, position=2),
        CriterionFactory(name="T Quality", weight=1, position=3),
    ]


@pytest.fixture
def nominator(db):
    """An employee who nominated the dossier's owner."""
    return UserFactory(display_name="Nora Nominator", email="nominator@example.org", roles=[Role.EMPLOYEE])


@pytest.fixture
def supporter(db):
    return UserFactory(display_name="Sam Supporter", email="supporter@example.org", roles=[Role.EMPLOYEE])


@pytest.fixture
def evaluator(db):
    return UserFactory(display_name="Eve Evaluator", email="eve@example.org", roles=[Role.EMPLOYEE])


@pytest.fixture
def second_evaluator(db):
    return UserFactory(display_name="Ezra Evaluator", email="ezra@example.org", roles=[Role.EMPLOYEE])


@pytest.fixture
def dossier(db, nominee, nominator, supporter, expertise, lead):
    """Nico Nominee's submitted new dossier (Ireland, award date 2027-01-01)."""
    dossier = DossierFactory(owner=nominee, expertise=expertise, state=Dossier.State.SUBMITTED)
    nomination = dossier.nomination
    nomination.nominator = nominator
    nomination.save(update_fields=["nominator"])
    NominationSupport.objects.create(nomination=nomination, supporter=supporter, statement="Agreed")
    return dossier


AWARD_DATE = date(2027, 1, 1)
