"""The issue's wording items, one test each: whole numbers refused in plain words (never
Django's "Ensure this value is greater than or equal to 1."), counts in plural forms
(never "assignment(s)"), and the demo's briefings long enough to read as briefings."""

import re

import pytest
from django.urls import reverse

from api.forms import TokenCreateForm
from desks.forms import CalibrationMarkForm
from directory.demo import BRIEFINGS
from directory.forms import SummitForm

RAW = "Ensure this value"


def _errors(form) -> str:
    form.is_valid()
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def test_token_days_out_of_bounds_in_plain_words():
    low = _errors(TokenCreateForm({"name": "laptop", "scope": "read", "days": "0"}))
    high = _errors(TokenCreateForm({"name": "laptop", "scope": "read", "days": "9999"}))
    assert "Enter a whole number of at least 1." in low and RAW not in low
    assert "Enter a whole number of at most 365." in high and RAW not in high


def test_calibration_dossier_number_in_plain_words():
    errors = _errors(CalibrationMarkForm({"dossier": "0"}))
    assert "Enter a whole number of at least 1." in errors and RAW not in errors


@pytest.mark.django_db
def test_summit_capacity_in_plain_words():
    errors = _errors(SummitForm({"name": "Summit", "capacity": "0"}))
    assert "Enter a whole number of at least 1." in errors and RAW not in errors


@pytest.mark.django_db
def test_assignments_made_are_counted_in_plural_forms(client, lead, expertise):
    from mvp_portal.accounts.roles import Role
    from nominations.models import Dossier
    from tests.factories import DossierFactory, UserFactory

    evaluators = [UserFactory(roles=[Role.EMPLOYEE]) for _ in range(2)]
    dossier = DossierFactory(owner=UserFactory(country="IE"), expertise=expertise, state=Dossier.State.SUBMITTED)
    client.force_login(lead)
    url = reverse("desks:assignment-create")
    page = client.post(url, {"dossiers": [dossier.pk], "evaluators": [evaluators[0].pk]}, follow=True)
    assert "1 assignment made;" in page.content.decode()
    other = DossierFactory(owner=UserFactory(country="IE"), expertise=expertise, state=Dossier.State.SUBMITTED)
    page = client.post(url, {"dossiers": [other.pk], "evaluators": [e.pk for e in evaluators]}, follow=True)
    text = page.content.decode()
    assert "2 assignments made;" in text and "(s)" not in text


def test_demo_briefings_are_several_paragraphs_not_one_sentence():
    for title, body in BRIEFINGS:
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        sentences = re.findall(r"[.!?](?:\s|$)", body)
        assert len(paragraphs) >= 3, title
        assert len(sentences) >= 6, title
