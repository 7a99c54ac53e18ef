"""The lead assigns an evaluator through the search box, with the keyboard: typing a
name lists the matching employees (a combobox), Arrow Down and Enter tick one, the
form assigns them."""

import pytest
from playwright.sync_api import expect

from evaluations.models import Assignment
from mvp_portal.accounts.roles import Role
from tests.browser import journeys
from tests.browser.journeys import sign_in, submitted_dossier
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

cast = journeys.cast
activity_types = journeys.activity_types


def test_the_lead_finds_and_assigns_an_evaluator_by_name(page, cast, activity_types):
    dossier = submitted_dossier(cast)
    for i in range(30):
        UserFactory(display_name=f"Staff Member {i:02d}", roles=[Role.EMPLOYEE])
    sign_in(page, cast.lead.email)
    page.goto(f"/desk/dossiers/{dossier.pk}/")
    expect(page.get_by_text("Staff Member 07")).to_have_count(0)  # nobody listed up front

    box = page.get_by_role("combobox", name="Find an evaluator")
    box.fill("Emma")
    options = page.get_by_role("listbox", name="Evaluators found").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_text("Emma Employee <employee@example.org>")
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Enter")  # chooses; does not send the form
    chosen = page.get_by_role("checkbox", name="Emma Employee <employee@example.org>")
    expect(chosen).to_be_checked()
    expect(box).to_have_value("")
    assert not Assignment.objects.exists()

    page.get_by_role("button", name="Assign").click()
    journeys.flash(page, "1 assignment made")
    assert list(Assignment.objects.values_list("evaluator__email", flat=True)) == ["employee@example.org"]
