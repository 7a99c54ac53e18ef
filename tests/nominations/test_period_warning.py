"""At entry: an activity dated outside its dossier's period is kept and flagged beside its
date (counting's rule), the form carries the period for the live warning of the static
script, and paid work is no longer offered as a choice."""

import re

import pytest
from django.urls import reverse

from nominations.models import Activity
from tests.factories import ActivityFactory
from tests.nominations.test_dossier_editor import activity_data, dossier, edit_url, kind, owner_client  # noqa: F401

pytestmark = pytest.mark.django_db


def _warning(page: str) -> re.Match:
    return re.search(r"<p [^>]*data-period-warning[^>]*>([^<]*)</p>", page)


def test_an_activity_from_2019_is_kept_and_flagged_beside_its_date(owner_client, dossier):  # noqa: F811
    response = owner_client.post(edit_url(dossier), activity_data(started_on="2019-05-12", title="Old talk"))
    activity = Activity.objects.get(title="Old talk")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("nominations:activity-edit", kwargs={"pk": activity.pk}))
    page = owner_client.get(response["Location"]).content.decode()
    warning = _warning(page)
    assert warning is not None and " hidden" not in warning.group(0)
    assert "Outside the period — not counted" in warning.group(1)
    assert "before the period starts on 28 November 2025" in warning.group(1)
    # The warning sits right after the date fields, before the URL.
    assert page.index('name="started_on"') < warning.start() < page.index('name="url"')
    assert "Saved “Old talk”." in page


def test_editing_a_date_out_of_the_period_flags_it_and_back_in_clears_it(owner_client, dossier):  # noqa: F811
    activity = ActivityFactory(dossier=dossier, activity_type=kind("speaking"), started_on=dossier.period_end)
    url = reverse("nominations:activity-edit", kwargs={"pk": activity.pk})
    assert " hidden" in _warning(owner_client.get(url).content.decode()).group(0)
    response = owner_client.post(url, activity_data(started_on="2019-01-10"), follow=True)
    assert "Outside the period — not counted" in _warning(response.content.decode()).group(1)
    response = owner_client.post(url, activity_data(started_on="2026-05-12"))
    assert response["Location"].startswith(edit_url(dossier))
    assert " hidden" in _warning(owner_client.get(url).content.decode()).group(0)


def test_the_form_carries_the_period_for_the_live_warning(owner_client, dossier):  # noqa: F811
    page = owner_client.get(edit_url(dossier)).content.decode()
    warning = _warning(page).group(0)
    assert f'data-period-start="{dossier.period_start.isoformat()}"' in warning
    assert f'data-period-end="{dossier.period_end.isoformat()}"' in warning
    assert 'data-period-start-label="28 November 2025"' in warning
    assert "<script>" not in page.split("</header>", 1)[-1].replace('<script src="', "")


def test_paid_work_is_not_offered_and_the_form_says_it_does_not_count(owner_client, dossier):  # noqa: F811
    page = owner_client.get(edit_url(dossier)).content.decode()
    assert "Yes — paid" not in page and 'name="is_paid"' not in page
    assert "paid work, such as consulting, does not count" in page
    data = activity_data()
    del data["is_paid"]
    owner_client.post(edit_url(dossier), data)
    assert Activity.objects.get().is_paid is False


def test_a_page_from_before_that_says_paid_is_still_refused(owner_client, dossier):  # noqa: F811
    response = owner_client.post(edit_url(dossier), activity_data(is_paid="yes"))
    assert response.status_code == 400
    assert "Paid work such as consulting does not count" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_csv_preview_names_types_and_warns_per_row_outside_the_period(owner_client, dossier):  # noqa: F811
    from tests.nominations.test_csv_import import row, upload

    rows = [row(type="blog-post", title="Post", url="https://me.example.org/p"), row(title="Old", date="2019-03-01")]
    rows.append(row(type="blog-post", title="No URL"))  # an error row names its type too
    page = upload(owner_client, dossier, rows).content.decode()
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    cells = re.findall(r'<th scope="row">(\d+)</th><td>(.*?)</td>', body)
    shown = {line: re.sub(r"<[^>]+>", " ", cell) for line, cell in cells}
    assert shown["2"].startswith("Blog or website post") and "in the file: blog-post" in shown["2"]
    assert shown["4"].startswith("Blog or website post")
    assert shown["3"].startswith("Speaking")
    old = body[body.index('<th scope="row">3</th>') : body.index('<th scope="row">4</th>')]
    assert "Outside the period — not counted" in old
    assert "Outside the period" not in body[body.index('<th scope="row">2</th>') : body.index('<th scope="row">3</th>')]
