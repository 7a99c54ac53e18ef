"""The dossier editor: adding, editing and deleting activities, and the rules."""

import re
from datetime import date

import pytest
from django.urls import reverse

from nominations.counting import dossier_picture
from nominations.models import Activity, ActivityType, Dossier
from nominations.services import dossier_return, dossier_submit
from tests.conftest import TODAY
from tests.factories import ActivityFactory, DossierFactory, UserFactory


@pytest.fixture
def dossier(db, expertise):
    """Draft; period 2025-11-28 .. 2026-11-28 (TODAY)."""
    return DossierFactory(owner=UserFactory(email="owner@example.org", country="IE"), expertise=expertise)


@pytest.fixture
def owner_client(client, dossier):
    client.force_login(dossier.owner)
    return client


def kind(slug: str) -> ActivityType:
    return ActivityType.objects.get(slug=slug)


def activity_data(**overrides) -> dict:
    data = {
        "activity_type": kind("speaking").pk,
        "title": "Containers on Azure at Dublin Tech Summit",
        "started_on": "2026-05-12",
        "ended_on": "",
        "url": "",
        "quantity": "1",
        "second_quantity": "",
        "reach": "250",
        "description": "A one-hour talk with demos.",
        "expertise": "",
        "visibility": "public",
        "is_paid": "no",
    }
    return data | overrides


def label_of(page: str, name: str) -> str:
    """The text of the label of field ``name`` (the first form on the page)."""
    match = re.search(rf'<label[^>]*for="id_{name}"[^>]*>\s*([^<*]+?)\s*<', page)
    return match.group(1) if match else ""


def edit_url(dossier) -> str:
    return reverse("nominations:dossier-edit", kwargs={"pk": dossier.pk})


def test_activity_types_are_seeded_with_labels(db):
    blog = kind("blog-post")
    assert (blog.quantity_label, blog.second_quantity_label, blog.reach_label) == (
        "Posts",
        "Subscribers",
        "Unique visitors",
    )
    assert blog.url_required
    assert kind("forum-answers").url_required and kind("open-source").url_required and kind("video").url_required
    assert not kind("speaking").url_required
    assert ActivityType.objects.count() >= 16


def test_activity_add_saved_at_once(owner_client, dossier):
    response = owner_client.post(edit_url(dossier), activity_data())
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.dossier == dossier and activity.reach == 250 and activity.second_quantity is None
    assert dossier.log_entries.filter(action="activity-added").exists()
    page = owner_client.get(response.url).content.decode()
    assert "Saved “Containers on Azure at Dublin Tech Summit”" in page
    # the next form keeps the type for quick entry
    assert f'<option value="{kind("speaking").pk}" selected>' in page


def test_activity_paid_refused_with_reason_and_typing_kept(owner_client, dossier):
    response = owner_client.post(edit_url(dossier), activity_data(is_paid="yes"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Paid work such as consulting does not count" in page
    assert "Containers on Azure at Dublin Tech Summit" in page and "A one-hour talk with demos." in page
    assert not Activity.objects.exists()


def test_activity_future_date_refused(owner_client, dossier):
    response = owner_client.post(edit_url(dossier), activity_data(started_on="2026-11-29"))
    assert "The date is in the future" in response.content.decode()
    assert not Activity.objects.exists()


def test_activity_end_before_start_refused(owner_client, dossier):
    response = owner_client.post(edit_url(dossier), activity_data(ended_on="2026-05-01"))
    assert "The end date is before the start date" in response.content.decode()
    assert not Activity.objects.exists()


def test_activity_url_required_for_blog_post(owner_client, dossier):
    response = owner_client.post(edit_url(dossier), activity_data(activity_type=kind("blog-post").pk))
    assert "A public URL is required" in response.content.decode()
    assert not Activity.objects.exists()


def test_activity_labels_follow_posted_type_after_failed_post(owner_client, dossier):
    blog = kind("blog-post")
    response = owner_client.post(edit_url(dossier), activity_data(activity_type=blog.pk, title=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert label_of(page, "quantity") == "Posts"
    assert label_of(page, "second_quantity") == "Subscribers"
    assert label_of(page, "reach") == "Unique visitors"


def test_activity_relabel_without_javascript_keeps_typing_and_saves_nothing(owner_client, dossier):
    response = owner_client.post(edit_url(dossier), activity_data(activity_type=kind("forum-answers").pk, _relabel="1"))
    page = response.content.decode()
    assert label_of(page, "quantity") == "Answers" and "Containers on Azure at Dublin Tech Summit" in page
    assert "is required" not in page
    assert not Activity.objects.exists()


def test_activity_out_of_period_marked_and_not_counted(owner_client, dossier):
    owner_client.post(edit_url(dossier), activity_data(started_on="2025-06-01", title="Old talk", reach="999"))
    owner_client.post(edit_url(dossier), activity_data(title="New talk", reach="10"))
    assert Activity.objects.count() == 2
    page = owner_client.get(reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk})).content.decode()
    assert "Not counted." in page and "Outside the period" in page
    assert "before the period starts on 28 November 2025" in page
    totals = page.split('id="totals-heading"')[1].split("</table>")[0]
    assert "Attendees: 10" in totals and "999" not in totals
    assert "1 of 2 counted" in page


def test_activity_spanning_into_period_counted(dossier):
    ActivityFactory(dossier=dossier, started_on=date(2025, 1, 1), ended_on=date(2026, 2, 1))
    picture = dossier_picture(dossier, today=TODAY)
    assert picture.counted_count == 1 and picture.activities[0].standing.counts


def test_activity_edit_saves_changes(owner_client, dossier):
    activity = ActivityFactory(dossier=dossier, activity_type=kind("speaking"), url="")
    url = reverse("nominations:activity-edit", kwargs={"pk": activity.pk})
    page = owner_client.get(url).content.decode()
    assert label_of(page, "quantity") == "Talks" and label_of(page, "reach") == "Attendees"
    assert label_of(page, "second_quantity") == "Not used for this type"
    response = owner_client.post(url, activity_data(title="Renamed talk"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Renamed talk"


def test_activity_delete_confirmation_then_gone_for_good(owner_client, dossier):
    activity = ActivityFactory(dossier=dossier)
    url = reverse("nominations:activity-delete", kwargs={"pk": activity.pk})
    assert "Delete it" in owner_client.get(url).content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()  # a GET deletes nothing
    assert owner_client.post(url).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert dossier.log_entries.filter(action="activity-deleted").exists()
    assert owner_client.post(url).status_code == 404


def test_activity_of_other_person_is_404(client, dossier):
    activity = ActivityFactory(dossier=dossier)
    client.force_login(UserFactory())
    assert client.get(reverse("nominations:activity-edit", kwargs={"pk": activity.pk})).status_code == 404
    assert client.post(reverse("nominations:activity-delete", kwargs={"pk": activity.pk})).status_code == 404
    assert client.post(edit_url(dossier), activity_data()).status_code == 404
    assert Activity.objects.count() == 1


# Submission and the lock ---------------------------------------------------
def test_submit_summary_then_locked(owner_client, dossier, lead):
    ActivityFactory(dossier=dossier)
    url = reverse("nominations:dossier-submit", kwargs={"pk": dossier.pk})
    page = owner_client.get(url).content.decode()
    assert "Submit my dossier" in page and "1 activity will be counted" in page
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.DRAFT  # the summary changes nothing
    assert owner_client.post(url).status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.SUBMITTED


def test_submitted_dossier_not_editable_by_owner_until_returned(owner_client, dossier, lead):
    activity = ActivityFactory(dossier=dossier, title="Before submission")
    dossier_submit(dossier_id=dossier.pk, actor=dossier.owner, today=TODAY)
    response = owner_client.get(edit_url(dossier))
    assert response.status_code == 403
    assert "locked" in response.content.decode()
    # the refusal leads back to the dossier, not only to the home page
    detail = reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk})
    assert f'href="{detail}">See my dossier</a>' in response.content.decode()
    # forged POSTs
    assert owner_client.post(edit_url(dossier), activity_data()).status_code == 403
    edit = reverse("nominations:activity-edit", kwargs={"pk": activity.pk})
    assert owner_client.post(edit, activity_data(title="Changed after")).status_code == 403
    assert owner_client.post(reverse("nominations:activity-delete", kwargs={"pk": activity.pk})).status_code == 403
    assert owner_client.post(reverse("nominations:dossier-submit", kwargs={"pk": dossier.pk})).status_code == 403
    assert list(Activity.objects.values_list("title", flat=True)) == ["Before submission"]
    # the dossier page says it is locked
    page = owner_client.get(reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk})).content.decode()
    assert "locked" in page and "Edit activities" not in page
    # returned: editable again, the message shown
    dossier_return(dossier_id=dossier.pk, actor=lead, message="Please add your forum answers.")
    page = owner_client.get(edit_url(dossier)).content.decode()
    assert "Please add your forum answers." in page
    assert owner_client.post(edit, activity_data(title="Changed after")).status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Changed after"


# Who sees what ----------------------------------------------------------------
def test_nominee_sees_only_own_dossiers(client, dossier, expertise):
    other = DossierFactory(expertise=expertise)
    ActivityFactory(dossier=other, title="Not yours")
    client.force_login(dossier.owner)
    page = client.get(reverse("nominations:dossier-list")).content.decode()
    assert reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk}) in page
    assert reverse("nominations:dossier-detail", kwargs={"pk": other.pk}) not in page
    assert client.get(reverse("nominations:dossier-detail", kwargs={"pk": other.pk})).status_code == 404


def test_dossier_deadline_in_program_and_own_time_zone(client, dossier, settings):
    settings.PROGRAM_TIME_ZONE = "Europe/Dublin"
    dossier.owner.time_zone = "America/New_York"
    dossier.owner.save()
    client.force_login(dossier.owner)
    Dossier.objects.filter(pk=dossier.pk).update(award_date=date(2027, 4, 1))
    page = client.get(reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk})).content.decode()
    # 2027-04-01 award, deadline 2027-02-18 23:59:59 Dublin (winter, UTC+0) = 18:59:59 New York
    assert "deadline ends at 23:59:59 Europe/Dublin" in page
    assert "18 February 2027, 23:59:59" in page
    assert "America/New_York): 18 February 2027, 18:59:59" in page


def test_dossier_month_bars_use_css_classes(client, dossier):
    ActivityFactory.create_batch(4, dossier=dossier, started_on=date(2026, 6, 1))
    ActivityFactory(dossier=dossier, started_on=date(2026, 7, 1))
    client.force_login(dossier.owner)
    page = client.get(reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk})).content.decode()
    assert "nom-bar nom-w-100" in page and "nom-bar nom-w-25" in page
    assert "style=" not in page


def test_home_attention_for_nominee_draft(client, dossier):
    client.force_login(dossier.owner)
    page = client.get(reverse("home")).content.decode()
    # Its own date's deadline (20 November) has passed: a new draft goes to the next open date.
    assert "Your new dossier is a draft" in page and "Submit it by 18 February 2027" in page


def test_activity_form_hides_unused_metrics_only_for_chosen_type(owner_client, dossier):
    page = owner_client.get(edit_url(dossier)).content.decode()
    assert "nom-metric-unused" not in page  # no type chosen yet: every metric is offered
    page = owner_client.get(edit_url(dossier) + "?type=mentorship").content.decode()
    assert label_of(page, "quantity") == "Mentees"
    assert label_of(page, "second_quantity") == "Mentorship activities"  # the legacy AnnualQuantity
    assert page.count("nom-metric-unused") == 1  # no reach


def test_renewal_dossier_uses_the_same_editor(client, expertise, lead, clock):
    from tests.factories import AwardFactory

    mvp = UserFactory(country="IE")
    AwardFactory(user=mvp, expertise=expertise, starts_on=date(2026, 1, 1))
    renewal = DossierFactory(
        owner=mvp,
        kind=Dossier.Kind.RENEWAL,
        expertise=expertise,
        award_date=date(2027, 1, 1),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    client.force_login(mvp)
    assert client.post(edit_url(renewal), activity_data()).status_code == 302
    assert renewal.activities.count() == 1
    page = client.get(reverse("nominations:dossier-detail", kwargs={"pk": renewal.pk})).content.decode()
    assert "My renewal dossier" in page
    # Before the renewal's submission deadline (2026-11-20).
    clock.move_to("2026-11-15 12:00Z")
    client.post(reverse("nominations:dossier-submit", kwargs={"pk": renewal.pk}))
    renewal.refresh_from_db()
    assert renewal.state == Dossier.State.SUBMITTED
    client.force_login(lead)
    assert client.get(reverse("nominations:dossier-detail", kwargs={"pk": renewal.pk})).status_code == 200


def test_deadline_passed_moves_a_new_draft_and_warns_a_renewal(owner_client, dossier, clock):
    detail = reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk})
    clock.move_to("2026-11-20 12:00Z")
    page = owner_client.get(detail).content.decode()
    assert "has passed" not in page and "20 November 2026" in page
    clock.move_to("2026-11-21 12:00Z")
    page = owner_client.get(detail).content.decode()
    assert "submitted now, your dossier is evaluated for 1 April 2027" in page
    assert "18 February 2027" in page and "The submission deadline for this award date has passed" not in page
    Dossier.objects.filter(pk=dossier.pk).update(kind=Dossier.Kind.RENEWAL, nomination=None)
    page = owner_client.get(detail).content.decode()
    assert "The submission deadline for this award date has passed" in page


def test_activity_copy_prefills_add_form_without_date(owner_client, dossier):
    source = ActivityFactory(
        dossier=dossier, activity_type=kind("user-group"), title="Cork meetup, monthly", reach=45, url=""
    )
    page = owner_client.get(edit_url(dossier) + f"?copy={source.pk}").content.decode()
    assert 'value="Cork meetup, monthly"' in page
    assert 'value="45"' in page
    assert label_of(page, "quantity") == "Meetings"
    assert 'name="started_on" value=' not in page  # a new date is typed
    other = ActivityFactory(title="Someone else's")
    page = owner_client.get(edit_url(dossier) + f"?copy={other.pk}").content.decode()
    assert "Someone else" not in page


def test_the_dossier_says_how_its_period_is_chosen(owner_client, dossier):
    page = owner_client.get(reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk})).content.decode()
    assert "How the period is chosen: a new dossier documents the 12 months before the day you submit it" in page


def test_a_renewal_past_its_deadline_offers_no_submit_button(owner_client, dossier, clock):
    Dossier.objects.filter(pk=dossier.pk).update(kind=Dossier.Kind.RENEWAL, nomination=None)
    submit = reverse("nominations:dossier-submit", kwargs={"pk": dossier.pk})
    clock.move_to("2026-11-21 12:00Z")
    page = owner_client.get(submit).content.decode()
    assert "The submission deadline for this award date has passed" in page
    assert "can no longer be submitted" in page and "Submit my dossier</button>" not in page
