"""The program dashboard: MVPs by expertise and country, renewal rate, nominations funnel."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.services import award_revoke
from evaluations.models import Decision
from mvp_portal.accounts.models import Expertise, Language, User
from mvp_portal.public_cache import directory_changed
from nominations.models import Dossier, Nomination
from nominations.services import nomination_create
from tests.conftest import TODAY
from tests.factories import AwardFactory, DossierFactory, ExpertiseFactory, NominationFactory, UserFactory
from tests.factories.directory import bulk_mvps

URL = reverse("desks:dashboard")


def decide(dossier: Dossier, verdict: str, by) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.DECIDED)
    Decision.objects.create(
        dossier=dossier, verdict=verdict, rationale="Evaluated with the dossier in hand.", decided_by=by
    )


def renewal(owner, award_date, expertise, state=Dossier.State.DRAFT) -> Dossier:
    dossier = DossierFactory(
        owner=owner,
        kind=Dossier.Kind.RENEWAL,
        expertise=expertise,
        award_date=award_date,
        period_start=date(award_date.year - 1, award_date.month, 1),
        period_end=date(award_date.year, award_date.month, 1),
    )
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    return dossier


def test_dashboard_counts_mvps_by_expertise_and_country(client, program_admin, mvp, expertise):
    other = ExpertiseFactory(name="Excel Test", slug="excel-test")
    for country in ("DE", "DE", "FR"):
        AwardFactory(user=UserFactory(country=country), expertise=other)
    AwardFactory(user=UserFactory(country="DE"), expertise=other, starts_on=date(2025, 7, 1))  # lapsed
    client.force_login(program_admin)
    response = client.get(URL)
    by_expertise = {bar.label: bar.count for bar in response.context["by_expertise"]}
    assert by_expertise == {"Excel Test": 3, expertise.name: 1}
    by_country = {bar.label: (bar.count, bar.percent) for bar in response.context["by_country"]}
    assert by_country == {"Germany": (2, 100), "France": (1, 50), "Ireland": (1, 50)}
    body = response.content.decode()
    assert 'class="bar-fill" x="0" y="0" height="10" width="50"' in body
    assert "style=" not in body
    assert "4 MVPs today" in body


def test_dashboard_renewal_rate_per_cycle(client, program_admin, expertise):
    october, july = date(2026, 10, 1), date(2026, 7, 1)
    for verdict in ("award", "award", "decline"):
        decide(renewal(UserFactory(), october, expertise), verdict, program_admin)
    decide(renewal(UserFactory(), july, expertise), "award", program_admin)
    renewal(UserFactory(), october, expertise, state=Dossier.State.UNDER_EVALUATION)  # not decided: not counted
    new = DossierFactory(award_date=october, expertise=expertise)
    decide(new, "decline", program_admin)  # a new dossier is no renewal
    client.force_login(program_admin)
    rates = {r.award_date: (r.awarded, r.decided, r.percent) for r in client.get(URL).context["renewal_rates"]}
    assert rates == {october: (2, 3, 67), july: (1, 1, 100)}


def test_dashboard_nominations_funnel_per_award_date(client, program_admin, expertise):
    january = date(2027, 1, 1)
    now = timezone.now()
    NominationFactory(expertise=expertise)  # nominated only; made today → next open award date
    NominationFactory(expertise=expertise, state=Nomination.State.INVITED, invited_at=now)
    DossierFactory(award_date=january, expertise=expertise)  # draft: nominated, invited
    submitted = DossierFactory(award_date=january, expertise=expertise)
    Dossier.objects.filter(pk=submitted.pk).update(state=Dossier.State.UNDER_EVALUATION, submitted_at=now)
    awarded = DossierFactory(award_date=january, expertise=expertise)
    decide(awarded, "award", program_admin)
    declined = DossierFactory(award_date=january, expertise=expertise)
    decide(declined, "decline", program_admin)
    client.force_login(program_admin)
    funnel = {
        row.award_date: (row.nominated, row.invited, row.submitted, row.awarded)
        for row in client.get(URL).context["funnel"]
    }
    assert funnel == {january: (4, 4, 3, 1), date(2027, 4, 1): (2, 1, 0, 0)}


def test_dashboard_is_for_program_admins_only(client, mvp, lead, employee):
    for person in (mvp, lead, employee):
        client.force_login(person)
        response = client.get(URL)
        assert response.status_code == 403
        assert "Only program admins may do this." in response.content.decode()


@pytest.mark.parametrize("size", [40, 800])
def test_dashboard_query_count_is_constant(client, program_admin, django_assert_max_num_queries, size):
    bulk_mvps(size, expertises=list(Expertise.objects.all()), languages=list(Language.objects.all()))
    expertise = Expertise.objects.first()
    for i in range(size // 40):
        dossier = renewal(UserFactory(), date(2026, 10, 1), expertise)
        decide(dossier, "award" if i % 2 else "decline", program_admin)
        NominationFactory(expertise=expertise)
    client.force_login(program_admin)
    with django_assert_max_num_queries(14):  # with the trends' two
        response = client.get(URL)
    assert sum(bar.count for bar in response.context["by_country"]) == size


def test_dashboard_bars_do_not_take_the_global_bar_class(client, program_admin, mvp):
    # static/css/portal.css paints `.bar` with a background: our SVG would show full width.
    client.force_login(program_admin)
    body = client.get(URL).content.decode()
    assert 'class="dir-bar"' in body and 'class="bar"' not in body


@pytest.mark.usefixtures("pages_drawn")  # the page drawn each time: what its kept reads save
def test_dashboard_award_counts_are_kept_until_awards_or_profiles_change(client, program_admin, mvp, expertise):
    """The counts over every current award are counted once, then read from the cache until
    the directory's generation changes: a revocation (awards) or a profile edit (country)."""
    client.force_login(program_admin)
    assert client.get(URL).context["totals"]["mvps"] == 1
    AwardFactory(user=UserFactory(country="DE"), expertise=expertise)  # written past the services: no new generation
    kept = client.get(URL)
    assert kept.context["totals"]["mvps"] == 1  # served from the cache, not counted again

    award_revoke(award_id=mvp.awards.get().pk, actor=program_admin, reason="Conduct.")
    recounted = client.get(URL)
    assert recounted.context["totals"]["mvps"] == 1  # the revoked MVP out, the German one in
    assert {bar.label: bar.count for bar in recounted.context["by_country"]} == {"Germany": 1}

    german = User.objects.get(country="DE")
    german.country = "FR"
    german.save()
    directory_changed()  # what profile_save calls next to the write
    assert {bar.label for bar in client.get(URL).context["by_country"]} == {"France"}


@pytest.mark.usefixtures("pages_drawn")  # the page drawn each time: what its kept reads save
def test_dashboard_pipeline_counts_are_kept_until_a_nomination_dossier_or_decision_is_written(
    client, program_admin, mvp, expertise
):
    """The funnel and the renewal rates are counted once, then read from the cache until a
    nomination, dossier or decision is saved or deleted (whichever service writes it)."""
    january = date(2027, 1, 1)
    client.force_login(program_admin)

    def funnel():
        return {row.award_date: row.nominated for row in client.get(URL).context["funnel"]}

    dossier = DossierFactory(award_date=january, expertise=expertise)
    assert funnel() == {january: 1}
    Dossier.objects.filter(pk=dossier.pk).delete()  # deleted: a signal, a new generation
    Nomination.objects.filter(pk=dossier.nomination_id).delete()
    assert funnel() == {}

    nominated = nomination_create(
        nominator=mvp,
        today=TODAY,
        nominee_name="Róisín Ní Bhriain",
        nominee_email="roisin@example.org",
        nominee_country="IE",
        expertise=expertise,
        statement="Runs the Dublin user group and writes its monthly digest.",
    )
    counted = funnel()
    assert sum(counted.values()) == 1
    a_year_earlier = timezone.now() - timedelta(days=400)
    Nomination.objects.filter(pk=nominated.nomination.pk).update(created_at=a_year_earlier)  # no signal
    assert funnel() == counted  # kept: served from the cache, not counted again

    renewed = renewal(UserFactory(), date(2026, 10, 1), expertise)  # a dossier saved: recounted
    assert client.get(URL).context["renewal_rates"] == []
    decide(renewed, "award", program_admin)  # a decision saved
    rates = client.get(URL).context["renewal_rates"]
    assert [(r.award_date, r.awarded, r.decided) for r in rates] == [(date(2026, 10, 1), 1, 1)]


@pytest.mark.usefixtures("pages_drawn")  # the page drawn each time: what its kept reads save
def test_dashboard_pipeline_counts_are_read_once_then_kept(client, program_admin, django_assert_max_num_queries):
    NominationFactory()
    client.force_login(program_admin)
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    with CaptureQueriesContext(connection) as again:
        client.get(URL)
    counted = [q["sql"] for q in first.captured_queries if '"nominations_nomination"' in q["sql"]]
    assert counted and not [q["sql"] for q in again.captured_queries if '"nominations_nomination"' in q["sql"]]
