"""A long activity table can be searched and sorted, with the keyboard alone."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, ActivityFactory, DossierFactory, ExpertiseFactory, UserFactory

pytestmark = pytest.mark.browser


def test_the_nominee_searches_and_sorts_the_activity_table_from_the_keyboard(page, sign_in):
    owner = UserFactory(display_name="Nora Nominee", email="nora@example.org", country="IE")
    dossier = DossierFactory(owner=owner, expertise=ExpertiseFactory(name="Azure", slug="azure"))
    for title, day, reach in [
        ("Bicep at the Cork user group", date(2026, 3, 2), 45),
        ("Azure Functions in depth", date(2026, 9, 20), 2400),
        ("Answering on Microsoft Q&A", date(2026, 1, 12), 310),
    ]:
        ActivityFactory(dossier=dossier, title=title, started_on=day, reach=reach)
    sign_in(page, owner.email, TEST_PASSWORD)
    page.goto(f"/nominations/dossiers/{dossier.pk}/")
    rows = page.locator("table.nom-activities tbody tr")
    expect(rows).to_have_count(3)

    # Search: Tab to the box, type; the rows without the words are hidden.
    search = page.get_by_label("Search the table")
    search.focus()
    page.keyboard.type("azure")
    expect(rows.filter(visible=True)).to_have_count(1)
    expect(page.get_by_text("1 / 3")).to_be_visible()
    search.fill("")

    # Sort by date: the header is a button, pressed with Enter.
    header = page.get_by_role("button", name="Date")
    header.focus()
    page.keyboard.press("Enter")
    expect(page.locator("table.nom-activities th[aria-sort='ascending']")).to_have_count(1)
    expect(rows.first).to_contain_text("Answering on Microsoft Q&A")
    page.keyboard.press("Enter")
    expect(rows.first).to_contain_text("Azure Functions in depth")
