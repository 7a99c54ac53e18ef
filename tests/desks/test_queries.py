"""The lead queue and the review page cost the same number of queries at 10 and 1,000 dossiers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import services
from evaluations.models import Evaluation, Score
from mvp_portal.accounts.roles import Role
from tests.factories import ActivityTypeFactory, RecommendationFactory, UserFactory, bulk_dossiers

# Each page drawn on every request (not its viewer's kept copy): what drawing it reads.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_drawn")]

# The lead's queue, exactly, at 10 and 1,000 dossiers, with the cycle's evaluations for the fairness
# figures and the reviewer alert, and the lead's navigation bar.
QUEUE_QUERIES = 17
# Once seen, the queue's whole-cycle reads are kept (evaluations.selectors._kept): its order, counts,
# award dates, the cycle's fairness figures and the reviewer profiles; the page's 50 rows are read anew.
# So is the person's navigation bar (three questions: an award today, a dossier, evaluations).
QUEUE_QUERIES_KEPT = 9
ADMIN_QUEUE_QUERIES = 15  # the program admin's, one award date, sorted and filtered; the figures kept
# With the two-factor device, the cycle's evaluations, the feedback, the standings, the reconsideration,
# and the activity types read once for the whole dossier (nominations.counting.with_shared_references).
REVIEW_QUERIES = 34


def count_queries(client, url, **params) -> int:
    """The page's queries once seen: what it keeps (the navigation, the queue's whole-cycle reads)
    is kept, as on every visit but the first."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def make_world(size: int, expertise, lead):
    evaluator = UserFactory(roles=[Role.EMPLOYEE])
    talks = ActivityTypeFactory(slug="q-talks", name="Q talks", url_required=True)
    dossiers = bulk_dossiers(
        size,
        expertise=expertise,
        evaluator=evaluator,
        activities_per_dossier=3 if size < 100 else 1,
        activity_type=talks,
    )
    # A few in other states, a recommendation and a decision, so that every column has content.
    RecommendationFactory(dossier=dossiers[0], recommended_by=lead)
    return dossiers, evaluator


@pytest.mark.parametrize("size", [10, 1000])
def test_queue_query_count_is_pinned(
    client, lead, program_admin, expertise, size, django_assert_num_queries, django_assert_max_num_queries
):
    dossiers, _ = make_world(size, expertise, lead)
    services.decision_record(
        confirm_without_evaluations=True,
        dossier_id=dossiers[1].pk,
        actor=program_admin,
        verdict="award",
        rationale="ok",
    )
    client.force_login(lead)
    url = reverse("desks:dossier-list")
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(url)
    assert len(response.context["rows"]) == min(size, 50)
    assert response.context["counts"]["total"] == size
    with django_assert_num_queries(QUEUE_QUERIES_KEPT):
        kept = client.get(url)
    assert [row[0].pk for row in kept.context["rows"]] == [row[0].pk for row in response.context["rows"]]
    client.force_login(program_admin)
    with django_assert_num_queries(ADMIN_QUEUE_QUERIES):
        client.get(url, {"award_date": "2027-01-01", "sort": "-score", "kind": "new"})
    for sort in ("normalised", "-normalised", "discussion"):
        with django_assert_max_num_queries(ADMIN_QUEUE_QUERIES):
            response = client.get(url, {"award_date": "2027-01-01", "sort": sort})
        assert len(response.context["rows"]) == min(size, 50)


@pytest.mark.parametrize("size", [10, 1000])
def test_review_query_count_is_constant(client, lead, program_admin, expertise, size, django_assert_max_num_queries):
    dossiers, evaluator = make_world(size, expertise, lead)
    # The reviewed dossier itself holds many activities at the larger size.
    from nominations.models import Activity

    target = dossiers[-1]
    Activity.objects.bulk_create(
        Activity(
            dossier=target,
            activity_type_id=Activity.objects.first().activity_type_id,
            title=f"A{i}",
            started_on=target.period_start,
            url=f"https://example.org/many/{i}",
            quantity=1,
            reach=1,
        )
        for i in range(5 if size == 10 else 300)
    )
    services.recommendation_save(dossier_id=target.pk, actor=lead, verdict="award", note="Good")
    url = reverse("desks:dossier", kwargs={"pk": target.pk})
    for viewer in (lead, program_admin):
        client.force_login(viewer)
        with django_assert_max_num_queries(REVIEW_QUERIES):
            client.get(url)


def test_query_counts_match_across_sizes(client, lead, expertise):
    """The same page at two sizes issues exactly the same number of queries."""
    small, _ = make_world(10, expertise, lead)
    client.force_login(lead)
    queue_small = count_queries(client, reverse("desks:dossier-list"))
    by_figures_small = {
        sort: count_queries(client, reverse("desks:dossier-list"), sort=sort)
        for sort in ("normalised", "-normalised", "discussion")
    }
    review_small = count_queries(client, reverse("desks:dossier", kwargs={"pk": small[0].pk}))
    bulk_dossiers(990, expertise=expertise, evaluator=UserFactory(roles=[Role.EMPLOYEE]))
    assert count_queries(client, reverse("desks:dossier-list")) == queue_small
    for sort, small_count in by_figures_small.items():
        assert count_queries(client, reverse("desks:dossier-list"), sort=sort) == small_count
    assert count_queries(client, reverse("desks:dossier", kwargs={"pk": small[0].pk})) == review_small


def test_reviewer_profiles_query_count_matches_across_sizes(client, lead, expertise, rubric):
    def world(size):
        evaluators = [UserFactory(roles=[Role.EMPLOYEE]) for _ in range(2)]
        dossiers = bulk_dossiers(size, expertise=expertise, evaluator=evaluators[0])
        bulk_dossiers(size, expertise=expertise, evaluator=evaluators[1])
        for evaluation in Evaluation.objects.filter(dossier__in=dossiers[:3]):
            Score.objects.create(evaluation=evaluation, criterion=rubric[0], value=3, weight=rubric[0].weight)

    world(10)
    client.force_login(lead)
    url = reverse("desks:reviewer-profiles")
    small = count_queries(client, url, award_date="2027-01-01")
    world(500)
    assert count_queries(client, url, award_date="2027-01-01") == small


def test_evaluator_pages_and_export_query_counts_match_across_sizes(client, lead, program_admin, expertise):
    evaluator = UserFactory(roles=[Role.EMPLOYEE])
    talks = ActivityTypeFactory(slug="q-talks", name="Q talks")
    small = bulk_dossiers(10, expertise=expertise, evaluator=evaluator, activities_per_dossier=2, activity_type=talks)
    target = reverse("evaluations:evaluate", kwargs={"pk": small[0].pk})
    client.force_login(evaluator)
    mine_small = count_queries(client, reverse("evaluations:my-assignments"))
    evaluate_small = count_queries(client, target)
    client.force_login(program_admin)
    export_small = count_queries(client, reverse("desks:export"), award_date="2027-01-01")
    bulk_dossiers(990, expertise=expertise, evaluator=evaluator, activities_per_dossier=1, activity_type=talks)
    client.force_login(evaluator)
    assert count_queries(client, reverse("evaluations:my-assignments")) == mine_small
    assert count_queries(client, target) == evaluate_small
    client.force_login(program_admin)
    assert count_queries(client, reverse("desks:export"), award_date="2027-01-01") == export_small
