import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.models import Assignment, Decision, Evaluation
from mvp_portal.accounts.roles import Role
from nominations.models import Dossier
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    AssignmentFactory,
    AwardCycleFactory,
    AwardFactory,
    DossierFactory,
    EvaluationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def score_post(rubric, *values, comment="Considered.", **extra):
    data = {f"score_{c.pk}": v for c, v in zip(rubric, values, strict=True)}
    return {"comment": comment, "confidence": "medium", **data, **extra}


# The lead queue ----------------------------------------------------------------------------
def test_queue_shows_only_the_leads_regions(client, lead, other_lead, program_admin, expertise):
    irish = DossierFactory(owner=UserFactory(display_name="Irish Ian", country="IE"), state="submitted")
    german = DossierFactory(owner=UserFactory(display_name="German Gerda", country="DE"), state="submitted")
    client.force_login(lead)
    page = client.get(reverse("desks:dossier-list")).content.decode()
    assert "Irish Ian" in page and "German Gerda" not in page
    client.force_login(other_lead)
    page = client.get(reverse("desks:dossier-list")).content.decode()
    assert "German Gerda" in page and "Irish Ian" not in page
    client.force_login(program_admin)
    page = client.get(reverse("desks:dossier-list")).content.decode()
    assert "German Gerda" in page and "Irish Ian" in page
    # The other region's dossier does not open for the lead either.
    client.force_login(lead)
    assert client.get(reverse("desks:dossier", kwargs={"pk": german.pk})).status_code == 404
    assert client.get(reverse("desks:dossier", kwargs={"pk": irish.pk})).status_code == 200


def test_queue_filters_sorts_by_score_and_counts(client, lead, evaluator, expertise):
    low = DossierFactory(owner=UserFactory(display_name="Low Lou"), state="under_evaluation")
    high = DossierFactory(owner=UserFactory(display_name="High Hal"), state="under_evaluation")
    DossierFactory(owner=UserFactory(display_name="Renewing Rita"), kind="renewal", state="submitted")
    DossierFactory(owner=UserFactory(display_name="Later Larry"), state="submitted", award_date=date(2027, 4, 1))
    EvaluationFactory(dossier=low, evaluator=evaluator, weighted_score=Decimal("2"))
    EvaluationFactory(dossier=high, evaluator=evaluator, weighted_score=Decimal("4.5"))
    client.force_login(lead)
    page = client.get(reverse("desks:dossier-list")).content.decode()
    # The default award date is the next one with dossiers: 2027-01-01, not April.
    assert "Later Larry" not in page
    assert page.index("High Hal") < page.index("Low Lou") < page.index("Renewing Rita")
    assert "4.50" in page and "2.00" in page
    page = client.get(reverse("desks:dossier-list"), {"award_date": "2027-01-01", "sort": "-score"}).content.decode()
    assert page.index("Low Lou") < page.index("High Hal")
    listing = reverse("desks:dossier-list")
    page = client.get(listing, {"award_date": "2027-01-01", "kind": "renewal"}).content.decode()
    assert "Renewing Rita" in page and "High Hal" not in page
    page = client.get(
        reverse("desks:dossier-list"), {"award_date": "2027-01-01", "state": "submitted"}
    ).content.decode()
    assert "Renewing Rita" in page and "High Hal" not in page
    response = client.get(reverse("desks:dossier-list"), {"award_date": "2027-01-01"})
    assert response.context["counts"]["total"] == 3
    assert response.context["counts"]["under_evaluation"] == 2
    assert response.context["counts"]["renewal"] == 1
    page = client.get(reverse("desks:dossier-list"), {"award_date": "2027-04-01"}).content.decode()
    assert "Later Larry" in page and "High Hal" not in page


def test_queue_filters_by_expertise(client, lead, expertise):
    from tests.factories import ExpertiseFactory

    other = ExpertiseFactory(name="Other area", slug="other-area")
    DossierFactory(owner=UserFactory(display_name="In Area"), expertise=expertise, state="submitted")
    DossierFactory(owner=UserFactory(display_name="Out Area"), expertise=other, state="submitted")
    client.force_login(lead)
    page = client.get(reverse("desks:dossier-list"), {"award_date": "2027-01-01", "expertise": expertise.pk}).content
    assert b"In Area" in page and b"Out Area" not in page


def test_queue_batch_assignment_sends_one_digest(client, lead, evaluator, expertise):
    from mvp_portal.notices.models import Notice

    dossiers = [DossierFactory(state="submitted") for _ in range(3)]
    client.force_login(lead)
    response = client.post(
        reverse("desks:assignment-create"),
        {"dossiers": [d.pk for d in dossiers], "evaluators": [evaluator.pk], "next": reverse("desks:dossier-list")},
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(evaluator=evaluator).count() == 3
    assert Notice.objects.filter(recipient=evaluator, template="evaluations/emails/assigned").count() == 1


def test_queue_batch_with_a_conflict_shows_it_and_assigns_nobody(client, lead, dossier, evaluator, nominator):
    client.force_login(lead)
    response = client.post(
        reverse("desks:assignment-create"), {"dossiers": [dossier.pk], "evaluators": [evaluator.pk, nominator.pk]}
    )
    assert response.status_code == 400
    assert "Nora Nominator nominated this person" in response.content.decode()
    assert not Assignment.objects.exists()


def test_assignment_page_never_offers_the_nominator(client, lead, dossier, nominator, supporter, evaluator):
    client.force_login(lead)
    response = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk}))
    choices = dict(response.context["assign_form"].fields["evaluators"].choices)
    assert evaluator.pk in choices
    assert nominator.pk not in choices and supporter.pk not in choices


# Review page --------------------------------------------------------------------------------
def test_review_page_shows_types_counted_totals_and_what_to_check(client, lead, dossier):
    talks = ActivityTypeFactory(slug="talks", name="Talks", quantity_label="Talks", reach_label="Attendees")
    posts = ActivityTypeFactory(slug="posts", name="Blog posts", url_required=True)
    ActivityFactory(
        dossier=dossier, activity_type=talks, title="Dublin talk", quantity=2, reach=150, url="https://x.org/a"
    )
    ActivityFactory(
        dossier=dossier, activity_type=talks, title="Cork talk", quantity=1, reach=50, url="https://x.org/A/"
    )
    ActivityFactory(dossier=dossier, activity_type=posts, title="Post without link", url="")
    ActivityFactory(dossier=dossier, activity_type=posts, title="Ancient post", started_on=date(2020, 1, 1))
    client.force_login(lead)
    response = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk}))
    page = response.content.decode()
    picture = response.context["picture"]
    talks_total = next(t for t in picture.types if t.activity_type == talks)
    # The same URL twice is one talk counted once: Cork repeats Dublin's link.
    assert (talks_total.count, talks_total.quantity, talks_total.reach, talks_total.not_counted) == (1, 2, 150, 1)
    assert {a.title for a in picture.not_counted} == {"Ancient post", "Cork talk"}
    assert [a.title for a in picture.flagged] == ["Post without link"]
    assert "Outside the period" in page and "No evidence URL" in page and "A repeat of “Dublin talk”" in page
    assert "Talks: 2 · Attendees: 150" in page  # each metric under its own name, never summed across types
    assert len(picture.months) in (12, 13)
    assert "Nora Nominator" in page  # who nominated


def test_review_page_of_a_renewal_compares_with_last_year(client, lead, nominee, expertise):
    talks = ActivityTypeFactory(slug="talks", name="Talks")
    forums = ActivityTypeFactory(slug="forums", name="Forum answers")
    books = ActivityTypeFactory(slug="books", name="Books")
    AwardFactory(user=nominee, expertise=expertise, starts_on=date(2024, 1, 1))
    AwardFactory(user=nominee, expertise=expertise, starts_on=date(2025, 1, 1))
    AwardFactory(user=nominee, expertise=expertise, starts_on=date(2026, 1, 1))
    last = DossierFactory(
        owner=nominee, kind="renewal", state="decided", award_date=date(2026, 1, 1), period_end=date(2025, 11, 19)
    )
    ActivityFactory(dossier=last, activity_type=talks, quantity=2, reach=100, started_on=date(2025, 3, 1))
    ActivityFactory(dossier=last, activity_type=books, quantity=1, reach=10, started_on=date(2025, 3, 1))
    current = DossierFactory(owner=nominee, kind="renewal", state="submitted")
    ActivityFactory(dossier=current, activity_type=talks, quantity=5, reach=400)
    ActivityFactory(dossier=current, activity_type=forums, quantity=30, reach=0)
    client.force_login(lead)
    response = client.get(reverse("desks:dossier", kwargs={"pk": current.pk}))
    trends = {row.name: row.trend for row in response.context["comparison"]}
    assert trends == {"Talks": "grew", "Forum answers": "new", "Books": "stopped"}
    history = response.context["history"]
    assert (history.years_as_mvp, history.first_award_year) == (3, 2024)
    assert "3 awards, since 2024" in response.content.decode()


def test_review_page_has_the_return_form_on_the_same_page(client, lead, dossier):
    client.force_login(lead)
    page = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert f'action="{reverse("desks:dossier-return", kwargs={"pk": dossier.pk})}"' in page
    assert 'name="message"' in page


def test_recommendation_from_the_review_page(client, lead, dossier):
    client.force_login(lead)
    url = reverse("desks:recommendation-save", kwargs={"pk": dossier.pk})
    response = client.post(url, {"verdict": "award", "note": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    response = client.post(url, {"verdict": "award", "note": "Strong year"}, follow=True)
    assert "Strong year" in response.content.decode()
    assert dossier.recommendation.verdict == "award"


def test_the_log_is_on_the_page_with_the_actions(client, lead, program_admin, dossier):
    services.recommendation_save(dossier_id=dossier.pk, actor=lead, verdict="award", note="Fine work")
    for person in (program_admin, lead):
        client.force_login(person)
        page = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).content.decode()
        assert "Audit trail" in page and "recommended" in page


# Conflicts at the page --------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["nominator", "supporter"])
def test_nominator_cannot_open_or_post_an_evaluation(client, request, lead, dossier, rubric, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    url = reverse("evaluations:evaluate", kwargs={"pk": dossier.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, score_post(rubric, 5, 5, 5)).status_code == 404
    # Even with an assignment forged past the service, the page refuses and the POST changes nothing.
    AssignmentFactory(dossier=dossier, evaluator=person, assigned_by=lead)
    page = client.get(url).content.decode()
    assert "You cannot evaluate this dossier" in page and "Submit evaluation" not in page
    response = client.post(url, score_post(rubric, 5, 5, 5))
    assert response.status_code == 200 and "You cannot evaluate this dossier" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_declared_conflict_evaluator_cannot_evaluate(client, lead, dossier, rubric, evaluator):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    client.force_login(evaluator)
    response = client.post(
        reverse("evaluations:conflict-declare", kwargs={"pk": dossier.pk}), {"reason": "My brother-in-law"}
    )
    assert response.status_code == 302
    url = reverse("evaluations:evaluate", kwargs={"pk": dossier.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, score_post(rubric, 5, 5, 5)).status_code == 404
    AssignmentFactory(dossier=dossier, evaluator=evaluator, assigned_by=lead)  # forged back
    client.post(url, score_post(rubric, 5, 5, 5))
    assert not Evaluation.objects.exists()


# Visibility ---------------------------------------------------------------------------------------
def test_evaluator_sees_others_only_after_submitting(client, lead, dossier, rubric, evaluator, second_evaluator):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk, second_evaluator.pk], actor=lead)
    services.evaluation_submit(
        dossier_id=dossier.pk,
        evaluator=second_evaluator,
        comment="SECRET-COMMENT-OF-EZRA",
        scores={c.pk: v for c, v in zip(rubric, (2, 3, 4), strict=True)},
    )
    client.force_login(evaluator)
    url = reverse("evaluations:evaluate", kwargs={"pk": dossier.pk})
    page = client.get(url).content.decode()
    assert "SECRET-COMMENT-OF-EZRA" not in page
    assert "Ezra Evaluator" not in page
    assert "2.67" not in page  # Ezra's weighted score: 16 / 6
    # The lead's review page hides them from an evaluator who has not submitted either.
    response = client.post(url, score_post(rubric, 5, 4, 2, comment="Mine."), follow=True)
    page = response.content.decode()
    assert "SECRET-COMMENT-OF-EZRA" in page and "Ezra Evaluator" in page and "2.67" in page
    # Hand-checked: (4.1667 + 2.6667) / 2 = 3.4167; median of two = the same.
    assert '<strong class="weighted-mean">3.42</strong>' in page
    assert '<strong class="median">3.42</strong>' in page


def test_lead_who_is_a_pending_evaluator_does_not_see_scores_on_the_review_page(
    client, lead, dossier, rubric, second_evaluator
):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[lead.pk, second_evaluator.pk], actor=lead)
    services.evaluation_submit(
        dossier_id=dossier.pk,
        evaluator=second_evaluator,
        comment="SECRET-COMMENT-OF-EZRA",
        scores={c.pk: 3 for c in rubric},
    )
    client.force_login(lead)
    page = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert "SECRET-COMMENT-OF-EZRA" not in page


def test_aggregates_on_the_review_page_exclude_abstentions(client, lead, program_admin, dossier, rubric):
    people = [UserFactory(roles=[Role.EMPLOYEE]) for _ in range(4)]
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[p.pk for p in people], actor=lead)
    for person, values in zip(people[:3], [(5, 4, 2), (2, 3, 4), (3, 3, 3)], strict=True):
        services.evaluation_submit(
            dossier_id=dossier.pk,
            evaluator=person,
            comment="ok",
            scores={c.pk: v for c, v in zip(rubric, values, strict=True)},
        )
    services.evaluation_submit(
        dossier_id=dossier.pk, evaluator=people[3], comment="n/a", abstain=True, abstain_reason="Not my field"
    )
    client.force_login(program_admin)
    response = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk}))
    # 4.1667, 2.6667, 3.0 → mean 3.2778, median 3.0; the abstention is left out.
    assert response.context["aggregate"].mean == Decimal("3.2778")
    assert response.context["aggregate"].median == Decimal("3.0000")
    page = response.content.decode()
    assert '<strong class="weighted-mean">3.28</strong>' in page and '<strong class="median">3.00</strong>' in page
    assert "1 abstention left out" in page and "Not my field" in page
    queue = client.get(reverse("desks:dossier-list")).content.decode()
    assert "3.28" in queue and "3.00" in queue


# Nominee sees nothing -----------------------------------------------------------------------------
def test_nominee_never_reaches_evaluations(client, lead, program_admin, dossier, rubric, evaluator):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    services.evaluation_submit(
        dossier_id=dossier.pk, evaluator=evaluator, comment="EVALUATION-TEXT", scores={c.pk: 4 for c in rubric}
    )
    services.recommendation_save(dossier_id=dossier.pk, actor=lead, verdict="award", note="RECOMMENDATION-TEXT")
    services.decision_record(
        confirm_without_evaluations=True,
        dossier_id=dossier.pk,
        actor=program_admin,
        verdict="award",
        rationale="DECISION-TEXT",
    )
    client.force_login(dossier.owner)
    pk = {"pk": dossier.pk}
    for name, kwargs in [
        ("desks:dossier-list", {}),
        ("desks:dossier", pk),
        ("evaluations:evaluate", pk),
        ("evaluations:my-assignments", {}),
        ("desks:export", {}),
    ]:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code in (403, 404), name
        body = response.content.decode()
        for secret in ("EVALUATION-TEXT", "RECOMMENDATION-TEXT", "DECISION-TEXT", "4.00"):
            assert secret not in body, (name, secret)


def test_own_dossier_is_hidden_even_from_a_lead(client, lead, expertise):
    own = DossierFactory(owner=lead, state="submitted")
    client.force_login(lead)
    assert client.get(reverse("desks:dossier", kwargs={"pk": own.pk})).status_code == 404
    response = client.get(reverse("desks:dossier-list"))
    assert own not in [dossier for dossier, *_ in response.context["rows"]]
    assert response.context["counts"]["total"] == 0


# Decisions ------------------------------------------------------------------------------------------
def test_second_decision_shows_what_happened_instead_of_an_error(client, program_admin, dossier):
    other_admin = UserFactory(display_name="Abe Admin", roles=[Role.PROGRAM_ADMIN])
    services.decision_record(
        confirm_without_evaluations=True,
        dossier_id=dossier.pk,
        actor=other_admin,
        verdict="decline",
        rationale="Too thin",
    )
    client.force_login(program_admin)
    url = reverse("desks:decision-record", kwargs={"pk": dossier.pk})
    response = client.post(url, {"verdict": "award", "rationale": "Great"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Already decided by Abe Admin" in page and "Too thin" in page
    assert Decision.objects.get(dossier=dossier).verdict == "decline"
    # The form now names the version they saw: posting again changes it.
    assert response.context["decision_form"].initial["replaces_version"] == 1
    response = client.post(url, {"verdict": "award", "rationale": "Great", "replaces_version": 1})
    assert response.status_code == 302
    assert Decision.objects.get(dossier=dossier).verdict == "award"


def test_announced_decision_cannot_be_changed_from_the_page(client, program_admin, dossier):
    services.decision_record(
        confirm_without_evaluations=True, dossier_id=dossier.pk, actor=program_admin, verdict="award", rationale="Great"
    )
    Decision.objects.filter(dossier=dossier).update(announced_at=timezone.now())
    client.force_login(program_admin)
    page = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert "frozen" in page and "Change the decision" not in page
    response = client.post(
        reverse("desks:decision-record", kwargs={"pk": dossier.pk}),
        {"verdict": "decline", "rationale": "Oops", "replaces_version": 1},
    )
    assert response.status_code == 200 and "it is frozen and cannot be changed" in response.content.decode()
    assert Decision.objects.get(dossier=dossier).verdict == "award"


# Export ---------------------------------------------------------------------------------------------
def test_export_lists_the_cycles_dossiers_with_scores(client, program_admin, lead, dossier, rubric, evaluator):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    services.evaluation_submit(
        dossier_id=dossier.pk, evaluator=evaluator, comment="ok", scores={c.pk: 4 for c in rubric}
    )
    services.recommendation_save(dossier_id=dossier.pk, actor=lead, verdict="award", note="=HYPERLINK(evil)")
    services.decision_record(
        confirm_without_evaluations=True, dossier_id=dossier.pk, actor=program_admin, verdict="award", rationale="Clear"
    )
    DossierFactory(state="submitted", award_date=date(2027, 4, 1))
    client.force_login(program_admin)
    response = client.get(reverse("desks:export"), {"award_date": "2027-01-01"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["person"] == "Nico Nominee" and row["country"] == "IE" and row["kind"] == "new"
    assert (row["weighted_mean"], row["median"], row["evaluations"]) == ("4.00", "4.00", "1")
    assert (row["recommendation"], row["decision"], row["state"]) == ("award", "award", "decided")
    assert row["recommendation_note"] == "'=HYPERLINK(evil)"


def test_export_is_for_program_admins_only(client, lead):
    client.force_login(lead)
    assert client.get(reverse("desks:export")).status_code == 403


# My assignments and the home page -------------------------------------------------------------------
def test_my_assignments_and_home_attention(client, lead, program_admin, dossier, evaluator, rubric):
    AwardCycleFactory(award_date=dossier.award_date, state="evaluating")
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    client.force_login(evaluator)
    response = client.get(reverse("evaluations:my-assignments"))
    assert [a.dossier for a in response.context["open"]] == [dossier]
    assert "Dossiers to evaluate" in client.get(reverse("home")).content.decode()
    client.force_login(lead)
    assert "Dossiers to review" in client.get(reverse("home")).content.decode()  # no recommendation yet
    client.force_login(program_admin)
    assert "Submitted dossiers without a decision (1 January 2027)" in client.get(reverse("home")).content.decode()
    services.evaluation_submit(
        dossier_id=dossier.pk, evaluator=evaluator, comment="ok", scores={c.pk: 4 for c in rubric}
    )
    client.force_login(evaluator)
    assert "Dossiers to evaluate" not in client.get(reverse("home")).content.decode()


def test_dossier_under_evaluation_when_assigned(client, lead, dossier, evaluator):
    client.force_login(lead)
    client.post(
        reverse("desks:assignment-create"),
        {"dossiers": [dossier.pk], "evaluators": [evaluator.pk], "from": "review"},
    )
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.UNDER_EVALUATION


def test_return_form_of_the_review_page_returns_the_dossier(client, lead, dossier, evaluator):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    client.force_login(lead)
    page = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert "Return the dossier" in page
    client.post(reverse("desks:dossier-return", kwargs={"pk": dossier.pk}), {"message": "Add your talks, please."})
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.RETURNED
    # A returned dossier is closed to evaluations until it is submitted again.
    client.force_login(evaluator)
    assert (
        "evaluations are closed"
        in client.get(reverse("evaluations:evaluate", kwargs={"pk": dossier.pk})).content.decode()
    )


def test_queue_hides_scores_from_a_lead_who_has_not_evaluated_yet(client, lead, dossier, rubric, second_evaluator):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[lead.pk, second_evaluator.pk], actor=lead)
    services.evaluation_submit(
        dossier_id=dossier.pk,
        evaluator=second_evaluator,
        comment="ok",
        scores={c.pk: v for c, v in zip(rubric, (2, 3, 4), strict=True)},
    )
    client.force_login(lead)
    page = client.get(reverse("desks:dossier-list")).content.decode()
    assert "2.67" not in page and "hidden until you evaluate" in page
    services.evaluation_submit(dossier_id=dossier.pk, evaluator=lead, comment="ok", scores={c.pk: 3 for c in rubric})
    page = client.get(reverse("desks:dossier-list")).content.decode()
    assert "hidden until you evaluate" not in page and "2.83" in page  # (2.6667 + 3) / 2


def test_a_lead_who_nominated_the_person_cannot_act_and_is_told_why(client, lead, program_admin, dossier):
    nomination = dossier.nomination
    nomination.nominator = lead
    nomination.save(update_fields=["nominator"])
    client.force_login(lead)
    assert client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).status_code == 404
    url = reverse("desks:recommendation-save", kwargs={"pk": dossier.pk})
    assert client.post(url, {"verdict": "award", "note": "My own nominee"}).status_code == 404
    listing = client.get(reverse("desks:dossier-list")).content.decode()
    assert "You nominated this person: a program admin acts on this dossier." in listing
    assert reverse("desks:dossier", kwargs={"pk": dossier.pk}) not in listing
    assert dossier.owner.display_name not in client.get(reverse("desks:lead")).content.decode()
    # A program admin, who oversees every country, acts instead.
    client.force_login(program_admin)
    assert client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).status_code == 200
