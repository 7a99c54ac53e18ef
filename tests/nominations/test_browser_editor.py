"""The dossier editor in a real browser: keyboard entry, the type relabelling the
metric fields, no paid work offered, a date outside the period flagged as typed, and a delete confirmed by the
small script. (Without JavaScript the same pages are covered by the client tests.)"""

import os
import re
import shutil
import threading

import pytest
from django.db import connection

from nominations.models import Activity, Dossier
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, journey_settings, shoot, sign_in  # noqa: F401
from tests.conftest import service_missing
from tests.factories import TEST_PASSWORD, ActivityFactory, DossierFactory, UserFactory

pytestmark = pytest.mark.browser


def in_own_browser(live_server, body) -> None:
    """Run ``body(page)`` with a browser of its own, in a thread of its own.

    Playwright's sync API refuses to start where another sync Playwright (the
    session browser of tests/browser, when the same worker ran those first)
    already runs its loop; a fresh thread has none.
    """
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        service_missing(f"this test needs Chromium at {CHROMIUM} (apt-get install chromium)")
    outcome: dict = {}

    def run():
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
                context.set_default_timeout(15_000)
                try:
                    body(context.new_page())
                finally:
                    browser.close()
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc
        finally:
            connection.close()

    # The ORM checks between browser steps run beside Playwright's event loop.
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join(timeout=240)
    finally:
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved
    assert not thread.is_alive(), "the browser test did not finish in 4 minutes"
    if "error" in outcome:
        raise outcome["error"]


def test_nominee_enters_activities_with_the_keyboard(
    transactional_db,
    activity_types,
    live_server,
    journey_settings,  # noqa: F811
    shoot,  # noqa: F811
    sign_in,  # noqa: F811
):
    owner = UserFactory(display_name="Niamh Byrne", email="niamh@example.org", country="IE")
    dossier = DossierFactory(owner=owner)
    ActivityFactory(dossier=dossier, title="An older post")
    in_own_browser(live_server, lambda page: journey(page, owner, dossier, screenshot=shoot, log_in=sign_in))


def journey(page, owner, dossier, *, screenshot, log_in) -> None:
    from playwright.sync_api import expect

    log_in(page, owner.email, TEST_PASSWORD)
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
    screenshot(page, "editor-speaking")

    # Paid work is not offered: the form says that it does not count.
    expect(form.get_by_text("paid work, such as consulting, does not count")).to_be_visible()
    expect(form.get_by_label("Yes — paid (e.g. consulting)")).to_have_count(0)

    # A date outside the dossier's period is flagged beside the field as it is typed.
    form.get_by_label("Title").fill("Community workshop")
    form.get_by_label("Attendees").fill("40")
    started_on = form.get_by_label("Date", exact=False).first
    started_on.fill("2019-05-12")
    expect(form.locator("[data-period-warning]")).to_contain_text("outside the period")
    screenshot(page, "editor-outside-period")
    started_on.fill("2026-05-12")
    expect(form.locator("[data-period-warning]")).to_be_hidden()

    # Saved with Enter; the form is ready for the next one with the same type.
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
    screenshot(page, "editor-after-delete")

    # Submit from the summary; the editor then refuses.
    page.get_by_role("link", name="Review and submit").first.click()
    screenshot(page, "submit-summary")
    page.get_by_role("button", name="Submit my dossier").click()
    expect(page.get_by_text("Submitted.", exact=False)).to_be_visible()
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.SUBMITTED
    screenshot(page, "dossier-submitted")
    page.goto(f"/nominations/dossiers/{dossier.pk}/edit/")
    expect(page.get_by_text("locked")).to_be_visible()
