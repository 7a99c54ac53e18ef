"""The dashboard's trends: awards, renewals and nominations per award date,
counted by one selector in a pinned number of queries, drawn by the server as
SVG columns (no script, no inline style) with the table as the accessible copy."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from desks.dashboard import program_trends, trend_columns
from nominations.models import Dossier, Nomination
from tests.conftest import TODAY
from tests.factories import AwardFactory, DossierFactory, NominationFactory, UserFactory

URL = reverse("desks:dashboard")
JULY, OCTOBER, JANUARY = date(2026, 7, 1), date(2026, 10, 1), date(2027, 1, 1)


def made_on(nomination: Nomination, day: date) -> None:
    moment = timezone.make_aware(datetime.combine(day, time(12)))
    Nomination.objects.filter(pk=nomination.pk).update(created_at=moment)


@pytest.fixture
def history(db, expertise):
    # July: two new MVPs. October: one new, one renewed (her award ran until 30 September), one renewed
    # through a renewal dossier.
    AwardFactory(user=UserFactory(), expertise=expertise, starts_on=JULY)
    AwardFactory(user=UserFactory(), expertise=expertise, starts_on=JULY)
    AwardFactory(user=UserFactory(), expertise=expertise, starts_on=OCTOBER)
    renewed = UserFactory()
    AwardFactory(user=renewed, expertise=expertise, starts_on=date(2025, 10, 1))
    AwardFactory(user=renewed, expertise=expertise, starts_on=OCTOBER)
    by_dossier = UserFactory()
    dossier = DossierFactory(owner=by_dossier, kind=Dossier.Kind.RENEWAL, expertise=expertise, award_date=OCTOBER)
    AwardFactory(user=by_dossier, expertise=expertise, starts_on=OCTOBER, dossier=dossier)
    # Nominations: two made in June (toward October, the next date still open then), one in
    # October (toward January).
    for day in (date(2026, 6, 1), date(2026, 6, 2), date(2026, 10, 20)):
        made_on(NominationFactory(expertise=expertise), day)


def test_trends_count_awards_renewals_and_nominations_per_award_date(history):
    rows = {row.award_date: row for row in program_trends(TODAY)}
    assert list(rows)[-1] == JANUARY and len(rows) == 8  # the next award date last, oldest first
    assert (rows[JULY].awards, rows[JULY].renewals) == (2, 0)
    assert (rows[OCTOBER].awards, rows[OCTOBER].renewals) == (3, 2)
    assert rows[OCTOBER].nominations == 2 and rows[JANUARY].nominations == 1
    assert rows[date(2025, 10, 1)].awards == 1


def test_columns_scale_to_the_tallest(history):
    rows = program_trends(TODAY)
    columns = trend_columns(rows, "awards")
    tallest = max(columns, key=lambda c: c.value)
    assert tallest.award_date == OCTOBER and tallest.y == 6.0 and tallest.height == 40.0
    july = next(c for c in columns if c.award_date == JULY)
    assert july.height == pytest.approx(40 * 2 / 3, abs=0.01)
    assert all(c.height == 0 for c in trend_columns(rows, "renewals") if c.value == 0)
    assert trend_columns([], "awards") == []


def test_dashboard_draws_the_charts_with_a_table(client, program_admin, history):
    client.force_login(program_admin)
    page = client.get(URL).content.decode()
    assert page.count('class="trend-svg"') == 3 and 'aria-hidden="true"' in page
    assert "<script" not in page.split("</main>")[0].split("<main")[-1] and "style=" not in page
    table = page.split('class="table table-sm trend-table"')[1].split("</table>")[0]
    assert '<td class="text-end">3</td><td class="text-end">2</td><td class="text-end">2</td>' in table


# The award counts of the day (totals, by expertise, by country, granted per date), then the
# pipeline's two (nominations by day, renewal rates); once both are cached, none.
TREND_QUERIES, TREND_QUERIES_CACHED = 6, 0


@pytest.mark.parametrize("size", [1, 30])
def test_trends_query_count_is_pinned(db, expertise, django_assert_num_queries, size):
    for n in range(size):
        AwardFactory(user=UserFactory(), expertise=expertise, starts_on=OCTOBER if n % 2 else JULY)
        made_on(NominationFactory(expertise=expertise), date(2026, 5 + n % 6, 1))
    with django_assert_num_queries(TREND_QUERIES):
        rows = program_trends(TODAY)
    assert sum(row.awards for row in rows) == size
    assert sum(row.nominations for row in rows) == size
    with django_assert_num_queries(TREND_QUERIES_CACHED):
        assert program_trends(TODAY) == rows
