"""Bulk entry from a CSV file: template, preview with row errors, duplicates, confirmation."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nominations.csv_import import HEADER
from nominations.models import Activity, ActivityType
from tests.conftest import TODAY
from tests.factories import ActivityFactory, DossierFactory, UserFactory


@pytest.fixture
def dossier(db, expertise):
    return DossierFactory(owner=UserFactory(country="IE"), expertise=expertise)


@pytest.fixture
def owner_client(client, dossier):
    client.force_login(dossier.owner)
    return client


def csv_file(rows: list[dict]) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return SimpleUploadedFile("activities.csv", out.getvalue().encode("utf-8"), content_type="text/csv")


def row(**values) -> dict:
    return {"type": "speaking", "title": "A talk", "date": "2026-04-02", "quantity": "1", "reach": "80"} | values


def upload(client, dossier, rows):
    return client.post(reverse("nominations:dossier-import", kwargs={"pk": dossier.pk}), {"file": csv_file(rows)})


def confirm(client, dossier):
    return client.post(reverse("nominations:dossier-import-confirm", kwargs={"pk": dossier.pk}))


def test_csv_template_has_the_columns(owner_client):
    response = owner_client.get(reverse("nominations:activity-csv-template"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0].split(",") == HEADER
    assert lines[1].startswith("blog-post,")


def test_csv_template_example_row_imports(owner_client, dossier):
    template = owner_client.get(reverse("nominations:activity-csv-template")).content
    response = owner_client.post(
        reverse("nominations:dossier-import", kwargs={"pk": dossier.pk}),
        {"file": SimpleUploadedFile("t.csv", template, content_type="text/csv")},
    )
    assert "1 row will be added" in response.content.decode()


def test_csv_preview_reports_row_errors_and_saves_nothing(owner_client, dossier):
    existing = ActivityFactory(dossier=dossier, title="Already here", url="https://blog.example.org/already")
    rows = [
        row(title="Good talk"),  # line 2
        row(title="Paid gig", paid="yes"),  # line 3
        row(title="Future talk", date="2027-01-05"),  # line 4
        row(type="no-such-type", title="Mystery"),  # line 5
        row(type="blog-post", title="Blog without URL"),  # line 6
        row(title="Bad date", date="05/04/2026"),  # line 7
        row(title="Different title", url="https://blog.example.org/already/"),  # line 8: same URL as the dossier
        row(title="Already here", date=existing.started_on.isoformat()),  # line 9: same title and date
        row(title="Good talk"),  # line 10: same as line 2
        row(title="Old talk", date="2025-01-10"),  # line 11: outside the period, imported with a note
        row(type="Blog or website post", title="Blog post", url="https://me.example.org/p", second_quantity="40"),
    ]
    response = upload(owner_client, dossier, rows)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview — nothing is saved yet" in page
    assert "3 rows will be added" in page
    assert "5 have errors" in page
    assert "3 duplicates will be skipped" in page
    assert "Paid work such as consulting does not count" in page
    assert "date: The date is in the future" in page
    assert "type: “no-such-type” is not an activity type." in page
    assert "type: This field is required" not in page
    assert "url: A public URL is required" in page
    assert "date: Enter the date as YYYY-MM-DD" in page
    assert "Skipped: already in your dossier" in page
    assert "Skipped: same as line 2 of this file." in page
    assert "Outside the period — not counted" in page
    assert Activity.objects.filter(dossier=dossier).count() == 1  # nothing saved by the preview

    response = confirm(owner_client, dossier)
    assert response.status_code == 302
    titles = set(Activity.objects.filter(dossier=dossier).values_list("title", flat=True))
    assert titles == {"Already here", "Good talk", "Old talk", "Blog post"}
    blog = Activity.objects.get(title="Blog post")
    assert blog.activity_type == ActivityType.objects.get(slug="blog-post") and blog.second_quantity == 40
    assert dossier.log_entries.filter(action="activities-imported").exists()
    # the previewed rows are used once
    confirm(owner_client, dossier)
    assert Activity.objects.filter(dossier=dossier).count() == 4


def test_csv_confirm_skips_rows_added_since_preview(owner_client, dossier):
    upload(owner_client, dossier, [row(title="Talk one")])
    ActivityFactory(dossier=dossier, title="Talk one", started_on=date(2026, 4, 2))
    confirm(owner_client, dossier)
    assert Activity.objects.filter(title="Talk one").count() == 1


def test_csv_without_required_columns_refused(owner_client, dossier):
    bad = SimpleUploadedFile("x.csv", b"name,when\nx,y\n", content_type="text/csv")
    response = owner_client.post(reverse("nominations:dossier-import", kwargs={"pk": dossier.pk}), {"file": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "its header row matches none of the layouts we know (it lacks type, title, date)" in page


def test_csv_import_into_submitted_dossier_refused(owner_client, dossier, lead):
    from nominations.services import dossier_submit

    upload(owner_client, dossier, [row()])
    dossier_submit(dossier_id=dossier.pk, actor=dossier.owner, today=TODAY)
    assert confirm(owner_client, dossier).status_code == 403
    assert not Activity.objects.exists()


def test_a_refused_file_leaves_no_earlier_preview_to_confirm(owner_client, dossier):
    upload(owner_client, dossier, [row(title="Seen in the first preview")])
    too_long = SimpleUploadedFile("big.csv", b"type,title,date\n" + b"x" * (3 * 1024 * 1024), content_type="text/csv")
    response = owner_client.post(reverse("nominations:dossier-import", kwargs={"pk": dossier.pk}), {"file": too_long})
    assert response.status_code == 400 and "larger than 2 MB" in response.content.decode()
    confirm(owner_client, dossier)
    assert not Activity.objects.filter(dossier=dossier).exists()


def test_an_upload_is_kept_only_up_to_the_cap_while_it_streams(owner_client, dossier, monkeypatch):
    from nominations import csv_import, file_import

    seen = {}
    original = csv_import.preview

    def spy(*, dossier, raw, today):
        seen["kept"] = raw
        return original(dossier=dossier, raw=raw, today=today)

    monkeypatch.setattr(csv_import, "preview", spy)
    big = SimpleUploadedFile("big.csv", b"type,title,date\n" + b"x" * (20 * 1024 * 1024), content_type="text/csv")
    response = owner_client.post(reverse("nominations:dossier-import", kwargs={"pk": dossier.pk}), {"file": big})
    assert response.status_code == 400 and "larger than 2 MB" in response.content.decode()
    assert len(seen["kept"]) == file_import.MAX_BYTES + 1
    handler = file_import.CappedUploadHandler()
    assert handler.receive_data_chunk(b"x" * 65536, start=file_import.MAX_BYTES + 1) is None
    assert handler.receive_data_chunk(b"x" * 65536, start=0) == b"x" * 65536


def test_the_upload_cap_keeps_the_csrf_check(dossier, expertise):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(dossier.owner)
    url = reverse("nominations:dossier-import", kwargs={"pk": dossier.pk})
    response = strict.post(url, {"file": csv_file([row()])})
    assert response.status_code == 403


def test_the_import_says_what_it_did_in_the_nominees_language(owner_client, dossier):
    ActivityFactory(dossier=dossier, title="A talk", started_on=date(2026, 4, 2), url="")
    upload(owner_client, dossier, [row(title="A talk"), row(title="Another talk", date="2026-05-02")])
    response = owner_client.post(
        reverse("nominations:dossier-import-confirm", kwargs={"pk": dossier.pk}),
        {"import_duplicate": []},
        HTTP_ACCEPT_LANGUAGE="de",
        follow=True,
    )
    said = [str(message) for message in response.context["messages"]]
    assert said == ["1 Aktivität importiert."]
