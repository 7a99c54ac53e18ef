"""A nominee's or MVP's own dossiers, the reference data, and the staff queues (read-only)."""

from datetime import date

import pytest

from evaluations.models import Recommendation
from mvp_portal.accounts.roles import Role
from nominations.models import Dossier
from tests.api.conftest import bearer
from tests.factories import (
    ActivityFactory,
    AssignmentFactory,
    DossierFactory,
    EvaluationFactory,
    NominationFactory,
    NominationSupportFactory,
    RecommendationFactory,
    UserFactory,
)


def test_my_dossiers(api, nominee, make_token, draft, submitted, outsider):
    DossierFactory(owner=outsider)
    body = api.get("/api/v1/dossiers/", **bearer(make_token(nominee))).json()
    assert [row["id"] for row in body["results"]] == [draft.pk, submitted.pk]  # newest award date first
    first = body["results"][0]
    assert first["state"] == "draft" and first["kind"] == "new" and first["editable"] is True
    assert first["award_date"] == "2027-01-01"
    assert first["submission_deadline"] == "2026-11-20"
    assert first["period_start"] == draft.period_start.isoformat() and first["period_end"] == "2026-11-28"
    assert first["expertise"]["name"] == draft.expertise.name
    assert first["activity_count"] == 1
    assert body["results"][1]["editable"] is False


def test_dossier_detail_counts_and_totals(api, nominee, make_token, draft, speaking, blog):
    ActivityFactory(dossier=draft, activity_type=speaking, started_on=date(2025, 1, 1), reach=5)  # outside the period
    ActivityFactory(dossier=draft, activity_type=blog, quantity=2, reach=300, second_quantity=40)
    body = api.get(f"/api/v1/dossiers/{draft.pk}/", **bearer(make_token(nominee))).json()
    assert body["activity_count"] == 3
    assert body["counted_activity_count"] == 2
    totals = {row["name"]: row for row in body["totals"]}
    assert totals[speaking.name]["count"] == 1 and totals[speaking.name]["reach"] == 80
    assert totals[blog.name] | {} == {
        "activity_type": blog.pk,
        "name": blog.name,
        "local_name": blog.name,
        "count": 1,
        "quantity": 2,
        "second_quantity": 40,
        "reach": 300,
    }
    # Its own date's deadline (20 November) has passed: submitted now, it goes to 1 April 2027.
    assert (body["evaluated_for"], body["deadline_at"]) == ("2027-04-01", "2027-02-18T23:59:59Z")


def test_someone_elses_dossier_is_404_even_for_its_lead(api, nominee, lead, make_token, draft):
    assert api.get(f"/api/v1/dossiers/{draft.pk}/", **bearer(make_token(lead))).status_code == 404
    assert api.get(f"/api/v1/dossiers/{draft.pk}/", **bearer(make_token(UserFactory()))).status_code == 404


def test_activity_types_with_their_metric_labels(api, nominee, make_token, blog):
    rows = api.get("/api/v1/activity-types/", **bearer(make_token(nominee))).json()
    row = next(row for row in rows if row["slug"] == "blog-post")
    assert row == {
        "id": blog.pk,
        "slug": "blog-post",
        "name": blog.name,
        "help_text": blog.help_text,
        "quantity_label": "Posts",
        "second_quantity_label": "Subscribers",
        "reach_label": "Unique visitors",
        "url_required": True,
        "spans_dates": False,
        "local_name": blog.name,
        "local_help_text": blog.help_text,
        "local_quantity_label": "Posts",
        "local_second_quantity_label": "Subscribers",
        "local_reach_label": "Unique visitors",
    }


def test_expertises(api, nominee, make_token, expertise):
    rows = api.get("/api/v1/expertises/", **bearer(make_token(nominee))).json()
    assert {
        "id": expertise.pk,
        "name": expertise.name,
        "slug": expertise.slug,
        "category": "Cloud",
        "local_name": expertise.name,
        "local_category": "Cloud",
    } in rows


# Staff: the queues the pages show, through the same functions --------------------------------------------
@pytest.fixture
def queues(db, lead, other_lead, employee, expertise):
    """A nomination and a submitted dossier in Ireland (the lead's), one in Germany (the other lead's)."""
    irish = NominationFactory(nominee_country="IE", expertise=expertise, nominee_name="Aoife Irish")
    NominationSupportFactory(nomination=irish)
    NominationFactory(nominee_country="DE", expertise=expertise, nominee_name="Dieter German")
    owner = UserFactory(country="IE", display_name="Siobhan Submitted")
    dossier = DossierFactory(owner=owner, expertise=expertise, state=Dossier.State.UNDER_EVALUATION)
    german = DossierFactory(owner=UserFactory(country="DE"), expertise=expertise, state=Dossier.State.SUBMITTED)
    AssignmentFactory(dossier=dossier, evaluator=employee, assigned_by=lead)
    EvaluationFactory(dossier=dossier, evaluator=UserFactory(roles=[Role.EMPLOYEE]))
    RecommendationFactory(dossier=dossier, recommended_by=lead, verdict=Recommendation.Verdict.AWARD)
    return irish, dossier, german


def test_lead_sees_the_nomination_queue_of_their_countries(api, lead, make_token, queues):
    irish, _, _ = queues
    body = api.get("/api/v1/staff/nominations/", **bearer(make_token(lead))).json()
    names = [row["nominee_name"] for row in body["results"]]
    assert "Aoife Irish" in names and "Dieter German" not in names
    row = next(row for row in body["results"] if row["nominee_name"] == "Aoife Irish")
    assert row["id"] == irish.pk and row["support_count"] == 1 and row["nominee_country"] == "IE"
    assert row["state"] == "submitted"
    assert "nominee_email" not in row and "statement" not in row


def test_lead_sees_the_review_queue_with_scores(api, lead, make_token, queues):
    _, dossier, german = queues
    body = api.get("/api/v1/staff/dossiers/", {"award_date": "2027-01-01"}, **bearer(make_token(lead))).json()
    assert [row["id"] for row in body["results"]] == [dossier.pk]
    row = body["results"][0]
    assert row["owner"]["display_name"] == "Siobhan Submitted"
    assert (row["evaluation_count"], row["assignment_count"], row["scores_hidden"]) == (1, 1, False)
    assert row["weighted_mean"] == 3.5 and row["median"] == 3.5
    assert row["recommendation"] == "award" and row["decision"] is None


def test_review_queue_defaults_and_filters_like_the_page(api, lead, program_admin, make_token, queues):
    _, dossier, german = queues
    admin = bearer(make_token(program_admin))
    assert {row["id"] for row in api.get("/api/v1/staff/dossiers/", **admin).json()["results"]} == {
        dossier.pk,
        german.pk,
    }
    only_submitted = api.get("/api/v1/staff/dossiers/", {"state": "submitted"}, **admin).json()["results"]
    assert [row["id"] for row in only_submitted] == [german.pk]
    assert api.get("/api/v1/staff/dossiers/", {"award_date": "2030-01-01"}, **admin).json()["results"] == []


def test_an_assigned_evaluator_who_has_not_evaluated_sees_no_scores(api, lead, employee, make_token, queues):
    _, dossier, _ = queues
    # The lead is the evaluator too, and has not evaluated: the page hides the scores from them.
    AssignmentFactory(dossier=dossier, evaluator=lead, assigned_by=lead)
    row = api.get("/api/v1/staff/dossiers/", **bearer(make_token(lead))).json()["results"][0]
    assert row["scores_hidden"] is True
    assert row["weighted_mean"] is None and row["median"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"award_date": "someday"}, "award_date"),
        ({"expertise": "x"}, "expertise"),
        ({"expertise": "9" * 40}, "expertise"),
        ({"kind": "old"}, "kind"),
        ({"state": "draft"}, "state"),
        ({"sort": "random"}, "sort"),
    ],
)
def test_review_queue_bad_filters_are_400(api, lead, make_token, queues, params, field):
    response = api.get("/api/v1/staff/dossiers/", params, **bearer(make_token(lead)))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_employee_sees_their_assignments(api, employee, make_token, queues):
    _, dossier, _ = queues
    body = api.get("/api/v1/staff/assignments/", **bearer(make_token(employee))).json()
    assert [row["dossier"]["id"] for row in body["results"]] == [dossier.pk]
    assert body["results"][0]["evaluated"] is False


@pytest.mark.parametrize(
    ("path", "who", "words"),
    [
        ("/api/v1/staff/nominations/", "employee", "Only MVP leads and program admins"),
        ("/api/v1/staff/dossiers/", "nominee", "Only MVP leads and program admins"),
        ("/api/v1/staff/assignments/", "nominee", "Only employees"),
        ("/api/v1/staff/assignments/", "mvp", "Only employees"),
    ],
)
def test_staff_queues_refuse_others_with_the_pages_reason(api, make_token, request, path, who, words):
    response = api.get(path, **bearer(make_token(request.getfixturevalue(who))))
    assert response.status_code == 403
    assert words in response.json()["detail"]


def test_staff_cannot_write_through_the_api(api, lead, make_token, queues):
    _, dossier, _ = queues
    activity = ActivityFactory(dossier=dossier)
    writer = bearer(make_token(lead, "write"))
    assert api.patch(f"/api/v1/activities/{activity.pk}/", {"title": "x"}, format="json", **writer).status_code == 404
    assert api.delete(f"/api/v1/activities/{activity.pk}/", **writer).status_code == 404
    for path in ["/api/v1/staff/nominations/", "/api/v1/staff/dossiers/", "/api/v1/staff/assignments/"]:
        assert api.post(path, {}, format="json", **writer).status_code == 405
