"""Activity dates and links go through the kernel's validators, in the editor and in the CSV import."""

from django.urls import reverse

from nominations.forms import ActivityRowForm
from nominations.models import Activity
from tests.conftest import TODAY
from tests.factories import DossierFactory


def test_activity_form_refuses_year_one_and_ftp(client, activity_types):
    dossier = DossierFactory()
    client.force_login(dossier.owner)
    response = client.post(
        reverse("nominations:dossier-edit", kwargs={"pk": dossier.pk}),
        {
            "activity_type": next(t for t in activity_types if t.slug == "blog-post").pk,
            "title": "Old post",
            "started_on": "0001-01-01",
            "url": "ftp://files.example.org/post",
            "quantity": "1",
            "visibility": "public",
            "is_paid": "no",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "2000 or later" in page
    assert "https://" in page and "ftp://files.example.org/post" in page  # the message, and what was typed
    assert not Activity.objects.exists()


def test_csv_rows_refuse_year_one_and_ftp(activity_types):
    blog = next(t for t in activity_types if t.slug == "blog-post")
    row = {"title": "Old", "started_on": "1999-12-31", "url": "ftp://x.example.org/", "quantity": "1"}
    form = ActivityRowForm(row | {"visibility": "public", "is_paid": "no"}, today=TODAY, activity_type=blog)
    assert not form.is_valid()
    assert "started_on" in form.errors and "url" in form.errors
