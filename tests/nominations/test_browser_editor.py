"""The dossier editor in a real browser: keyboard entry, the type relabelling the
metric fields, a paid activity refused in place, and a delete confirmed by the
small script. (Without JavaScript the same pages are covered by the client tests.)"""

import re

import pytest
from playwright.sync_api import expect

from nominations.models import Activity, Dossier
from tests.browser.conftest import browser, journey_settings, page, shoot, sign_in  # noqa: F401
from tests.factories import TEST_PASSWORD, ActivityFactory, DossierFactory, UserFactory

pytestmark = pytest.mark.browser


def test_nominee_enters_activities_with_the_keyboard(page, shoot, sign_in):  # noqa: F811
    owner = UserFactory(display_name="Niamh Byrne", email="niamh@example.org", country="IE")
    dossier = DossierFactory(owner=owner)
    ActivityFactory(dossier=dossier, title="An older post")
    sign_in(page, owner.email, TEST_PASSWORD)
    page.goto(f"/nominations/dossiers/{dossier.pk}/edit/")
    form = page.locator("form[data-activity-form]")
    type_select = form.locator("#id_activity_type")
    expect(type_select).to_be_focused()  # autofocus: typing starts at once

    # The labels follow the type without a round trip.
    type_select.select_option(label="Blog or website post")
    expect(form.locator("label[for=id_quantity]")).to_contain_text("Posts")
    expect(form.locator("label[for=id_second_quantity]")).to_contain_text("Subscribers")
    expect(form.locator("label[for=id_reach]")).to_contain_text("Unique visitors")
    type_select.select_option(label="Mentorship")
    expect(form.locator("label[for=id_quantity]")).to_contain_text("Mentees")
    expect(form.locator("#id_reach")).to_be_hidden()
    type_select.select_option(label="Speaking at a conference or user group")
    expect(form.locator("label[for=id_reach]")).to_contain_text("Attendees")
    shoot(page, "editor-speaking")

    # Paid work is refused next to the field; everything typed stays.
    form.get_by_label("Title").fill("Paid workshop")
    form.get_by_label("Date", exact=False).first.fill("2026-05-12")
    form.get_by_label("Attendees").fill("40")
    form.get_by_label("Yes — paid (e.g. consulting)").check()
    form.get_by_label("Title").press("Enter")
    expect(page.get_by_text("does not count towards the award")).to_be_visible()
    expect(page.locator("form[data-activity-form]").get_by_label("Title")).to_have_value("Paid workshop")
    expect(page.locator("form[data-activity-form] label[for=id_reach]")).to_contain_text("Attendees")
    shoot(page, "editor-paid-refused")
    assert not Activity.objects.filter(title="Paid workshop").exists()

    # Corrected, saved with Enter; the form is ready for the next one with the same type.
    form = page.locator("form[data-activity-form]")
    form.get_by_label("Title").fill("Community workshop")
    form.get_by_label("No — community work I was not paid for").check()
    form.get_by_label("Title").press("Enter")
    expect(page.get_by_text("Saved “Community workshop”")).to_be_visible()
    expect(page.locator("#id_activity_type")).to_have_value(
        str(Activity.objects.get(title="Community workshop").activity_type_id)
    )
    expect(page.locator("form[data-activity-form] label[for=id_reach]")).to_contain_text("Attendees")

    # Delete, confirmed in place by the script; it sticks.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name=re.compile("Delete An older post")).click()
    expect(page.get_by_text("Deleted “An older post”")).to_be_visible()
    assert not Activity.objects.filter(title="An older post").exists()
    page.reload()
    expect(page.get_by_text("An older post")).to_have_count(0)
    shoot(page, "editor-after-delete")

    # Submit from the summary; the editor then refuses.
    page.get_by_role("link", name="Review and submit").first.click()
    shoot(page, "submit-summary")
    page.get_by_role("button", name="Submit my dossier").click()
    expect(page.get_by_text("Submitted.", exact=False)).to_be_visible()
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.SUBMITTED
    shoot(page, "dossier-submitted")
    page.goto(f"/nominations/dossiers/{dossier.pk}/edit/")
    expect(page.get_by_text("locked")).to_be_visible()
