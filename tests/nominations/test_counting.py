"""What counts in a dossier: one rule, and every page that shows a dossier agrees with it."""

import re
from datetime import date

import pytest
from django.urls import reverse

from nominations.counting import activity_keys, counted_activity_counts, dossier_picture
from nominations.models import ActivityType, Dossier
from tests.conftest import TODAY
from tests.factories import ActivityFactory, DossierFactory, UserFactory

pytestmark = pytest.mark.django_db


def kind(slug):
    return ActivityType.objects.get(slug=slug)


@pytest.fixture
def dossier(db):
    """A submitted Irish dossier covering 2025-11-29 to 2026-11-28, with every case of the rule."""
    dossier = DossierFactory(
        owner=UserFactory(country="IE", display_name="Dana Dossier"),
        state=Dossier.State.SUBMITTED,
        period_start=date(2025, 11, 29),
        period_end=date(2026, 11, 28),
    )
    speaking, forum = kind("speaking"), kind("forum-answers")
    ActivityFactory(dossier=dossier, activity_type=speaking, title="Dublin talk", url="https://x.org/t", reach=100)
    # A repeat: the same URL as the Dublin talk (differently written) — counted once.
    ActivityFactory(
        dossier=dossier,
        activity_type=speaking,
        title="Cork talk",
        url="http://www.x.org/t/",
        reach=50,
        started_on=date(2026, 7, 1),
    )
    # Outside the period.
    ActivityFactory(dossier=dossier, activity_type=speaking, title="Old talk", started_on=date(2025, 1, 1), reach=999)
    # Spans into the period: counts.
    ActivityFactory(
        dossier=dossier,
        activity_type=speaking,
        title="Long series",
        started_on=date(2025, 6, 1),
        ended_on=date(2026, 1, 15),
        reach=10,
    )
    # Monthly forum answers on one profile URL: each month counts (the key is URL and date).
    for month in (3, 4, 5):
        ActivityFactory(
            dossier=dossier,
            activity_type=forum,
            title=f"Answers {month}",
            url="https://forum.example/u/dana",
            started_on=date(2026, month, 28),
            quantity=10 * month,
            reach=None,
        )
    return dossier


def test_the_rule(dossier):
    picture = dossier_picture(dossier, today=TODAY)
    counted = {a.title for a in picture.activities if a.standing.counts}
    assert counted == {"Dublin talk", "Long series", "Answers 3", "Answers 4", "Answers 5"}
    reasons = {a.title: a.standing.reasons for a in picture.not_counted}
    assert "A repeat of “Dublin talk”" in reasons["Cork talk"][0]
    assert "Outside the period" in reasons["Old talk"][0]
    speaking = next(t for t in picture.types if t.activity_type.slug == "speaking")
    assert (speaking.count, speaking.reach, speaking.not_counted) == (2, 110, 2)
    assert counted_activity_counts([dossier.pk], today=TODAY) == {dossier.pk: 5}


def test_a_future_date_does_not_count(dossier):
    ActivityFactory(dossier=dossier, title="Tomorrow", started_on=date(2026, 11, 29))
    picture = dossier_picture(dossier, today=TODAY)
    tomorrow = next(a for a in picture.activities if a.title == "Tomorrow")
    assert not tomorrow.standing.counts and "Dated in the future." in tomorrow.standing.reasons


def test_keys_match_profile_urls_by_date_and_others_by_url():
    forum, speaking = kind("forum-answers"), kind("speaking")
    march = activity_keys(activity_type=forum, url="https://f/u", title="A", started_on=date(2026, 3, 1))
    april = activity_keys(activity_type=forum, url="https://f/u", title="B", started_on=date(2026, 4, 1))
    assert not march & april
    talk = activity_keys(activity_type=speaking, url="https://x/t", title="A", started_on=date(2026, 3, 1))
    again = activity_keys(activity_type=speaking, url="https://x/t/", title="B", started_on=date(2026, 4, 1))
    assert talk & again


def figures(page: str, marker: str) -> dict[str, str]:
    """{type name: its counted number} from a page's table of totals per type (after ``marker``)."""
    table = page.split(marker)[1].split("</table>")[0]
    rows = re.findall(r'<th scope="row"[^>]*>([^<]+)</th><td class="(?:text-end|num)">(\d+)', table)
    return {name.strip(): count for name, count in rows}


def test_the_nominee_page_and_the_review_page_agree(client, lead, dossier):
    client.force_login(dossier.owner)
    nominee_page = client.get(reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk})).content.decode()
    client.force_login(lead)
    review_page = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert "5 of 7 counted" in nominee_page and "5 of 7 counted" in review_page
    on_the_nominee_page = figures(nominee_page, 'id="totals-heading"')
    on_the_review_page = figures(review_page, 'class="table table-sm type-totals"')
    assert (
        on_the_nominee_page
        == on_the_review_page
        == {
            "Speaking at a conference or user group": "2",
            "Forum answers (Microsoft or third-party forums)": "3",
        }
    )
    for reason in ("A repeat of “Dublin talk”", "Outside the period"):
        assert reason in nominee_page and reason in review_page


def test_the_picture_reads_each_type_and_area_once(dossier, django_assert_num_queries):
    """Activities of one type share one type object, read once for the dossier: a type
    joined to every row was built per activity, most of a large dossier's load time."""
    from mvp_portal.accounts.models import Expertise

    area = Expertise.objects.first()
    dossier.activities.update(expertise=area)
    with django_assert_num_queries(3):  # the activities with their provenance, their types, their areas
        picture = dossier_picture(dossier, today=TODAY)
    talks = [a for a in picture.activities if a.activity_type.slug == "speaking"]
    assert len(talks) >= 2 and all(a.activity_type is talks[0].activity_type for a in talks)
    assert {a.expertise for a in picture.activities} == {area}
