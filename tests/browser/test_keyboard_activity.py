"""The nominee adds an activity with the keyboard alone: the type chosen by typing
its name in the list, each field reached with Tab, the form sent with Enter."""

import pytest
from playwright.sync_api import expect

from nominations.models import Activity
from tests.browser import journeys
from tests.browser.journeys import sign_in, tab_to
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.browser

activity_types = journeys.activity_types


def test_the_nominee_adds_an_activity_with_the_keyboard_alone(page, activity_types):
    owner = UserFactory(display_name="Nora Nominee", email="nora@example.org", country="IE")
    dossier = DossierFactory(owner=owner)
    sign_in(page, owner.email)
    page.goto(f"/nominations/dossiers/{dossier.pk}/edit/")

    # The type list has the focus when the page opens (autofocus): typing picks an option.
    expect(page.locator("select[name=activity_type]")).to_be_focused()
    page.keyboard.type("Speaking")
    tab_to(page, "title")
    page.keyboard.type("Bicep at the Cork user group")
    tab_to(page, "started_on")
    page.keyboard.type("05122026")  # Chromium's date field in the en-US order: month, day, year
    tab_to(page, "quantity")
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    tab_to(page, "reach")
    page.keyboard.type("45")
    tab_to(page, "BUTTON")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Bicep at the Cork user group").first).to_be_visible()
    activity = Activity.objects.get(dossier=dossier)
    assert (activity.activity_type.slug, activity.title, str(activity.started_on), activity.reach) == (
        "speaking",
        "Bicep at the Cork user group",
        "2026-05-12",
        45,
    )
