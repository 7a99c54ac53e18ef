"""Renewal readiness, at a phone's width: the MVP lead leaves a note on an Irish
MVP's readiness picture in the renewal window → the MVP, on their award page,
sees the picture (each criterion's state in words, the activities behind it, the
months without activity) and the note with who wrote it; the page fits 390 px
and axe-core finds no serious violation on either page."""

from datetime import date

import pytest
from playwright.sync_api import expect

from awards.models import ReadinessNote
from evaluations.models import DEFAULT_READINESS_SIGNALS, Criterion
from nominations.models import ActivityType
from tests.browser import journeys
from tests.browser.journeys import browser_as, flash
from tests.browser.test_accessibility import PHONE, axe_problems
from tests.factories import ActivityFactory, AwardFactory, DossierFactory, UserFactory

pytestmark = pytest.mark.browser

cast = journeys.cast
activity_types = journeys.activity_types
criteria = journeys.criteria


def fits(tab) -> bool:
    width, window = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return width <= window


def test_lead_notes_the_readiness_and_the_mvp_reads_it_on_a_phone(page, shoot, cast, activity_types, criteria):
    for name, signal in DEFAULT_READINESS_SIGNALS.items():
        Criterion.objects.filter(name=name).update(readiness_signal=signal)
    renewing = UserFactory(display_name="Rory Renewing", email="rory@example.org", country="IE")
    award = AwardFactory(user=renewing, expertise=cast.expertise, starts_on=date(2026, 1, 1))  # window open today
    award.renewal_dossier = DossierFactory(
        owner=renewing,
        kind="renewal",
        nomination=None,
        expertise=cast.expertise,
        award_date=date(2027, 1, 1),
        period_start=award.starts_on,
        period_end=award.ends_on,
    )
    award.save(update_fields=["renewal_dossier"])
    blog = ActivityType.objects.get(slug="blog-post")
    for month in (2, 3, 9):
        ActivityFactory(
            dossier=award.renewal_dossier,
            activity_type=blog,
            title=f"Post of month {month}",
            started_on=date(2026, month, 12),
            url="" if month == 9 else f"https://rory.example/{month}",
        )

    lead = browser_as(page, cast.lead)
    lead.set_viewport_size({"width": PHONE, "height": 900})
    lead.goto(f"/desk/awards/{award.pk}/readiness/")
    expect(lead.get_by_role("heading", name="Renewal readiness")).to_be_visible()
    lead.get_by_label("Your note to the MVP").fill("Your talks are missing: add them, with the attendance.")
    lead.get_by_role("button", name="Save the note").click()
    flash(lead, "Your note is saved")
    expect(lead.get_by_text("Versions of the note")).to_be_visible()
    assert fits(lead) and axe_problems(lead) == []
    shoot(lead, "readiness-lead")
    assert ReadinessNote.objects.get(award=award).written_by == cast.lead

    mvp = browser_as(page, renewing)
    mvp.set_viewport_size({"width": PHONE, "height": 900})
    mvp.goto("/directory/my-award/")
    panel = mvp.get_by_role("region", name="Renewal readiness")
    expect(panel.get_by_text("Your talks are missing: add them, with the attendance.")).to_be_visible()
    expect(panel.get_by_text("Written by Lena Lead", exact=False)).to_be_visible()
    expect(panel.locator(".badge", has_text="Thin").first).to_be_visible()  # a state in words, not a colour
    expect(panel.locator(".badge", has_text="Covered").first).to_be_visible()
    panel.get_by_text("The 3 activities behind it").first.click()
    expect(panel.get_by_text("Post of month 9", exact=False).first).to_be_visible()
    assert fits(mvp) and axe_problems(mvp) == []
    shoot(mvp, "readiness-mvp")
