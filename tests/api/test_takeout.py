"""Take your data with you: the zip from the profile."""

import csv
import io
import json
import zipfile

import pytest

from awards.models import Award
from mvp_portal.accounts.models import OnlineIdentity
from nominations.models import Activity
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def open_zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="mvp-portal-data-')
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def test_everything_about_me_and_nothing_about_others(client, nominee, draft, submitted, outsider, expertise):
    OnlineIdentity.objects.create(user=nominee, kind="github", url="https://github.com/nico")
    ActivityFactory(dossier=draft, activity_type=draft.activities.get().activity_type, title='=HYPERLINK("x")')
    Award.objects.create(
        user=nominee,
        expertise=expertise,
        starts_on=submitted.award_date,
        ends_on=submitted.award_date.replace(year=2027),
        dossier=submitted,
    )
    client.force_login(nominee)
    archive = open_zip(client.get("/api/takeout/"))
    assert sorted(archive.namelist()) == ["contributions.csv", "online-identities.csv", "portal-data.json"]

    data = json.loads(archive.read("portal-data.json"))
    assert data["profile"]["email"] == nominee.email
    assert [i["Url"] for i in data["online_identities"]] == ["https://github.com/nico"]
    assert [d["id"] for d in data["dossiers"]] == [submitted.pk, draft.pk]
    assert data["dossiers"][0]["award_granted"]["expertise"] == expertise.name
    assert data["dossiers"][1]["award_granted"] is None
    contributions = [c for d in data["dossiers"] for c in d["contributions"]]
    assert {c["ContributionId"] for c in contributions} == set(
        Activity.objects.filter(dossier__owner=nominee).values_list("pk", flat=True)
    )
    first = contributions[0]
    assert {"ContributionType", "ContributionTechnology", "StartDate", "Visibility", "AnnualQuantity"} <= set(first)

    rows = list(csv.DictReader(io.StringIO(archive.read("contributions.csv").decode("utf-8-sig"))))
    assert len(rows) == 3
    assert '\'=HYPERLINK("x")' in [row["Title"] for row in rows]  # never a live formula in a spreadsheet
    assert outsider.email not in archive.read("portal-data.json").decode()


def test_someone_with_nothing_gets_an_empty_but_whole_archive(client, outsider):
    client.force_login(outsider)
    data = json.loads(open_zip(client.get("/api/takeout/")).read("portal-data.json"))
    assert data["dossiers"] == [] and data["awards"] == [] and data["online_identities"] == []


def test_the_profile_links_to_it(client, nominee):
    client.force_login(nominee)
    assert 'href="/api/takeout/"' in client.get("/accounts/profile/").content.decode()


def test_signed_out_is_sent_to_sign_in(client):
    assert client.get("/api/takeout/").status_code == 302
