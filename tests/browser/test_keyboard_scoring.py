"""The evaluator scores a dossier with the keyboard alone: a form sent without
scores comes back with its error summary focused, then every criterion is
chosen with Space and the arrow keys, the comment typed, the form sent with Enter."""

import uuid

import pytest
from playwright.sync_api import expect

from evaluations.models import Assignment, Evaluation
from nominations.models import Dossier
from tests.browser import journeys
from tests.browser.journeys import sign_in, submitted_dossier, tab_to

pytestmark = pytest.mark.browser

cast = journeys.cast
activity_types = journeys.activity_types
criteria = journeys.criteria


def test_the_evaluator_scores_with_the_keyboard_alone(page, cast, activity_types, criteria):
    dossier = submitted_dossier(cast)
    Assignment.objects.create(dossier=dossier, evaluator=cast.employee, assigned_by=cast.lead, batch=uuid.uuid4())
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.UNDER_EVALUATION)
    sign_in(page, cast.employee.email)
    page.goto(f"/evaluations/dossiers/{dossier.pk}/evaluate/")

    # Sent with nothing chosen: the summary at the top takes the focus and names each field.
    first = f"score_{criteria[0].pk}"
    page.locator(f"input[name={first}]").first.focus()
    tab_to(page, "BUTTON")
    page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=criteria[0].name)).to_be_visible()

    # Each radio group: Space chooses the first score, each Arrow Right the next; Tab to the next group.
    page.locator(f"input[name={first}]").first.focus()
    for criterion, score in zip(criteria, [4, 4, 5, 3, 4], strict=True):
        tab_to(page, f"score_{criterion.pk}")
        page.keyboard.press("Space")
        for _ in range(score - 1):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
    # The confidence in these scores, the same way.
    tab_to(page, "confidence")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    tab_to(page, "comment")
    page.keyboard.type("Steady blogging with real reach.")
    tab_to(page, "BUTTON")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Evaluation submitted.")).to_be_visible()
    evaluation = Evaluation.objects.get(dossier=dossier, evaluator=cast.employee)
    assert sorted(evaluation.scores.values_list("value", flat=True)) == [3, 4, 4, 4, 5]
    assert evaluation.confidence == "medium"
