"""Journeys in the program's languages: in Japanese, a nominee adds an activity
and submits; in Arabic, a visitor on a phone opens the directory and a
profile, mirrored right to left, without horizontal overflow. The screenshots
of both are kept under docs/screenshots/ for the README."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from nominations.models import ActivityType, Dossier
from tests.browser import journeys
from tests.factories import TEST_PASSWORD, DossierFactory, UserFactory

pytestmark = pytest.mark.browser

cast = journeys.cast
activity_types = journeys.activity_types

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


def keep(page, name: str) -> None:
    """A README screenshot, written only when asked (``README_SCREENSHOTS=1``): a test run leaves the tree as it was."""
    if os.environ.get("README_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def words(language: str, *texts: str) -> list[str]:
    """The catalogue's words, so that the journey reads the page as its reader does."""
    with translation.override(language):
        return [translation.gettext(text) for text in texts]


def new_tab(browser, base_url: str, *, locale: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=base_url, locale=locale)
    context.set_default_timeout(15_000)
    return context.new_page()


def no_horizontal_overflow(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def test_a_nominee_in_japanese_adds_an_activity_and_submits(
    browser, live_server, journey_settings, cast, activity_types
):
    nominee = UserFactory(display_name="田中 愛子", email="aiko.tanaka@example.org", country="JP", language="ja")
    dossier = DossierFactory(owner=nominee, expertise=cast.expertise)
    speaking = ActivityType.objects.get(slug="speaking")
    save, review, submit, new_dossier = words(
        "ja", "Save activity", "Review and submit", "Submit my dossier", "My new dossier"
    )
    page = new_tab(browser, live_server.url, locale="ja-JP", width=1280, height=900)

    # Signing in: the first visit speaks the browser's language.
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    page.locator("input[name=username]").fill(nominee.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"/nominations/dossiers/{dossier.pk}/edit/")
    expect(page.get_by_role("heading", name=new_dossier)).to_be_visible()
    form = page.locator("form[data-activity-form]")
    form.locator("select[name=activity_type]").select_option(str(speaking.pk))
    form.locator("input[name=title]").fill("Azure 勉強会 東京：Bicep 入門")
    form.locator("input[name=started_on]").fill("2026-09-10")
    form.locator("input[name=reach]").fill("45")
    form.get_by_role("button", name=save).click()
    expect(page.get_by_text("「Azure 勉強会 東京：Bicep 入門」を保存しました。")).to_be_visible()
    assert dossier.activities.count() == 1
    keep(page, "ja-dossier-editor.png")

    page.get_by_role("link", name=review).first.click()
    expect(page.get_by_text("受賞日", exact=False).first).to_be_visible()
    page.get_by_role("button", name=submit).click()
    expect(page.get_by_text("提出しました。", exact=False).first).to_be_visible()
    keep(page, "ja-dossier-submitted.png")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.SUBMITTED
    page.context.close()


def test_the_directory_and_a_profile_in_arabic_on_a_phone(browser, live_server, journey_settings, cast):
    mvp = cast.mvp
    mvp.headline = "مطوّرة سحابية ومتحدثة في المؤتمرات"
    mvp.save(update_fields=["headline"])
    page = new_tab(browser, live_server.url, locale="ar", width=390, height=844)

    page.goto("/directory/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("link", name=mvp.display_name).first).to_be_visible()
    no_horizontal_overflow(page)
    keep(page, "ar-directory.png")

    page.get_by_role("link", name=mvp.display_name).first.click()
    expect(page.get_by_role("heading", name=mvp.display_name)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # Mirrored: the page's text starts at the right edge.
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    no_horizontal_overflow(page)
    keep(page, "ar-profile.png")
    page.context.close()
