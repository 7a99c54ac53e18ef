"""Journey 1, the nominee: nominated by an MVP → invited by the MVP lead → claims the
account from the e-mailed link → adds activities (one refused, what was typed kept)
→ imports a CSV through preview and confirm → submits; the lead is told by e-mail."""

import csv
import re

import pytest
from playwright.sync_api import expect

from nominations.models import Activity, Dossier, Nomination
from tests.browser import journeys
from tests.browser.journeys import browser_as, flash, path_of
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

# Fixtures of the journeys, available to this module.
cast = journeys.cast
activity_types = journeys.activity_types

NOMINEE_EMAIL = "niamh.byrne@example.org"
PASSWORD = "kilkenny castle in the rain 2026"
STATEMENT = (
    "Niamh runs the Cork Azure user group every month, writes a weekly blog on Azure networking, "
    "answers hundreds of questions on Microsoft Q&A and maintains an open-source Bicep module library "
    "that many Irish public-sector teams use."
)


def test_nominee_is_nominated_invited_claims_documents_imports_and_submits(
    page, mail, shoot, sign_in, cast, activity_types, test_output_dir
):
    # An MVP nominates someone through the form.
    sign_in(page, cast.mvp.email, TEST_PASSWORD)
    page.goto("/nominations/new/")
    expect(page.get_by_role("heading", name="Nominate someone for the MVP award")).to_be_visible()
    page.get_by_label("Nominee's name").fill("Niamh Byrne")
    page.get_by_label("Nominee's e-mail address").fill(NOMINEE_EMAIL)
    page.get_by_label("Country they live in").select_option("IE")
    page.get_by_label("Technology area (expertise)").select_option(label="Azure")
    page.get_by_label("Why should they receive the award?").fill(STATEMENT)
    page.get_by_label("Links to their work").fill("https://niamh.example.org/blog")
    shoot(page, "nominate")
    page.get_by_role("button", name="Send the nomination").click()
    flash(page, "Niamh Byrne is nominated")
    shoot(page, "nominations-made")
    nomination = Nomination.objects.get(nominee_email=NOMINEE_EMAIL)
    assert nomination.nominator == cast.mvp

    # The MVP lead of Ireland opens their desk and invites.
    lead = browser_as(page, cast.lead)
    lead.goto("/")
    lead.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Lead desk").click()
    expect(lead.get_by_role("heading", name="Waiting on me")).to_be_visible()
    shoot(lead, "lead-queue")
    lead.get_by_role("link", name="Niamh Byrne").click()
    expect(lead.get_by_role("heading", name="Nomination of Niamh Byrne")).to_be_visible()
    lead.get_by_role("button", name="Invite Niamh Byrne").click()
    flash(lead, f"Invitation sent to {NOMINEE_EMAIL}")
    shoot(lead, "lead-invited")

    # The invitation arrives over SMTP; the nominee (a new browser) follows its link.
    link = mail.link_to(NOMINEE_EMAIL, "/nominations/invitation/", "nominated")
    page.context.clear_cookies()
    page.goto(path_of(link, page.base))
    expect(page.get_by_role("heading", name="You were nominated for the MVP award")).to_be_visible()
    page.get_by_label("Your name").fill("Niamh Byrne")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    shoot(page, "claim")
    page.get_by_role("button", name="Create my account and open my dossier").click()
    flash(page, "Welcome! Your dossier is open")
    dossier = Dossier.objects.get(owner__email=NOMINEE_EMAIL)
    assert dossier.state == Dossier.State.DRAFT
    assert dossier.owner.check_password(PASSWORD)
    shoot(page, "editor-empty")

    # An activity in the future is refused next to the field; what was typed stays.
    form = page.locator("form[data-activity-form]")
    form.get_by_role("combobox", name=re.compile(r"^Type")).select_option(
        label="Speaking at a conference or user group"
    )
    form.get_by_label("Title").fill("Cork Azure user group: Bicep deep dive")
    form.get_by_label("Date", exact=False).first.fill("2027-02-10")
    form.get_by_label("Attendees").fill("45")
    form.get_by_role("button", name="Save activity").click()
    form = page.locator("form[data-activity-form]")
    expect(page.get_by_text("Nothing was saved: please correct this problem.")).to_be_visible()
    expect(form.get_by_text(re.compile(r"The date is in the future \(10 February 2027\)")).last).to_be_visible()
    expect(form.get_by_role("combobox", name=re.compile(r"^Type"))).to_have_value(
        str(next(t.pk for t in activity_types if t.slug == "speaking"))
    )
    expect(form.get_by_label("Date", exact=False).first).to_have_value("2027-02-10")
    expect(form.get_by_label("Title")).to_have_value("Cork Azure user group: Bicep deep dive")
    expect(form.get_by_label("Attendees")).to_have_value("45")
    shoot(page, "editor-refused")
    assert not dossier.activities.exists()

    # Corrected, saved.
    form.get_by_label("Date", exact=False).first.fill("2026-09-10")
    form.get_by_role("button", name="Save activity").click()
    flash(page, "Saved “Cork Azure user group: Bicep deep dive”")
    assert list(dossier.activities.values_list("title", flat=True)) == ["Cork Azure user group: Bicep deep dive"]

    # A CSV import: the template's columns, previewed then confirmed.
    page.get_by_role("link", name="Import from a file").click()
    expect(page.get_by_role("heading", name="Import activities from a file")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="the template (CSV)").click()
    header = download.value.path().read_text().splitlines()[0].split(",")
    upload = test_output_dir / "activities.csv"
    with upload.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header)
        writer.writeheader()
        writer.writerow(
            {
                "type": "blog-post",
                "title": "Private endpoints without tears",
                "date": "2026-06-14",
                "url": "https://niamh.example.org/blog/private-endpoints",
                "quantity": "1",
                "second_quantity": "300",
                "reach": "2500",
                "visibility": "public",
                "paid": "no",
            }
        )
        writer.writerow(
            {
                "type": "blog-post",
                "title": "Hub and spoke in Bicep",
                "date": "2026-07-02",
                "url": "https://niamh.example.org/blog/hub-spoke",
                "quantity": "1",
                "second_quantity": "300",
                "reach": "1800",
                "visibility": "public",
                "paid": "no",
            }
        )
    page.locator("input[type=file][name=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Show the preview").click()
    expect(page.get_by_role("heading", name="Preview — nothing is saved yet")).to_be_visible()
    shoot(page, "import-preview")
    assert dossier.activities.count() == 1
    page.get_by_role("button", name="Add 2 activities to my dossier").click()
    expect(
        page.get_by_role("cell", name="Hub and spoke in Bicep").or_(page.get_by_text("Hub and spoke in Bicep")).first
    ).to_be_visible()
    assert dossier.activities.count() == 3
    shoot(page, "editor-after-import")

    # Submit: the summary, then the confirmation.
    page.get_by_role("link", name="Review and submit").first.click()
    expect(page.get_by_role("heading", name=re.compile("Submit for the award date"))).to_be_visible()
    shoot(page, "submit-summary")
    page.get_by_role("button", name="Submit my dossier").click()
    flash(page, "Submitted")
    shoot(page, "submitted")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.SUBMITTED
    assert Activity.objects.filter(dossier=dossier).count() == 3

    # The lead is told by e-mail, with a link to the dossier.
    review = mail.link_to(cast.lead.email, f"/desk/dossiers/{dossier.pk}/", "Dossier submitted: Niamh Byrne")
    lead.goto(path_of(review, page.base))
    # The activities are folded by type; one button opens them all.
    lead.get_by_role("button", name="Open every type").click()
    expect(lead.get_by_text("Private endpoints without tears").first).to_be_visible()
    shoot(lead, "lead-dossier")
    lead.context.close()
