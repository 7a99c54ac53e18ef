"""Journey: feedback and one reconsideration. The lead drafts the feedback → an admin
declines and approves the feedback → the cycle is announced → the nominee reads their
standing and the note, and asks for reconsideration → another admin upholds it; the
outcome is final and said so, on the page and by e-mail."""

from datetime import UTC, date, datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from evaluations.models import Reconsideration
from mvp_portal.accounts.roles import Role
from tests.browser import journeys
from tests.browser.journeys import browser_as, flash, submitted_dossier
from tests.factories import AwardCycleFactory, UserFactory
from tests.support.smtp import text_body

pytestmark = pytest.mark.browser

cast = journeys.cast
activity_types = journeys.activity_types

AWARD_DATE = date(2027, 1, 1)


def test_feedback_then_one_reconsideration_decided_by_another_admin(page, mail, shoot, cast, activity_types, clock):
    AwardCycleFactory(award_date=AWARD_DATE)
    dossier = submitted_dossier(cast, award_date=AWARD_DATE)
    nominee = dossier.owner
    second_admin = UserFactory(
        display_name="Bea Admin", email="bea@example.org", roles=[Role.PROGRAM_ADMIN], is_staff=True
    )
    TOTPDevice.objects.create(user=second_admin, name="Phone", confirmed=True)

    # The lead drafts the feedback on the desk.
    lead = browser_as(page, cast.lead)
    lead.goto(f"/desk/dossiers/{dossier.pk}/")
    feedback = lead.get_by_role("region", name="Feedback for the person")
    feedback.get_by_label("Feedback for the person").fill("More talks outside Dublin would make it stronger.")
    feedback.get_by_role("button", name="Save the draft").click()
    expect(
        lead.get_by_role("region", name="Feedback for the person").get_by_text("waiting for approval")
    ).to_be_visible()
    lead.context.close()

    # On the award date the admin declines, approves the feedback and announces.
    clock.move_to(datetime(2027, 1, 1, 9, 0, tzinfo=UTC))
    admin = browser_as(page, cast.admin)
    admin.goto(f"/desk/dossiers/{dossier.pk}/")
    decision = admin.get_by_role("region", name="Decision")
    decision.get_by_label("Decline").check()
    decision.get_by_label("Rationale").fill("Too little in the period.")
    decision.get_by_label("Decide although the dossier has no submitted evaluation").check()
    decision.get_by_role("button", name="Record the decision").click()
    flash(admin, "Decision recorded: Decline.")
    admin.get_by_role("button", name="Approve the feedback").click()
    flash(admin, "Feedback approved")
    admin.goto("/desk/admin/")
    admin.get_by_role("link", name="1 January 2027").click()
    admin.get_by_role("button", name="Announce the 1 January 2027 cycle").click()
    expect(admin.get_by_role("progressbar")).to_have_attribute("value", "100")
    admin.context.close()

    # The nominee reads the feedback and asks for reconsideration.
    journeys.sign_in(page, nominee.email)
    page.goto(f"/nominations/dossiers/{dossier.pk}/")
    expect(page.get_by_text("Feedback with your result")).to_be_visible()
    expect(page.get_by_text("More talks outside Dublin would make it stronger.")).to_be_visible()
    shoot(page, "feedback")
    page.get_by_role("link", name="Ask for reconsideration").click()
    page.get_by_role("button", name="Ask for reconsideration").click()  # empty: kept on the page with the error
    expect(page.get_by_text("Check your request")).to_be_visible()
    page.get_by_label("Why the decision should be looked at again").fill("My Cork meetups were not in the dossier.")
    page.get_by_label("New evidence").fill("https://example.org/cork-meetup")
    page.get_by_role("button", name="Ask for reconsideration").click()
    expect(page.get_by_text("is looking at it")).to_be_visible()
    shoot(page, "reconsideration-asked")
    assert "received" in str(mail.message_to(nominee.email, "reconsideration")["Subject"])

    # The admin who declined cannot decide it; another admin upholds it.
    admin = browser_as(page, cast.admin)
    admin.goto(f"/desk/dossiers/{dossier.pk}/")
    expect(admin.get_by_text("Waiting for a program admin who took no part in the decision.")).to_be_visible()
    admin.context.close()
    other = browser_as(page, second_admin)
    other.goto(f"/desk/dossiers/{dossier.pk}/")
    region = other.get_by_role("region", name="Reconsideration asked for")
    expect(region.get_by_text("My Cork meetups were not in the dossier.")).to_be_visible()
    region.get_by_label("Uphold the decline").check()
    region.get_by_label("For the person").fill("The meetups fall outside the period; the decision stands.")
    shoot(other, "reconsideration-decide")
    region.get_by_role("button", name="Decide the reconsideration").click()
    flash(other, "Reconsideration decided: upheld.")
    other.context.close()
    assert Reconsideration.objects.get(dossier=dossier).decided_by == second_admin

    # Final, and said so.
    message = mail.message_to(nominee.email, "upheld")
    assert "This outcome is final" in text_body(message)
    page.goto(f"/evaluations/dossiers/{dossier.pk}/reconsideration/")
    expect(page.get_by_text("This outcome is final")).to_be_visible()
    shoot(page, "reconsideration-final")
