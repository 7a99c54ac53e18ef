"""Journey 3, the program admin: records the decision → announces the cycle on its
award date (the progress bar reaches 100%) → the new MVP appears in the directory →
nine months on, the daily run (``send_renewal_notices --date``) e-mails the renewal."""

import re
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from awards.models import Award
from evaluations.models import Decision
from mvp_portal.cycles.models import AwardCycle
from nominations.models import Dossier
from tests.browser import journeys
from tests.browser.journeys import browser_as, flash, path_of, submitted_dossier
from tests.factories import AwardCycleFactory
from tests.support.smtp import text_body

pytestmark = pytest.mark.browser

cast = journeys.cast
activity_types = journeys.activity_types

AWARD_DATE = date(2027, 1, 1)
RENEWAL_OPENS = date(2027, 10, 1)  # the award date + 9 months


def test_admin_decides_announces_new_mvp_in_directory_and_renewal_mailed_nine_months_on(
    page, mail, shoot, cast, activity_types, clock
):
    cycle = AwardCycleFactory(award_date=AWARD_DATE)
    dossier = submitted_dossier(cast, award_date=AWARD_DATE)
    nominee = dossier.owner

    # The morning of the award date (the clock moves in the live server's thread too).
    clock.move_to(datetime(2027, 1, 1, 9, 0, tzinfo=UTC))
    admin = browser_as(page, cast.admin)

    # The decision, on the dossier's page of the desk. Nobody evaluated it: the
    # admin is asked to say they decide anyway, with what is missing named.
    admin.goto(f"/desk/dossiers/{dossier.pk}/")
    decision = admin.get_by_role("region", name="Decision")
    decision.get_by_label("Award").check()
    decision.get_by_label("Rationale").fill("A year of steady, well-documented community work.")
    decision.get_by_role("button", name="Record the decision").click()
    decision = admin.get_by_role("region", name="Decision")
    expect(decision.get_by_text("No evaluator has been assigned").last).to_be_visible()  # summary and field
    expect(decision.get_by_label("Rationale")).to_have_value("A year of steady, well-documented community work.")
    decision.get_by_label("Decide although the dossier has no submitted evaluation").check()
    shoot(admin, "review-decide")
    decision.get_by_role("button", name="Record the decision").click()
    flash(admin, "Decision recorded: Award.")
    assert Decision.objects.get(dossier=dossier).verdict == Decision.Verdict.AWARD
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.DECIDED

    # Not in the directory yet: a decision is not an award until the announcement.
    admin.goto("/directory/")
    expect(admin.get_by_role("heading", name="MVP directory")).to_be_visible()
    expect(admin.get_by_role("link", name="Niamh Byrne")).to_have_count(0)

    # The announcement: from the admin desk to the cycle, then the button.
    admin.goto("/desk/admin/")
    expect(admin.get_by_role("heading", name="Cycles now")).to_be_visible()
    expect(admin.get_by_text("Ready to announce.")).to_be_visible()
    shoot(admin, "cycles")
    admin.get_by_role("link", name="1 January 2027").click()
    expect(admin.get_by_role("heading", name=re.compile("Award cycle of 1 January 2027"))).to_be_visible()
    shoot(admin, "cycle-before-announcement")
    admin.get_by_role("button", name="Announce the 1 January 2027 cycle").click()
    bar = admin.get_by_role("progressbar")
    expect(bar).to_have_attribute("value", "100")
    expect(admin.get_by_text(re.compile(r"Announced: 1 of 1 decisions announced"))).to_be_visible()
    shoot(admin, "cycle-announced")
    cycle.refresh_from_db()
    assert cycle.state == AwardCycle.State.ANNOUNCED
    award = Award.objects.get(user=nominee)
    assert (award.starts_on, award.expertise) == (AWARD_DATE, cast.expertise)

    # The new MVP is told by e-mail.
    assert "Azure MVP" in str(mail.message_to(nominee.email, "Congratulations")["Subject"])

    # The new MVP is in the directory.
    admin.goto("/directory/")
    expect(admin.get_by_role("link", name="Niamh Byrne")).to_be_visible()
    shoot(admin, "directory")
    admin.get_by_role("link", name="Niamh Byrne").click()
    expect(admin.get_by_role("heading", name="Niamh Byrne").first).to_be_visible()
    shoot(admin, "directory-profile")
    admin.context.close()

    # Nine months on, the daily run opens the renewal and e-mails the MVP.
    clock.move_to(datetime(2027, 10, 1, 6, 0, tzinfo=UTC))
    # As on the command line: call_command(..., date="...") would skip argparse's type and pass a str.
    call_command("send_renewal_notices", "--date", RENEWAL_OPENS.isoformat())
    message = mail.message_to(nominee.email, "renewal")
    renewal = Dossier.objects.get(owner=nominee, kind=Dossier.Kind.RENEWAL)
    assert f"/nominations/dossiers/{renewal.pk}/" in text_body(message)
    link = mail.link_to(nominee.email, f"/nominations/dossiers/{renewal.pk}/", "renewal")
    path_of(link, page.base)
