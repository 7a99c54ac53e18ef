"""The decision page of a renewal: this year against the person's previous dossier
(per-criterion medians then and now, activities per type, the previous decision
and its feedback), read by ``evaluations.selectors.year_over_year`` at a pinned
number of queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Evaluation, Feedback, Score
from evaluations.selectors import queue_changed, year_over_year
from mvp_portal.attention import everyone_attention_changed
from nominations.counting import dossier_picture
from nominations.models import Activity
from tests.conftest import NOON_TODAY, TODAY
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    AwardFactory,
    DecisionFactory,
    DossierFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def scored(dossier, evaluator, rubric, values):
    evaluation = Evaluation.objects.create(
        dossier=dossier, evaluator=evaluator, comment="Read it all.", weighted_score=Decimal(values[0])
    )
    Score.objects.bulk_create(
        Score(evaluation=evaluation, criterion=c, value=v, weight=c.weight) for c, v in zip(rubric, values, strict=True)
    )


def renewal_with_last_year(owner, expertise, rubric, *, activities=2, feedback_approved=True):
    """Last year's dossier (decided, announced, scored by two) and this year's renewal (scored by one)."""
    talks = ActivityTypeFactory(slug="y-talks", name="Y talks")
    posts = ActivityTypeFactory(slug="y-posts", name="Y posts")
    AwardFactory(user=owner, expertise=expertise, starts_on=date(2026, 1, 1))
    last = DossierFactory(
        owner=owner,
        kind="renewal",
        nomination=None,
        state="decided",
        expertise=expertise,
        award_date=date(2026, 1, 1),
        period_end=date(2025, 11, 19),
    )
    for n in range(activities):
        ActivityFactory(dossier=last, activity_type=talks, started_on=date(2025, 3, 1), url=f"https://y.org/t{n}")
    admin = UserFactory()
    DecisionFactory(dossier=last, verdict="award", rationale="A strong year.", announced_at=NOON_TODAY)
    Feedback.objects.create(
        dossier=last,
        note="Keep documenting your talks.",
        drafted_by=admin,
        approved_by=admin if feedback_approved else None,
        approved_at=NOON_TODAY if feedback_approved else None,
    )
    first, second = UserFactory(), UserFactory()
    scored(last, first, rubric, [5, 4, 4])
    scored(last, second, rubric, [4, 4, 2])
    current = DossierFactory(
        owner=owner,
        kind="renewal",
        nomination=None,
        state="under_evaluation",
        expertise=expertise,
        award_date=date(2027, 1, 1),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    for n in range(activities):
        ActivityFactory(dossier=current, activity_type=posts, started_on=date(2026, 5, 1), url=f"https://y.org/p{n}")
    scored(current, first, rubric, [3, 4, 5])
    return last, current


def test_the_selector_compares_medians_types_decision_and_feedback(nominee, expertise, rubric):
    last, current = renewal_with_last_year(nominee, expertise, rubric)
    yoy = year_over_year(current, dossier_picture(current, today=TODAY), today=TODAY)
    assert yoy.previous == last
    rows = [(r.criterion.name, r.then_median, r.now_median, r.change) for r in yoy.criteria]
    assert rows == [
        ("T Impact", Decimal("4.5"), Decimal(3), "down"),
        ("T Reach", Decimal(4), Decimal(4), "same"),
        ("T Quality", Decimal(3), Decimal(5), "up"),
    ]
    assert [str(r.then_standing) for r in yoy.criteria] == ["strong", "strong", "sufficient"]
    assert {row.name: (row.last.count, row.this.count) for row in yoy.types} == {"Y posts": (0, 2), "Y talks": (2, 0)}
    assert yoy.decision.verdict == "award" and yoy.decision.rationale == "A strong year."
    assert yoy.feedback_published and yoy.feedback.note == "Keep documenting your talks."


def test_feedback_never_approved_is_not_called_given(nominee, expertise, rubric):
    _last, current = renewal_with_last_year(nominee, expertise, rubric, feedback_approved=False)
    yoy = year_over_year(current, dossier_picture(current, today=TODAY), today=TODAY)
    assert yoy.feedback is not None and not yoy.feedback_published


def test_no_comparison_for_a_new_dossier_or_a_first_renewal(expertise, dossier):
    assert year_over_year(dossier, dossier_picture(dossier, today=TODAY), today=TODAY) is None
    first = DossierFactory(owner=UserFactory(), kind="renewal", nomination=None, state="submitted", expertise=expertise)
    assert year_over_year(first, dossier_picture(first, today=TODAY), today=TODAY) is None


def test_the_decision_page_shows_last_year_against_this_year(client, program_admin, nominee, expertise, rubric):
    _last, current = renewal_with_last_year(nominee, expertise, rubric)
    client.force_login(program_admin)
    page = client.get(reverse("desks:dossier", args=[current.pk])).content.decode()
    assert "Last year against this year" in page and "The previous decision" in page
    assert "A strong year." in page and "Keep documenting your talks." in page
    assert "Per criterion: median and standing then and now" in page
    assert "4.5 · strong" in page and "3.0 · sufficient" in page and "lower" in page and "higher" in page


def count(client, url) -> int:
    # Each page counted cold: the cycle's fairness figures and the person's navigation bar counted again.
    queue_changed()
    everyone_attention_changed()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.usefixtures("pages_drawn")  # each page drawn and its viewer read, the first as the second
def test_the_renewal_decision_page_costs_the_same_at_two_sizes(client, program_admin, expertise, rubric):
    small_owner, large_owner = UserFactory(country="IE"), UserFactory(country="IE")
    _l, small = renewal_with_last_year(small_owner, expertise, rubric, activities=2)
    last, large = renewal_with_last_year(large_owner, expertise, rubric, activities=2)
    type_id = Activity.objects.filter(dossier=last).values_list("activity_type_id", flat=True).first()
    for dossier, start in ((last, date(2025, 2, 1)), (large, date(2026, 2, 1))):
        Activity.objects.bulk_create(
            Activity(
                dossier=dossier,
                activity_type_id=type_id,
                title=f"Many {n}",
                started_on=start + timedelta(days=n % 200),
                url=f"https://many.example/{dossier.pk}/{n}",
            )
            for n in range(300)
        )
    client.force_login(program_admin)
    assert count(client, reverse("desks:dossier", args=[small.pk])) == count(
        client, reverse("desks:dossier", args=[large.pk])
    )


def test_the_renewal_page_links_the_readiness_picture_of_the_award_it_renews(client, lead, nominee, expertise, rubric):
    _last, current = renewal_with_last_year(nominee, expertise, rubric)
    award = nominee.awards.get()
    award.renewal_dossier = current
    award.save(update_fields=["renewal_dossier"])
    client.force_login(lead)
    page = client.get(reverse("desks:dossier", args=[current.pk])).content.decode()
    assert reverse("desks:readiness", args=[award.pk]) in page
