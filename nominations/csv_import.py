"""Reading activities from a CSV file: the template, parsing and duplicates.

Nothing here writes: the view keeps the previewed rows in the session and
``services.activities_import`` saves them on confirmation.
"""

import codecs
import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.utils.datastructures import MultiValueDict

from mvp_portal.accounts.models import Expertise

from . import counting
from .models import ActivityType, Dossier

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024

# Column, what it holds (shown on the import page and in the template's example row).
COLUMNS: list[tuple[str, str]] = [
    ("type", "The activity type, by name or code (see the list below)"),
    ("title", "A short title"),
    ("date", "When it happened or started, YYYY-MM-DD"),
    ("end_date", "Optional: when it ended, YYYY-MM-DD"),
    ("url", "Public URL (required for some types)"),
    ("quantity", "How many (the type's first metric), at least 1"),
    ("second_quantity", "The type's second metric, if it has one"),
    ("reach", "The type's reach metric (views, attendees…), if it has one"),
    ("description", "Optional: what you did"),
    ("technology_area", "Optional: expertise name; blank means your dossier's"),
    ("visibility", "public or private (blank: public)"),
    ("paid", "yes or no (blank: no) — paid work is refused"),
]
HEADER = [name for name, _ in COLUMNS]
EXAMPLE = [
    "blog-post",
    "Running Windows containers on Azure",
    "2026-03-14",
    "",
    "https://blog.example.org/windows-containers",
    "1",
    "350",
    "4200",
    "A step-by-step guide with sample scripts",
    "",
    "public",
    "no",
]


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerow(EXAMPLE)
    return out.getvalue()


@dataclass
class PreviewRow:
    line: int
    values: dict[str, str]
    status: str = "ok"  # "ok", "error", "duplicate"
    errors: list[str] = field(default_factory=list)
    note: str = ""
    fields: dict | None = None  # serialisable, for activities_import
    activity_type: ActivityType | None = None


@dataclass
class Preview:
    rows: list[PreviewRow]
    problem: str = ""  # a problem with the whole file

    @property
    def ok_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.status == "ok"]

    @property
    def error_count(self) -> int:
        return sum(row.status == "error" for row in self.rows)

    @property
    def duplicate_count(self) -> int:
        return sum(row.status == "duplicate" for row in self.rows)


def _decode(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)  # "Unicode text" exports of spreadsheets
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("The file is not text: save it as CSV (UTF-8) from your spreadsheet.")


def preview(*, dossier: Dossier, raw: bytes, today: date) -> Preview:
    """Check every row as the activity form would, and find duplicates."""
    if len(raw) > MAX_BYTES:
        return Preview([], problem="The file is larger than 2 MB; split it into several files.")
    try:
        text = _decode(raw)
    except ValueError as exc:
        return Preview([], problem=str(exc))
    try:
        return _preview_rows(dossier=dossier, text=text, today=today)
    except csv.Error as exc:
        return Preview([], problem=f"The file could not be read as CSV ({exc}). Start from the template.")


def _preview_rows(*, dossier: Dossier, text: str, today: date) -> Preview:
    from .forms import ActivityRowForm

    # newline=None reads old Mac (\r), Windows and Unix line endings alike.
    reader = csv.DictReader(io.StringIO(text, newline=None))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in ("type", "title", "date") if name not in header]
    if missing:
        return Preview([], problem=f"The header row lacks the column(s) {', '.join(missing)}. Start from the template.")
    reader.fieldnames = header
    types = list(ActivityType.objects.filter(is_active=True))
    by_name = {}
    for activity_type in types:
        by_name[activity_type.slug.lower()] = activity_type
        by_name[activity_type.name.lower()] = activity_type
    expertises = {e.name.lower(): e for e in Expertise.objects.filter(is_active=True)}
    seen = set(counting.dossier_activity_keys(dossier))
    seen_in_file: dict[tuple, int] = {}
    rows: list[PreviewRow] = []
    for index, record in enumerate(reader):
        line = index + 2
        if index >= MAX_ROWS:
            return Preview(rows, problem=f"Only the first {MAX_ROWS} rows are read; split the file.")
        values = {name: (record.get(name) or "").strip() for name in HEADER}
        if not any(values.values()):
            continue
        row = PreviewRow(line=line, values=values)
        rows.append(row)
        errors = []
        activity_type = by_name.get(values["type"].lower())
        if activity_type is None:
            errors.append(f"type: “{values['type']}” is not an activity type.")
        expertise = None
        if values["technology_area"]:
            expertise = expertises.get(values["technology_area"].lower())
            if expertise is None:
                errors.append(f"technology_area: “{values['technology_area']}” is not a technology area.")
        paid = values["paid"].lower()
        if paid not in ("", "no", "n", "false", "0", "yes", "y", "true", "1"):
            errors.append("paid: answer yes or no.")
        visibility = values["visibility"].lower() or "public"
        data = MultiValueDict(
            {
                "title": [values["title"]],
                "started_on": [values["date"]],
                "ended_on": [values["end_date"]],
                "url": [values["url"]],
                "quantity": [values["quantity"] or "1"],
                "second_quantity": [values["second_quantity"]],
                "reach": [values["reach"]],
                "description": [values["description"]],
                "visibility": [visibility],
                "is_paid": ["yes" if paid in ("yes", "y", "true", "1") else "no"],
            }
        )
        form = ActivityRowForm(data, today=today, activity_type=activity_type, expertise=expertise)
        if not form.is_valid():
            for name, messages in form.errors.items():
                column = CSV_COLUMN_FOR.get(name, name)
                for message in messages:
                    errors.append(f"{column}: {message}" if name != "__all__" else message)
        if errors:
            row.status, row.errors = "error", errors
            continue
        cleaned = form.cleaned_data
        keys = counting.activity_keys(
            activity_type=cleaned["activity_type"],
            url=cleaned["url"],
            title=cleaned["title"],
            started_on=cleaned["started_on"],
        )
        if keys & seen:
            row.status, row.note = "duplicate", "Skipped: already in your dossier (same URL, or same title and date)."
            continue
        earlier = next((seen_in_file[key] for key in keys if key in seen_in_file), None)
        if earlier is not None:
            row.status, row.note = "duplicate", f"Skipped: same as line {earlier} of this file."
            continue
        for key in keys:
            seen_in_file[key] = line
        row.activity_type = cleaned["activity_type"]
        row.fields = {
            "activity_type_id": cleaned["activity_type"].pk,
            "title": cleaned["title"],
            "started_on": cleaned["started_on"].isoformat(),
            "ended_on": cleaned["ended_on"].isoformat() if cleaned["ended_on"] else None,
            "url": cleaned["url"],
            "description": cleaned["description"],
            "expertise_id": cleaned["expertise"].pk if cleaned["expertise"] else None,
            "quantity": cleaned["quantity"],
            "second_quantity": cleaned["second_quantity"],
            "reach": cleaned["reach"],
            "visibility": cleaned["visibility"],
            "is_paid": False,
        }
        outside = counting.outside_period_reason(
            started_on=cleaned["started_on"], ended_on=cleaned["ended_on"], dossier=dossier
        )
        row.note = f"Outside the period — not counted: {outside}" if outside else ""
    return Preview(rows)


CSV_COLUMN_FOR = {
    "activity_type": "type",
    "started_on": "date",
    "ended_on": "end_date",
    "expertise": "technology_area",
    "is_paid": "paid",
}
