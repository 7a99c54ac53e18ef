"""Draft evaluations: kept as typed for their author, invisible and uncounted everywhere else.

Each exclusion has its test: other evaluators, the lead's review page and queue, the admin export,
the API, the fairness figures, the "hidden until one's own" rule, the counts of done evaluations,
the decision's gaps; and a decision closes the drafts left on its dossier, telling their authors.
"""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse

from api import services as api_services
from evaluations import selectors, services
from evaluations.models import Evaluation, EvaluationDraft
from mvp_portal.notices.models import Notice
from nominations.models import Dossier

pytestmark = pytest.mark.django_db

SECRET = "DRAFT-ONLY-FOR-EVE"


def _url(dossier):
    return reverse("evaluations:evaluate", kwargs={"pk": dossier.pk})


@pytest.fixture
def assigned(lead, dossier, rubric, evaluator, second_evaluator):
    services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk, second_evaluator.pk], actor=lead)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def drafted(client, assigned, rubric, evaluator):
    """Eve's draft: the first criterion scored 5, the others not yet, a comment half written."""
    client.force_login(evaluator)
    response = client.post(
        _url(assigned), {f"score_{rubric[0].pk}": "5", "comment": SECRET, "save_draft": "1"}, follow=True
    )
    assert "Draft saved" in response.content.decode()
    client.logout()
    return EvaluationDraft.objects.get()


@pytest.fixture
def ezra_submitted(assigned, rubric, second_evaluator):
    return services.evaluation_submit(
        dossier_id=assigned.pk,
        evaluator=second_evaluator,
        comment="Ezra's comment",
        scores={c.pk: 2 for c in rubric},
        confidence="high",
    )


@pytest.mark.usefixtures("pages_drawn")  # the page drawn each time: what its kept reads save
def test_a_draft_keeps_what_was_typed_with_criteria_unscored(client, drafted, assigned, rubric, evaluator):
    assert drafted.values[f"score_{rubric[0].pk}"] == "5"
    assert drafted.values[f"score_{rubric[1].pk}"] == ""
    assert drafted.values["comment"] == SECRET
    assert not Evaluation.objects.exists()
    client.force_login(evaluator)
    page = client.get(_url(assigned)).content.decode()
    assert SECRET in page
    assert client.get(_url(assigned)).context["form"].initial[f"score_{rubric[0].pk}"] == "5"
    mine = client.get(reverse("evaluations:my-assignments")).content.decode()
    opened = mine[mine.index('id="open-heading"') : mine.index('id="done-heading"')]
    assert "Draft saved" in opened


def test_saving_a_draft_again_replaces_it(client, drafted, assigned, evaluator):
    client.force_login(evaluator)
    client.post(_url(assigned), {"comment": "second thoughts", "save_draft": "1"})
    assert EvaluationDraft.objects.get().values["comment"] == "second thoughts"


def test_submitting_validates_fully_and_removes_the_draft(client, drafted, assigned, rubric, evaluator):
    client.force_login(evaluator)
    response = client.post(_url(assigned), {f"score_{rubric[0].pk}": "5", "comment": SECRET})
    assert response.status_code == 200 and not Evaluation.objects.exists()
    assert EvaluationDraft.objects.exists()
    data = {f"score_{c.pk}": "4" for c in rubric} | {"comment": SECRET, "confidence": "medium"}
    client.post(_url(assigned), data)
    assert Evaluation.objects.get().evaluator == evaluator
    assert not EvaluationDraft.objects.exists()


def test_no_draft_after_submission(assigned, rubric, evaluator):
    services.evaluation_submit(
        dossier_id=assigned.pk, evaluator=evaluator, comment="c", scores={c.pk: 3 for c in rubric}, confidence="low"
    )
    with pytest.raises(services.ValidationError):
        services.evaluation_draft_save(dossier_id=assigned.pk, evaluator=evaluator, values={"comment": "x"})


def test_only_assigned_evaluators_save_drafts(assigned, employee):
    with pytest.raises(services.PermissionDenied):
        services.evaluation_draft_save(dossier_id=assigned.pk, evaluator=employee, values={"comment": "x"})
    assert not EvaluationDraft.objects.exists()


# Exclusions ------------------------------------------------------------------------------------
def test_other_evaluators_never_see_a_draft(client, drafted, ezra_submitted, assigned, second_evaluator):
    client.force_login(second_evaluator)
    response = client.get(_url(assigned))
    assert SECRET not in response.content.decode()
    assert [e.evaluator_id for e in response.context["others"]] == []


def test_the_lead_review_page_and_queue_never_show_a_draft(client, drafted, assigned, lead):
    client.force_login(lead)
    page = client.get(reverse("desks:dossier", kwargs={"pk": assigned.pk})).content.decode()
    assert SECRET not in page
    queue = client.get(reverse("desks:dossier-list"), {"award_date": str(assigned.award_date)})
    assert SECRET not in queue.content.decode()


def test_the_log_records_nothing_of_a_draft(drafted, assigned):
    assert not [e for e in selectors.log_of(assigned) if "draft" in e.action]


def test_drafts_are_not_counted_as_done_evaluations(drafted, ezra_submitted, assigned, evaluator):
    row = selectors.with_scores(Dossier.objects.filter(pk=assigned.pk)).get()
    assert row.evaluation_count == 1
    assert row.weighted_mean == ezra_submitted.weighted_score
    assert selectors.medians_for([assigned.pk])[assigned.pk].median == ezra_submitted.weighted_score
    assert selectors.open_assignment_count(evaluator) == 1


def test_fairness_figures_ignore_drafts(client, ezra_submitted, assigned, rubric, evaluator):
    before = selectors.cycle_figures(assigned.award_date)
    client.force_login(evaluator)
    client.post(_url(assigned), {f"score_{c.pk}": "5" for c in rubric} | {"comment": SECRET, "save_draft": "1"})
    assert EvaluationDraft.objects.exists()
    assert selectors.cycle_figures(assigned.award_date) == before


def test_a_draft_does_not_lift_hidden_until_ones_own(client, drafted, ezra_submitted, assigned, evaluator):
    assert selectors.pending_evaluation_ids(evaluator, [assigned.pk]) == {assigned.pk}
    client.force_login(evaluator)
    response = client.get(_url(assigned))
    assert response.context["others"] is None
    assert "Ezra's comment" not in response.content.decode()


def test_the_export_ignores_drafts(client, drafted, assigned, program_admin):
    client.force_login(program_admin)
    response = client.get(reverse("desks:export"), {"award_date": str(assigned.award_date)})
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert SECRET not in text
    header, *rows = list(csv.reader(io.StringIO(text)))
    row = dict(zip(header, next(r for r in rows if r[0] == str(assigned.pk)), strict=True))
    assert [v for k, v in row.items() if "evaluation" in k.lower() and v not in ("", "0")] == []


def test_the_api_ignores_drafts(client, drafted, assigned, evaluator, lead):
    for user, path in ((evaluator, "api:v1:staff-assignment-list"), (lead, "api:v1:staff-dossier-list")):
        _, plain = api_services.token_create(user=user, name="t", scope="read", days=30, now=drafted.saved_at)
        response = client.get(
            reverse(path), {"award_date": str(assigned.award_date)}, HTTP_AUTHORIZATION=f"Bearer {plain}"
        )
        assert response.status_code == 200
        assert SECRET not in response.content.decode()
        (row,) = response.json()["results"]
        if user == evaluator:
            assert row["evaluated"] is False
        else:
            assert row["evaluation_count"] == 0


def test_drafts_are_not_in_the_admin_site():
    assert EvaluationDraft not in admin.site._registry


def test_a_decision_ignores_drafts_and_closes_them_telling_the_author(
    client, drafted, assigned, program_admin, evaluator
):
    assert services.decision_gaps(assigned)[0].startswith("no evaluation has been submitted")
    services.decision_record(
        dossier_id=assigned.pk,
        actor=program_admin,
        verdict="award",
        rationale="Strong",
        confirm_without_evaluations=True,
    )
    draft = EvaluationDraft.objects.get()
    assert draft.is_closed
    notice = Notice.objects.get(key=f"evaluations:draft-closed:{draft.pk}")
    assert notice.to_email == evaluator.email
    assert not Notice.objects.filter(key__startswith="evaluations:draft-closed:").exclude(pk=notice.pk).exists()
    client.force_login(evaluator)
    mine = client.get(reverse("evaluations:my-assignments")).content.decode()
    done = mine[mine.index('id="done-heading"') :]
    assert "Draft closed" in done
    assert "Your draft was not submitted" in client.get(_url(assigned)).content.decode()
    with pytest.raises(services.ValidationError):
        services.evaluation_draft_save(dossier_id=assigned.pk, evaluator=evaluator, values={"comment": "late"})
