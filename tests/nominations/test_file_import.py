"""Importing activities from the files community tools write: detection by content, one preview, warnings.

Fixtures in ``tests/fixtures/imports`` (README there says where each shape comes from).
"""

import codecs
import csv
import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mvp_portal.accounts.models import Expertise
from nominations import csv_import
from nominations.csv_import import HEADER
from nominations.legacy_data import LEGACY_AREAS, LEGACY_TYPES, listed_in_2022
from nominations.models import Activity, ActivityType
from tests.conftest import TODAY
from tests.factories import ActivityFactory, DossierFactory, UserFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


@pytest.fixture
def dossier(db, expertise):
    return DossierFactory(owner=UserFactory(country="IE"), expertise=expertise)


@pytest.fixture
def owner_client(client, dossier):
    client.force_login(dossier.owner)
    return client


def preview_of(dossier, raw: bytes):
    return csv_import.preview(dossier=dossier, raw=raw, today=TODAY)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def template_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def row(**values) -> dict:
    return {"type": "speaking", "title": "A talk", "date": "2026-04-02", "quantity": "1", "reach": "80"} | values


def by_title(preview) -> dict:
    return {r.values["title"]: r for r in preview.rows}


def slug(row) -> str:
    return ActivityType.objects.get(pk=row.fields["activity_type_id"]).slug


def every_row_says_why(preview) -> None:
    for r in preview.rows:
        if r.status != "ok":
            assert r.errors or r.note, r


# Each format ------------------------------------------------------------------------------------------------------
def test_powershell_bulk_upload_csv(dossier):
    preview = preview_of(dossier, fixture("powershell-bulk-upload.csv"))
    assert preview.format == "MVP PowerShell module bulk-upload CSV" and not preview.problem
    rows = by_title(preview)
    assert {r.status for r in preview.rows} == {"ok"}
    blog = rows["Automating Azure with PowerShell"]
    assert slug(blog) == "blog-post" and blog.fields["visibility"] == "public"
    assert (blog.fields["quantity"], blog.fields["second_quantity"], blog.fields["reach"]) == (1, 120, 900)
    assert blog.fields["expertise_id"] == Expertise.objects.get(name="PowerShell").pk
    # Mentorship: AnnualReach is the mentees (our first number), AnnualQuantity the mentoring activities.
    mentoring = rows["Mentoring new speakers"]
    assert slug(mentoring) == "mentorship" and mentoring.fields["visibility"] == "private"
    assert (mentoring.fields["quantity"], mentoring.fields["second_quantity"]) == (6, 4)
    assert mentoring.fields["started_on"] == "2026-04-02"  # yyyy/MM/dd as the module writes it
    assert slug(rows["PowerShell user group"]) == "user-group"
    # A number the type has no place for is said, not dropped silently.
    assert rows["A moderated thread"].fields["reach"] is None
    assert any("AnnualReach 500 was left out" in w for w in rows["A moderated thread"].warnings)


def test_monthly_forum_entries_sharing_a_profile_url_are_not_duplicates(dossier):
    preview = preview_of(dossier, fixture("powershell-bulk-upload.csv"))
    rows = by_title(preview)
    assert rows["Forum answers in June"].status == rows["Forum answers in July"].status == "ok"
    assert ActivityType.objects.get(slug="forum-answers").url_is_profile


def test_profile_url_on_the_same_date_is_a_duplicate(dossier):
    forum = "forum-answers"
    url = "https://learn.example.com/profile/me"
    raw = template_csv(
        [
            row(type=forum, title="June answers", date="2026-06-30", url=url, quantity="20", reach=""),
            row(type=forum, title="July answers", date="2026-07-31", url=url, quantity="25", reach=""),
            row(type=forum, title="July again", date="2026-07-31", url=url, quantity="25", reach=""),
        ]
    )
    rows = by_title(preview_of(dossier, raw))
    assert rows["June answers"].status == rows["July answers"].status == "ok"
    assert rows["July again"].status == "duplicate" and "same as line 3" in rows["July again"].note


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("get-mvpcontribution.json", "a list, as ConvertTo-Json writes it"),
        ("contributions-envelope.json", "the API's answer"),
    ],
)
def test_legacy_api_json(dossier, name, shape):
    preview = preview_of(dossier, fixture(name))
    assert shape in preview.format
    rows = by_title(preview)
    assert len(rows) == 3 and {r.status for r in preview.rows} == {"ok"}
    talk = rows["Automate all the things"]
    assert slug(talk) == "speaking" and talk.fields["reach"] == 350 and talk.fields["visibility"] == "public"
    assert talk.values["date"] == "2026-03-14"
    assert any("Additional technology areas ignored" in w for w in talk.warnings)
    mentoring = rows["Mentoring DBAs"]
    assert (mentoring.fields["quantity"], mentoring.fields["second_quantity"]) == (5, 3)
    # "Azure SQL (…)\u00a0" with the API's trailing non-breaking space; nulls in URL and description.
    assert mentoring.fields["expertise_id"] == Expertise.objects.get(name="Azure SQL").pk
    assert mentoring.fields["url"] == "" and mentoring.fields["description"] == ""
    article = rows["Query store deep dive"]
    assert article.fields["visibility"] == "private"  # MVP Community is not public
    assert any("SecondAnnualQuantity 7 was left out" in w for w in article.warnings)


def test_legacy_json_in_utf16_with_bom_and_crlf_is_the_fixture():
    raw = fixture("get-mvpcontribution.json")
    assert raw.startswith(codecs.BOM_UTF16_LE) and "\r\n" in raw.decode("utf-16")


def test_single_legacy_contribution(dossier):
    preview = preview_of(dossier, fixture("single-contribution.json"))
    assert preview.format == "MVP API contribution JSON (a single contribution)"
    assert [r.values["title"] for r in preview.ok_rows] == ["Automate all the things"]


def test_selmvp_csv(dossier):
    preview = preview_of(dossier, fixture("selmvp.csv"))
    assert preview.format == "SelMVP CSV"
    first, second = preview.rows
    assert first.status == second.status == "ok"
    assert first.fields["started_on"] == "2026-03-05"  # dd/MM/yyyy, never a warning: the tool always writes it so
    assert second.fields["started_on"] == "2026-04-28"
    assert slug(first) == "article" and (first.fields["quantity"], first.fields["reach"]) == (1, 1500)
    assert any("Networking" in w for w in first.warnings)  # the second area is said to be ignored
    assert not any("could be day/month" in w for r in preview.rows for w in r.warnings)


def test_contributions_yml(dossier):
    preview = preview_of(dossier, fixture("contributions.yml"))
    assert preview.format == "mvp-contributions YAML (contributions.yml)"
    rows = by_title(preview)
    video = rows["CloudFormation or Terraform?"]
    assert slug(video) == "video" and (video.fields["quantity"], video.fields["reach"]) == (1, 932)
    assert any("Javascript/Typescript, Node.js" in w for w in video.warnings)
    mentoring = rows["Mentoring students"]
    assert (mentoring.fields["quantity"], mentoring.fields["second_quantity"]) == (9, 2)  # numberOfMentee


def test_portal_activities_json(dossier):
    preview = preview_of(dossier, fixture("portal-activities.json"))
    assert preview.format == "MVP portal activities JSON"
    rows = by_title(preview)
    stream = rows["Live coding with PowerShell"]
    assert slug(stream) == "video" and stream.fields["reach"] == 450 and stream.fields["visibility"] == "public"
    assert any("livestreamviews 120" in w for w in stream.warnings)
    assert any("Azure Arc" in w for w in stream.warnings)  # additional area ignored; the primary one repeated is not
    keynote = rows["Keynote at a community day"]
    assert slug(keynote) == "speaking" and keynote.fields["visibility"] == "private"
    assert keynote.fields["expertise_id"] is None
    assert any("“No Such Area” was not found; the dossier's expertise is used" in w for w in keynote.warnings)
    assert any("The end date 2026-07-12 was not read" in w for w in keynote.warnings)
    assert not any("end date" in w for w in stream.warnings)  # dateEnd the same day: nothing to say


def test_mvp_companion_like_csv(dossier):
    preview = preview_of(dossier, fixture("mvp-companion.csv"))
    assert preview.format == "MVP Companion or MVP API CSV"
    rows = by_title(preview)
    ambiguous = rows["Ambiguous date post"]
    # 25/03/2026 elsewhere in the file says day first; 03/02 is still flagged.
    assert ambiguous.fields["started_on"] == "2026-02-03"
    assert any("could be day/month or month/day" in w for w in ambiguous.warnings)
    assert ambiguous.fields["visibility"] == "public"  # 299600000
    clear = rows["Clear date post"]
    assert clear.fields["started_on"] == "2026-03-25" and clear.fields["visibility"] == "private"
    assert clear.fields["quantity"] == 1 and any("raised to 1" in w for w in clear.warnings)


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_of_the_template_columns(dossier):
    raw = xlsx(
        [
            HEADER,
            ["speaking", "Talk with a real date", datetime(2026, 4, 2), None, None, 1, None, 80],
            ["speaking", "Talk with a serial date", 46114, None, None, 1, None, 90],
            ["Blog/Website Post", "Post", "2026-05-01", None, "https://blog.example.org/p", 1, 40, 200],
        ]
    )
    preview = preview_of(dossier, raw)
    assert preview.format == "our Excel workbook template" and not preview.problem
    rows = by_title(preview)
    assert rows["Talk with a real date"].fields["started_on"] == "2026-04-02"
    serial = rows["Talk with a serial date"]
    assert serial.fields["started_on"] == "2026-04-02"
    assert any("Excel serial number" in w for w in serial.warnings)
    assert slug(rows["Post"]) == "blog-post" and rows["Post"].fields["second_quantity"] == 40


def test_powershell_csv_as_xlsx(dossier):
    with (FIXTURES / "powershell-bulk-upload.csv").open(newline="") as handle:
        table = list(csv.reader(handle))
    preview = preview_of(dossier, xlsx(table))
    assert preview.format == "MVP PowerShell module bulk-upload Excel workbook"
    assert len(preview.ok_rows) == 6


# The defects of the template import --------------------------------------------------------------------------------
def test_template_recognises_all_24_legacy_type_names(dossier):
    names = [legacy.name for legacy in LEGACY_TYPES if legacy.id and listed_in_2022(legacy.seen_in)]
    assert len(names) == 24
    rows = [
        row(type=name, title=f"Activity {i}", url=f"https://example.org/{i}", quantity="1", reach="")
        for i, name in enumerate(names)
    ]
    preview = preview_of(dossier, template_csv(rows))
    not_recognised = [r.values["type"] for r in preview.rows if any("is not an activity type" in e for e in r.errors)]
    assert not_recognised == []


def test_template_recognises_the_legacy_technology_areas(dossier):
    areas = [area.name for area in LEGACY_AREAS if area.id and listed_in_2022(area.seen_in)]
    assert len(areas) == 118
    rows = [row(title=f"Talk {i}", technology_area=name + "\u00a0") for i, name in enumerate(areas)]
    preview = preview_of(dossier, template_csv(rows))
    not_found = [r.values["technology_area"] for r in preview.rows if any("was not found" in w for w in r.warnings)]
    assert not_found == []
    assert all(r.fields and r.fields["expertise_id"] for r in preview.rows)


def test_template_mentorship_keeps_its_own_columns(dossier):
    # In our template the columns are ours: quantity is the mentees, second_quantity the activities.
    raw = template_csv([row(type="Mentorship", title="Mentoring", quantity="6", second_quantity="4", reach="")])
    (mentoring,) = preview_of(dossier, raw).rows
    assert (mentoring.fields["quantity"], mentoring.fields["second_quantity"]) == (6, 4)


def test_template_metric_the_type_lacks_is_a_warning(dossier):
    raw = template_csv([row(type="forum-moderator", title="Moderation", quantity="3", reach="500")])
    (moderation,) = preview_of(dossier, raw).rows
    assert moderation.status == "ok" and moderation.fields["reach"] is None
    assert any("reach 500 was left out" in w for w in moderation.warnings)


def test_template_unknown_area_falls_back_with_a_warning(dossier):
    (talk,) = preview_of(dossier, template_csv([row(technology_area="Quantum Knitting")])).rows
    assert talk.status == "ok" and talk.fields["expertise_id"] is None
    assert any("“Quantum Knitting” was not found" in w for w in talk.warnings)


def test_template_columns_not_read_are_named(dossier):
    raw = b"type,title,date,quantity,colour\nspeaking,A talk,2026-04-02,1,blue\n"
    preview = preview_of(dossier, raw)
    assert any("colour" in note for note in preview.notes)


# Files that are not activities ---------------------------------------------------------------------------------------
def _zip(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return out.getvalue()


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"", "The file is empty."),
        (b"   \r\n", "The file is empty."),
        (b'{"name": "a package", "version": "1.0"}', "This is a JSON file, but not one we know."),
        (b"[1, 2, 3]", "This is a JSON file, but not one we know."),
        (b'{"Contributions": [', "This looks like a JSON file, but it could not be read"),
        (b"name: my-app\nversion: 2\n", "This is a YAML file, but not one we know."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "This is a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is an image (PNG)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Office file"),
        (_zip(["word/document.xml"]), "This is a Word document"),
        (_zip(["notes.txt"]), "This is a ZIP archive"),
        (_zip(["xl/workbook.xml"]), "This is an Excel workbook, but it could not be read"),
        (b"PK\x03\x04garbage", "damaged ZIP or Excel file"),
        (bytes(range(256)) * 4, "This is not a text file"),
        (b"<html><body>hello</body></html>", "This is an HTML or XML file"),
        (b"just some words\nand more words\n", "This is a text file, but not in a format we know."),
        (b"name,when\nx,y\n", "This is a CSV file, but its header row matches none of the layouts we know"),
    ],
)
def test_files_that_are_not_activities_are_named(dossier, raw, says):
    preview = preview_of(dossier, raw)
    assert says in preview.problem
    assert "The header row lacks" not in preview.problem
    if raw.strip() and len(raw) < 2_000_000:
        assert "We accept:" in preview.problem


def test_huge_file_refused(dossier):
    assert "larger than 2 MB" in preview_of(dossier, b"type,title,date\n" + b"x" * (3 * 1024 * 1024)).problem


def test_every_row_not_imported_says_why(dossier):
    ActivityFactory(dossier=dossier, title="Already", url="https://example.org/already")
    items = [
        {"ContributionType": "No Such Type", "Title": "Unknown type", "StartDate": "2026-04-01"},
        {"ContributionType": "Article", "Title": "", "StartDate": "2026-04-01"},
        {"ContributionType": "Article", "Title": "Bad date", "StartDate": "sometime"},
        {"ContributionType": "Article", "Title": "No date"},
        {"ContributionType": "Article", "Title": "Future", "StartDate": "2027-05-01"},
        {
            "ContributionType": "Article",
            "Title": "Dup",
            "StartDate": "2026-04-01",
            "ReferenceUrl": "https://example.org/already",
        },
        "not an object",
        None,
    ]
    preview = preview_of(dossier, json.dumps(items).encode())
    assert preview.ok_rows == []
    every_row_says_why(preview)
    rows = by_title(preview)
    assert rows["Unknown type"].errors == ["“No Such Type” is not a contribution type the portal knows."]
    assert rows["Bad date"].errors == ["date: “sometime” is not a date we can read."]
    assert "Skipped: already in your dossier" in rows["Dup"].note


# Through the page ----------------------------------------------------------------------------------------------------
def upload(client, dossier, name: str, raw: bytes):
    url = reverse("nominations:dossier-import", kwargs={"pk": dossier.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, raw, content_type="application/octet-stream")})


def confirm(client, dossier, **data):
    return client.post(reverse("nominations:dossier-import-confirm", kwargs={"pk": dossier.pk}), data)


def test_legacy_json_through_the_page(owner_client, dossier):
    # The name says .txt: the content decides.
    response = upload(owner_client, dossier, "export.txt", fixture("get-mvpcontribution.json"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Read as: MVP API contributions JSON (a list, as ConvertTo-Json writes it)." in page
    assert "3 rows will be added" in page
    assert "Warning: SecondAnnualQuantity 7 was left out" in page
    confirm(owner_client, dossier)
    mentoring = Activity.objects.get(dossier=dossier, title="Mentoring DBAs")
    assert (mentoring.quantity, mentoring.second_quantity) == (5, 3)
    assert Activity.objects.filter(dossier=dossier).count() == 3


def test_json_that_is_not_ours_through_the_page(owner_client, dossier):
    response = upload(owner_client, dossier, "activities.csv", b'{"hello": "world"}')
    page = response.content.decode()
    assert response.status_code == 400
    assert "This is a JSON file, but not one we know." in page
    assert "lacks the column" not in page


def test_rows_outside_the_period_left_out_with_one_click(owner_client, dossier):
    raw = template_csv([row(title="In the period"), row(title="Long ago", date="2025-01-10")])
    page = upload(owner_client, dossier, "a.csv", raw).content.decode()
    assert "Leave out the 1 row outside the period" in page
    confirm(owner_client, dossier, leave_out_outside="1")
    assert list(Activity.objects.filter(dossier=dossier).values_list("title", flat=True)) == ["In the period"]


def test_rows_outside_the_period_kept_by_default(owner_client, dossier):
    raw = template_csv([row(title="In the period"), row(title="Long ago", date="2025-01-10")])
    upload(owner_client, dossier, "a.csv", raw)
    confirm(owner_client, dossier)
    assert Activity.objects.filter(dossier=dossier).count() == 2


def test_the_template_still_imports_as_before(owner_client, dossier):
    raw = template_csv([row(title="A talk", date=date(2026, 4, 2).isoformat())])
    assert "1 row will be added" in upload(owner_client, dossier, "a.csv", raw).content.decode()


def test_yaml_alias_bomb_is_not_expanded(dossier):
    lines = ["- type: Other", "  props:", "    a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"    a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines += ["    title: *a9", "    date: 2026-04-01", "    annualQuantity: *a9", "    description: *a9"]
    preview = preview_of(dossier, "\n".join(lines).encode())
    (other,) = preview.rows
    assert other.status == "error"  # no title
    assert "“a9: …” was not read: the type has no such field." in other.warnings
    assert "“annualQuantity: …” was not read: the type has no such field." in other.warnings


def test_a_duplicate_can_be_imported_anyway(owner_client, dossier):
    ActivityFactory(dossier=dossier, title="Talk", url="https://example.org/talk", started_on=date(2026, 4, 2))
    raw = template_csv(
        [
            row(title="Talk again", url="https://example.org/talk"),  # line 2: same URL as the dossier's
            row(title="Same day twin", date="2026-05-05"),  # line 3
            row(title="Same day twin", date="2026-05-05"),  # line 4: same as line 3
            row(title="Kept apart", url="https://example.org/apart"),  # line 5: same URL, left a duplicate
            row(title="Kept apart too", url="https://example.org/apart"),  # line 6
        ]
    )
    page = upload(owner_client, dossier, "a.csv", raw).content.decode()
    assert page.count('name="import_duplicate"') == 3
    confirm(owner_client, dossier, import_duplicate=["2", "4"])
    titles = sorted(Activity.objects.filter(dossier=dossier).values_list("title", flat=True))
    assert titles == ["Kept apart", "Same day twin", "Same day twin", "Talk", "Talk again"]


def test_contributions_yml_with_a_comma_in_its_first_line(dossier):
    raw = b"# my talks, videos and posts\n" + fixture("contributions.yml")
    preview = preview_of(dossier, raw)
    assert preview.format == "mvp-contributions YAML (contributions.yml)" and len(preview.ok_rows) == 2


def test_mvp_companion_like_xlsx(dossier):
    with (FIXTURES / "mvp-companion.csv").open(newline="") as handle:
        table = list(csv.reader(handle, delimiter=";"))
    table[1][0] = datetime(2026, 2, 3)  # a real date cell: no day/month guess
    table[2][0] = 46106  # a date cell that lost its format: 2026-03-25
    preview = preview_of(dossier, xlsx(table))
    assert preview.format == "MVP Companion or MVP API Excel workbook"
    rows = by_title(preview)
    assert rows["Ambiguous date post"].fields["started_on"] == "2026-02-03"
    assert not any("could be day/month" in w for w in rows["Ambiguous date post"].warnings)
    assert rows["Clear date post"].fields["started_on"] == "2026-03-25"
    assert any("Excel serial number" in w for w in rows["Clear date post"].warnings)


def test_workbook_of_an_unknown_layout_is_named(dossier):
    problem = preview_of(dossier, xlsx([["name", "when"], ["x", "y"]])).problem
    assert problem.startswith("This is an Excel workbook, but its header row matches none of the layouts we know")


def test_legacy_columns_not_read_are_named_once(dossier):
    with (FIXTURES / "powershell-bulk-upload.csv").open(newline="") as handle:
        table = list(csv.reader(handle))
    table[0].append("ContributionId")
    for line in table[1:]:
        line.append("1453001")
    preview = preview_of(dossier, xlsx(table))
    assert preview.notes == ["Column not read: ContributionId."]
    assert not any("ContributionId" in w for r in preview.rows for w in r.warnings)
