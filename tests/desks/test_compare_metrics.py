"""The review page's last-year comparison never adds unlike metrics: each type's
numbers carry the type's own labels, and both years count under the one rule."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, ActivityTypeFactory, AwardFactory, DossierFactory

pytestmark = pytest.mark.django_db


def test_the_comparison_labels_each_type_s_metrics_and_counts_like_this_year(client, lead, nominee, expertise):
    talks = ActivityTypeFactory(slug="t-talks", name="Talks", quantity_label="Talks", reach_label="Attendees")
    blog = ActivityTypeFactory(
        slug="t-blog",
        name="Blog posts",
        quantity_label="Posts",
        second_quantity_label="Subscribers",
        reach_label="Unique visitors",
    )
    AwardFactory(user=nominee, expertise=expertise, starts_on=date(2026, 1, 1))
    last = DossierFactory(
        owner=nominee, kind="renewal", state="decided", award_date=date(2026, 1, 1), period_end=date(2025, 11, 19)
    )
    ActivityFactory(dossier=last, activity_type=talks, quantity=3, reach=303, started_on=date(2025, 3, 1))
    # Outside last year's period: not counted there, so not in last year's figures either.
    ActivityFactory(dossier=last, activity_type=talks, quantity=50, reach=99_999, started_on=date(2020, 3, 1))
    current = DossierFactory(owner=nominee, kind="renewal", state="submitted")
    ActivityFactory(dossier=current, activity_type=talks, quantity=4, reach=410)
    ActivityFactory(dossier=current, activity_type=blog, quantity=12, second_quantity=80, reach=358_341)
    client.force_login(lead)
    response = client.get(reverse("desks:dossier", kwargs={"pk": current.pk}))
    page = response.content.decode()
    table = page[page.index('id="compare-heading"') :]
    table = table[: table.index("</table>")]
    rows = {r.name: r for r in response.context["comparison"]}
    assert (rows["Talks"].last.count, rows["Talks"].last.reach) == (1, 303)
    assert "Talks: 3 · Attendees: 303" in table and "Talks: 4 · Attendees: 410" in table
    assert "Posts: 12 · Subscribers: 80 · Unique visitors: 358,341" in table
    assert ">quantity<" not in table and ">reach<" not in table
    assert "99,999" not in table
