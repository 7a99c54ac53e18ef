"""Fairness figures on the desks: normalised scores and disagreement in the queue and on the dossier page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations import services
from mvp_portal.accounts.roles import Role
from tests.factories import AssignmentFactory, DossierFactory, EvaluationFactory, ScoreFactory, UserFactory

pytestmark = pytest.mark.django_db


def harsh_and_lenient(expertise):
    """Hal is harsh (1 1 1 2 3 on H1–H5), Lena lenient (4 5 5 5 5 on L1–L5).

    Hal: mean 1.6, sd √0.64 = 0.8 → z(H5) = 1.4 / 0.8 = 1.75.
    Lena: mean 4.8, sd √0.16 = 0.4 → z(L1) = −0.8 / 0.4 = −2.
    Raw, L1's 4 beats H5's 3; normalised, H5 (Hal's best) beats L1 (Lena's worst).
    """
    hal = UserFactory(display_name="Hal Harsh", roles=[Role.EMPLOYEE])
    lena = UserFactory(display_name="Lena Lenient", roles=[Role.EMPLOYEE])
    dossiers = {}
    for evaluator, prefix, scores in ((hal, "H", (1, 1, 1, 2, 3)), (lena, "L", (4, 5, 5, 5, 5))):
        for i, score in enumerate(scores, start=1):
            name = f"{prefix}{i} Person"
            dossiers[name] = DossierFactory(
                owner=UserFactory(display_name=name), state="under_evaluation", expertise=expertise
            )
            EvaluationFactory(dossier=dossiers[name], evaluator=evaluator, weighted_score=Decimal(score))
    return dossiers, hal, lena


def names_in_order(page: str, *names) -> list[str]:
    return sorted(names, key=page.index)


def test_queue_sorts_by_raw_and_by_normalised_score(client, lead, expertise):
    harsh_and_lenient(expertise)
    client.force_login(lead)
    url = reverse("desks:dossier-list")
    raw = client.get(url, {"award_date": "2027-01-01", "sort": "score"}).content.decode()
    assert names_in_order(raw, "H5 Person", "L1 Person") == ["L1 Person", "H5 Person"]
    response = client.get(url, {"award_date": "2027-01-01", "sort": "normalised"})
    page = response.content.decode()
    assert names_in_order(page, "H5 Person", "L1 Person") == ["H5 Person", "L1 Person"]
    figures = {dossier.owner.display_name: f.normalised for dossier, _, f in response.context["rows"]}
    assert figures["H5 Person"] == Decimal("1.7500") and figures["L1 Person"] == Decimal("-2.0000")
    assert "1.75" in page and "-2.00" in page
    assert "at least 5 dossiers" in page  # the method and its threshold, stated on the page
    lowest = client.get(url, {"award_date": "2027-01-01", "sort": "-normalised"}).content.decode()
    assert lowest.index("L1 Person") < lowest.index("H5 Person")


def test_queue_flags_and_sorts_a_wide_disagreement(client, lead, expertise):
    dossiers, hal, lena = harsh_and_lenient(expertise)
    # Lena also scores H2 (Hal's 1) with 5: they differ by 4 points. H3 gets Lena's 2 — 1 point apart.
    EvaluationFactory(dossier=dossiers["H2 Person"], evaluator=lena, weighted_score=Decimal(5))
    EvaluationFactory(dossier=dossiers["H3 Person"], evaluator=lena, weighted_score=Decimal(2))
    client.force_login(lead)
    response = client.get(reverse("desks:dossier-list"), {"award_date": "2027-01-01", "sort": "discussion"})
    rows = response.context["rows"]
    assert [d.owner.display_name for d, *_ in rows[:2]] == ["H2 Person", "H3 Person"]
    flagged = [d.owner.display_name for d, _, f in rows if f.needs_discussion]
    assert flagged == ["H2 Person"]
    assert response.content.decode().count("needs discussion</span>") == 1
    page = client.get(reverse("desks:dossier", kwargs={"pk": dossiers["H2 Person"].pk})).content.decode()
    assert "needs discussion" in page and "differ by 4.00 points" in page


def test_dossier_page_shows_the_normalised_score_beside_mean_and_median(client, lead, expertise):
    dossiers, *_ = harsh_and_lenient(expertise)
    client.force_login(lead)
    page = client.get(reverse("desks:dossier", kwargs={"pk": dossiers["H5 Person"].pk})).content.decode()
    assert '<strong class="weighted-mean">3.00</strong>' in page
    assert '<strong class="normalised">1.75</strong>' in page
    assert "over 1 evaluator with enough scores" in page


def test_normalised_score_is_absent_below_the_minimum(client, lead, evaluator, expertise):
    dossier = DossierFactory(state="under_evaluation", expertise=expertise)
    EvaluationFactory(dossier=dossier, evaluator=evaluator, weighted_score=Decimal(4))
    client.force_login(lead)
    page = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert '<strong class="normalised">—</strong>' in page


def test_figures_stay_hidden_from_a_lead_who_has_not_evaluated(client, lead, expertise, rubric):
    dossiers, hal, _ = harsh_and_lenient(expertise)
    target = dossiers["H5 Person"]
    AssignmentFactory(dossier=target, evaluator=lead, assigned_by=lead)
    client.force_login(lead)
    response = client.get(reverse("desks:dossier-list"), {"award_date": "2027-01-01", "sort": "normalised"})
    rows = {d.owner.display_name: f for d, _, f in response.context["rows"]}
    assert rows["H5 Person"].normalised is None
    # Sorted last among the figures, not by its hidden score.
    names = [d.owner.display_name for d, *_ in response.context["rows"]]
    assert names.index("H5 Person") > names.index("L5 Person")
    services.evaluation_submit(
        dossier_id=target.pk, evaluator=lead, comment="ok", scores={c.pk: 3 for c in rubric}, confidence="medium"
    )
    response = client.get(reverse("desks:dossier-list"), {"award_date": "2027-01-01", "sort": "normalised"})
    rows = {d.owner.display_name: f for d, _, f in response.context["rows"]}
    assert rows["H5 Person"].normalised == Decimal("1.7500")


# Reviewer profiles ------------------------------------------------------------------------------
def harsh_among_peers(expertise):
    """Three dossiers, each scored by Hal (1) and by Pia and Quin (4): Hal is 3 points harsher, every time."""
    hal = UserFactory(display_name="Hal Harsh", roles=[Role.EMPLOYEE])
    pia = UserFactory(display_name="Pia Peer", roles=[Role.EMPLOYEE])
    quin = UserFactory(display_name="Quin Peer", roles=[Role.EMPLOYEE])
    dossiers = []
    for i in range(3):
        dossier = DossierFactory(
            owner=UserFactory(display_name=f"Shared {i}"), state="under_evaluation", expertise=expertise
        )
        EvaluationFactory(dossier=dossier, evaluator=hal, weighted_score=Decimal(1))
        EvaluationFactory(dossier=dossier, evaluator=pia, weighted_score=Decimal(4))
        EvaluationFactory(dossier=dossier, evaluator=quin, weighted_score=Decimal(4))
        dossiers.append(dossier)
    return dossiers, hal


def test_reviewer_profiles_page_shows_habits_and_flags_the_outlier(client, lead, expertise, rubric):
    dossiers, hal = harsh_among_peers(expertise)
    evaluation = hal.evaluations.first()
    ScoreFactory(evaluation=evaluation, criterion=rubric[0], value=1)
    client.force_login(lead)
    response = client.get(reverse("desks:reviewer-profiles"), {"award_date": "2027-01-01"})
    assert response.status_code == 200
    rows = {row.evaluator.display_name: row.profile for row in response.context["rows"]}
    assert rows["Hal Harsh"].offset == Decimal("-3.0000") and rows["Hal Harsh"].is_outlier
    # Pia: 4 − (1 + 4) / 2 = +1.5 on each: flagged too — with three evaluators a harsh one moves the others' means.
    assert rows["Pia Peer"].offset == Decimal("1.5000")
    page = response.content.decode()
    assert "far from peers" in page and "T Impact" in page and "1.00 ± 0.00" in page
    assert "Offset from peers" in page and "3 or more shared dossiers" in page


def test_the_queue_alerts_the_lead_to_an_evaluator_far_from_peers(client, lead, expertise):
    harsh_among_peers(expertise)
    client.force_login(lead)
    page = client.get(reverse("desks:dossier-list"), {"award_date": "2027-01-01"}).content.decode()
    assert "Evaluators far from their peers" in page
    assert "Hal Harsh (3.00 points from the others on 3 shared dossiers)" in page
    assert reverse("desks:reviewer-profiles") in page


def test_profiles_leave_out_dossiers_off_the_viewers_desk_or_still_to_evaluate(client, lead, other_lead, expertise):
    dossiers, hal = harsh_among_peers(expertise)
    # The other lead's countries hold none of these dossiers: nothing to profile.
    client.force_login(other_lead)
    assert client.get(reverse("desks:reviewer-profiles"), {"award_date": "2027-01-01"}).context["rows"] == []
    # A dossier the lead still has to evaluate, and one they nominated, are left out of the lead's profiles.
    AssignmentFactory(dossier=dossiers[0], evaluator=lead, assigned_by=lead)
    dossiers[1].nomination.nominator = lead
    dossiers[1].nomination.save(update_fields=["nominator"])
    client.force_login(lead)
    response = client.get(reverse("desks:reviewer-profiles"), {"award_date": "2027-01-01"})
    rows = {row.evaluator.display_name: row.profile for row in response.context["rows"]}
    assert rows["Hal Harsh"].scored == 1 and not rows["Hal Harsh"].is_outlier
    assert "Evaluators far from their peers" not in client.get(reverse("desks:dossier-list")).content.decode()


def test_reviewer_profiles_page_survives_a_bad_award_date(client, lead, expertise):
    harsh_among_peers(expertise)
    client.force_login(lead)
    response = client.get(reverse("desks:reviewer-profiles"), {"award_date": "not-a-date"})
    assert response.status_code == 200 and response.context["award_date"].isoformat() == "2027-01-01"


# Scores hidden until one's own evaluation ---------------------------------------------------------
def test_hidden_scores_do_not_order_the_queue(client, lead, evaluator, expertise):
    top = DossierFactory(owner=UserFactory(display_name="Top Tia"), state="under_evaluation", expertise=expertise)
    mid = DossierFactory(owner=UserFactory(display_name="Mid Max"), state="under_evaluation", expertise=expertise)
    EvaluationFactory(dossier=top, evaluator=evaluator, weighted_score=Decimal(5))
    EvaluationFactory(dossier=mid, evaluator=evaluator, weighted_score=Decimal(3))
    client.force_login(lead)
    url = reverse("desks:dossier-list")
    assert [d.owner.display_name for d, *_ in client.get(url).context["rows"]] == ["Top Tia", "Mid Max"]
    # The lead is asked to evaluate Tia's dossier: its 5 no longer puts it first for them.
    AssignmentFactory(dossier=top, evaluator=lead, assigned_by=lead)
    assert [d.owner.display_name for d, *_ in client.get(url).context["rows"]] == ["Mid Max", "Top Tia"]


def test_export_leaves_out_the_scores_an_admin_still_has_to_evaluate(client, program_admin, evaluator, expertise):
    import csv
    import io

    dossier = DossierFactory(state="under_evaluation", expertise=expertise)
    EvaluationFactory(dossier=dossier, evaluator=evaluator, weighted_score=Decimal(4))
    client.force_login(program_admin)
    url = reverse("desks:export")
    row = next(csv.DictReader(io.StringIO(client.get(url, {"award_date": "2027-01-01"}).content.decode())))
    assert row["weighted_mean"] == "4.00"
    AssignmentFactory(dossier=dossier, evaluator=program_admin, assigned_by=program_admin)
    row = next(csv.DictReader(io.StringIO(client.get(url, {"award_date": "2027-01-01"}).content.decode())))
    assert (row["weighted_mean"], row["median"]) == ("", "")
