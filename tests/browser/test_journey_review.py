"""Journey 2, the lead and the evaluator: from a submitted dossier, the lead returns it
with a message → the nominee is told by e-mail, fixes an activity and resubmits → the
lead recommends the award and assigns an employee → the evaluator, told by e-mail,
scores the dossier on the rubric with a comment."""

import re

import pytest
from playwright.sync_api import expect

from evaluations.models import Assignment, Evaluation, Recommendation
from nominations.models import Activity, Dossier
from tests.browser import journeys
from tests.browser.journeys import browser_as, flash, pass_two_factor, path_of, submitted_dossier
from tests.factories import TEST_PASSWORD
from tests.support.smtp import text_body

pytestmark = pytest.mark.browser

cast = journeys.cast
activity_types = journeys.activity_types
criteria = journeys.criteria

RETURN_MESSAGE = "Please add the reach of “Hub and spoke in Bicep”: how many unique visitors did it have?"


def sign_in_from_link(page, path: str, email: str) -> None:
    """Opens an e-mailed link signed out: the login page, then the linked page."""
    page.goto(path)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_two_factor(page, email)
    expect(page).to_have_url(re.compile(re.escape(path.split("?")[0]) + "$"))


def test_lead_returns_nominee_resubmits_lead_recommends_and_assigns_evaluator_scores(
    page, mail, shoot, cast, activity_types, criteria
):
    dossier = submitted_dossier(cast)
    nominee = dossier.owner

    # The lead returns the dossier from the review page, with a message.
    lead = browser_as(page, cast.lead)
    lead.goto(f"/desk/dossiers/{dossier.pk}/")
    expect(lead.get_by_role("heading", level=1, name=re.compile("Niamh Byrne"))).to_be_visible()
    shoot(lead, "review-submitted")
    lead.get_by_label("Message to the nominee").fill(RETURN_MESSAGE)
    lead.get_by_role("button", name="Return the dossier to Niamh").click()
    flash(lead, "The dossier was returned to Niamh Byrne")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.RETURNED

    # The nominee gets the message by e-mail and follows the link.
    message = mail.message_to(nominee.email, "returned")
    link = mail.link_to(nominee.email, f"/nominations/dossiers/{dossier.pk}/", "returned")
    assert RETURN_MESSAGE in text_body(message)
    sign_in_from_link(page, path_of(link, page.base), nominee.email)
    expect(page.get_by_text(RETURN_MESSAGE).first).to_be_visible()
    shoot(page, "dossier-returned")

    # Fixes the activity and resubmits.
    page.get_by_role("link", name="Edit activities").click()
    page.get_by_role("link", name="Edit Hub and spoke in Bicep").click()
    expect(page.get_by_role("heading", name="Edit “Hub and spoke in Bicep”")).to_be_visible()
    page.get_by_label("Unique visitors").fill("2400")
    shoot(page, "activity-edit")
    page.get_by_role("button", name="Save changes").click()
    flash(page, "Saved “Hub and spoke in Bicep”")
    assert Activity.objects.get(dossier=dossier, title="Hub and spoke in Bicep").reach == 2400
    page.get_by_role("link", name="Review and submit").first.click()
    page.get_by_role("button", name="Submit my dossier").click()
    flash(page, "Submitted")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.SUBMITTED
    mail.message_to(cast.lead.email, "Dossier submitted: Niamh Byrne")

    # The lead recommends the award and assigns an employee.
    lead.goto(f"/desk/dossiers/{dossier.pk}/")
    recommendation = lead.get_by_role("region", name="Lead recommendation")
    recommendation.get_by_label("Award").check()
    recommendation.get_by_label("Note for the program admins").fill("Steady, well-documented work all year.")
    recommendation.get_by_role("button", name="Recommend").click()
    flash(lead, "Recommendation saved.")
    assert Recommendation.objects.get(dossier=dossier).verdict == Recommendation.Verdict.AWARD
    evaluators = lead.get_by_role("region", name="Evaluators")
    search = evaluators.get_by_role("combobox", name="Find an evaluator")  # no list of every employee
    search.fill("Emma")
    evaluators.get_by_role("option", name=f"Emma Employee <{cast.employee.email}>").click()
    expect(evaluators.get_by_label(f"Emma Employee <{cast.employee.email}>")).to_be_checked()
    evaluators.get_by_role("button", name="Assign").click()
    flash(lead, "1 assignment made")
    expect(lead.get_by_role("region", name="Evaluators").get_by_text("Emma Employee")).to_be_visible()
    shoot(lead, "review-recommended-assigned")
    assert Assignment.objects.filter(dossier=dossier, evaluator=cast.employee).exists()
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.UNDER_EVALUATION
    lead.context.close()

    # The evaluator is told by e-mail, follows the link and scores on the rubric.
    link = mail.link_to(cast.employee.email, f"/evaluations/dossiers/{dossier.pk}/evaluate/", "to evaluate")
    page.context.clear_cookies()
    sign_in_from_link(page, path_of(link, page.base), cast.employee.email)
    expect(page.get_by_role("heading", name="Evaluate Niamh Byrne")).to_be_visible()
    shoot(page, "evaluate")
    for criterion, score in zip(criteria, [4, 4, 5, 3, 4], strict=True):
        page.locator(f"input[name=score_{criterion.pk}][value='{score}']").check()
    page.locator("input[name=confidence][value='high']").check()
    page.get_by_label("Comment").fill("Strong, steady blogging with real reach; one talk would round it off.")
    page.get_by_role("button", name="Submit evaluation").click()
    flash(page, "Evaluation submitted.")
    shoot(page, "evaluated")
    evaluation = Evaluation.objects.get(dossier=dossier, evaluator=cast.employee)
    assert sorted(evaluation.scores.values_list("value", flat=True)) == [3, 4, 4, 4, 5]
    assert evaluation.confidence == "high"
