"""The public directory on a phone (390 px wide): sort, page numbers, a page that
does not exist; and an MVP who puts up a photo that the directory then shows."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.factories import AwardFactory, ExpertiseFactory, LanguageFactory, UserFactory
from tests.factories.accounts import TEST_PASSWORD
from tests.factories.directory import bulk_mvps
from tests.support.images import picture

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_visitor_on_a_phone_sorts_and_pages_through_the_directory(page, shoot):
    expertise = ExpertiseFactory(name="Azure", slug="azure")
    bulk_mvps(24 * 9 + 5, expertises=[expertise], languages=[LanguageFactory(code="en", name="English")])
    page.set_viewport_size(PHONE)

    page.goto("/directory/?page=5")
    pages = page.get_by_role("navigation", name="Directory pages")
    expect(pages.get_by_role("link", name="Page 5", exact=True)).to_have_attribute("aria-current", "page")
    expect(pages.get_by_role("link", name="Page 10", exact=True)).to_be_visible()
    assert fits_the_width(page)
    box = pages.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    shoot(page, "directory-page-5")

    # A new order: the form submits itself, back on the first page, and the page links keep the order.
    page.get_by_label("Sort by").select_option("recent")
    expect(page).to_have_url(re.compile(r"sort=recent"))
    expect(page.get_by_label("Sort by")).to_have_value("recent")
    page.get_by_role("navigation", name="Directory pages").get_by_role("link", name="Page 2", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=recent&page=2$"))
    expect(page.get_by_label("Sort by")).to_have_value("recent")

    # A page beyond the last: said so, with a way to the last page.
    response = page.goto("/directory/?page=99&sort=recent")
    assert response.status == 404
    expect(page.get_by_role("heading", name="This page does not exist")).to_be_visible()
    assert fits_the_width(page)
    page.get_by_role("link", name="Go to the last page (page 10)").click()
    expect(page).to_have_url(re.compile(r"sort=recent&page=10$"))
    expect(page.get_by_role("link", name="Page 10", exact=True)).to_have_attribute("aria-current", "page")


def test_an_mvp_puts_up_a_photo_and_the_directory_shows_it(page, shoot, sign_in, tmp_path):
    expertise = ExpertiseFactory(name="Azure", slug="azure")
    person = UserFactory(display_name="Róisín Ní Bhriain", email="roisin@example.org", country="IE")
    AwardFactory(user=person, expertise=expertise, starts_on=date(2026, 10, 1))
    page.set_viewport_size(PHONE)

    # Without a photo: her initials, in the directory's card.
    page.goto("/directory/")
    card = page.locator("article.mvp-card", has_text="Róisín Ní Bhriain")
    expect(card.locator(".avatar-initials")).to_have_text("RB")

    sign_in(page, person.email, TEST_PASSWORD)
    page.goto("/accounts/profile/")
    bad = tmp_path / "notes.jpg"
    bad.write_bytes(b"these are my notes, not a picture")
    page.locator("#id_photo").set_input_files(str(bad))
    page.get_by_role("button", name="Upload the photo").click()
    expect(page.locator("#error_1_id_photo")).to_contain_text("not an image we can read")
    shoot(page, "photo-refused")

    photo = tmp_path / "me.png"
    photo.write_bytes(picture((640, 480), format="PNG", colour=(30, 110, 200)))
    page.locator("#id_photo").set_input_files(str(photo))
    page.get_by_role("button", name="Upload the photo").click()
    expect(page.get_by_text("Your photo is saved.")).to_be_visible()
    preview = page.locator("img.avatar-large")
    expect(preview).to_be_visible()
    assert preview.evaluate("img => img.decode().then(() => img.naturalWidth)") == 256
    assert fits_the_width(page)
    shoot(page, "photo-saved")

    page.goto("/directory/")
    thumbnail = page.locator("article.mvp-card", has_text="Róisín Ní Bhriain").locator("img.avatar")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") in (64, 256)
    shoot(page, "directory-with-photo")
