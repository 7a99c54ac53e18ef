"""Importing activities from a file: our template, the preview of any accepted format, and duplicates.

Nothing here writes: the view keeps the previewed rows in the session and
``services.activities_import`` saves them on confirmation.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import counting, file_import, legacy
from .file_import import MAX_BYTES, MAX_ROWS
from .models import ActivityType, Dossier

__all__ = ["COLUMNS", "EXAMPLE", "HEADER", "MAX_BYTES", "MAX_ROWS", "Preview", "PreviewRow", "preview", "template_csv"]

# Column, what it holds (shown on the import page). The column names and the values
# "public", "private", "yes", "no" are the file's own words: they stay as they are.
COLUMNS: list[tuple[str, str]] = [
    ("type", gettext_lazy("The activity type, by name or code (see the list below)")),
    ("title", gettext_lazy("A short title")),
    ("date", gettext_lazy("When it happened or started, YYYY-MM-DD")),
    ("end_date", gettext_lazy("Optional: when it ended, YYYY-MM-DD")),
    ("url", gettext_lazy("Public URL (required for some types)")),
    ("quantity", gettext_lazy("How many (the type's first metric), at least 1")),
    ("second_quantity", gettext_lazy("The type's second metric, if it has one")),
    ("reach", gettext_lazy("The type's reach metric (views, attendees…), if it has one")),
    ("description", gettext_lazy("Optional: what you did")),
    ("technology_area", gettext_lazy("Optional: expertise name; blank means your dossier's")),
    ("visibility", gettext_lazy("public or private (blank: public)")),
    ("paid", gettext_lazy("yes or no (blank: no) — paid work is refused")),
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
    values: dict[str, str]  # what the row says: type, title, date, as written
    status: str = "ok"  # "ok", "error", "duplicate"
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what was changed or left out, row by row
    note: str = ""
    outside: bool = False  # outside the dossier's period: imported only if the nominee keeps it
    fields: dict | None = None  # serialisable, for activities_import
    activity_type: ActivityType | None = None


@dataclass
class Preview:
    rows: list[PreviewRow]
    problem: str = ""  # a problem with the whole file
    format: str = ""  # what the file was recognised as
    notes: list[str] = field(default_factory=list)  # about the whole file
    unit: str = "line"

    @property
    def ok_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.status == "ok"]

    @property
    def error_count(self) -> int:
        return sum(row.status == "error" for row in self.rows)

    @property
    def duplicate_count(self) -> int:
        return sum(row.status == "duplicate" for row in self.rows)

    @property
    def duplicate_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.status == "duplicate"]

    def session_rows(self) -> list[dict]:
        """What the confirmation needs: the rows to add, and the duplicates the nominee may add anyway."""
        return [
            dict(row.fields, outside=row.outside, duplicate=row.status == "duplicate", line=row.line)
            for row in self.rows
            if row.fields is not None and row.status in ("ok", "duplicate")
        ]

    @property
    def outside_count(self) -> int:
        return sum(row.outside for row in self.ok_rows)

    @property
    def warning_count(self) -> int:
        return sum(bool(row.warnings) for row in self.rows)


def preview(*, dossier: Dossier, raw: bytes, today: date) -> Preview:
    """Check every record of the file as the activity form would, with warnings, and find duplicates."""
    parsed = file_import.read(raw)
    if parsed.problem:
        return Preview([], problem=parsed.problem)
    result = Preview([], format=parsed.format, notes=parsed.notes, unit=parsed.unit)
    vocabulary = legacy.LegacyVocabulary.load()
    seen = set(counting.dossier_activity_keys(dossier))
    seen_in_file: dict[tuple, int] = {}
    for line, record in parsed.records:
        if parsed.kind == file_import.TEMPLATE:
            row, data = _template_row(line, record, vocabulary)
        else:
            row, data = _legacy_row(line, record, vocabulary)
        result.rows.append(row)
        if data is not None:
            _check(row, data, dossier=dossier, today=today, seen=seen, seen_in_file=seen_in_file, unit=parsed.unit)
    if not result.rows:
        result.problem = _("%(format)s, but it holds no activity.") % {"format": _capitalised(parsed.format)}
    return result


def _capitalised(text: str) -> str:
    return _("This is %(format)s") % {"format": text}


def _template_row(line: int, record: dict, vocabulary: legacy.LegacyVocabulary) -> tuple[PreviewRow, dict | None]:
    values = {name: (record.get(name) or "").strip() for name in HEADER}
    row = PreviewRow(line=line, values=values, warnings=list(record.get(file_import.WARNINGS, [])))
    errors = []
    activity_type = vocabulary.activity_type(values["type"]) if values["type"] else None
    if activity_type is None or not activity_type.is_active:
        errors.append(_("type: “%(type)s” is not an activity type.") % {"type": values["type"]})
        activity_type = None
    expertise = None
    if values["technology_area"]:
        expertise = vocabulary.expertise(values["technology_area"])
        if expertise is None or not expertise.is_active:
            expertise = None
            row.warnings.append(
                _("Technology area “%(area)s” was not found; the dossier's expertise is used.")
                % {"area": values["technology_area"]}
            )
    paid = values["paid"].lower()
    if paid not in ("", "no", "n", "false", "0", "yes", "y", "true", "1"):
        errors.append(_("paid: answer yes or no."))
    numbers = {"quantity": values["quantity"], "second_quantity": values["second_quantity"], "reach": values["reach"]}
    if activity_type is not None:
        for name in ("second_quantity", "reach"):
            label_field = ActivityType.METRIC_FIELDS[name]
            if numbers[name] and not getattr(activity_type, label_field):
                row.warnings.append(
                    _("%(column)s %(value)s was left out: the type “%(type)s” has no such number.")
                    % {"column": name, "value": numbers[name], "type": activity_type.local_name}
                )
                numbers[name] = ""
    if numbers["quantity"] in ("", "0"):
        label = activity_type.quantity_label if activity_type else "quantity"
        row.warnings.append(
            _("%(label)s was %(value)s; it was set to 1, the least an activity counts.")
            % {"label": label, "value": numbers["quantity"] or _("not given")}
        )
        numbers["quantity"] = "1"
    if errors:
        row.status, row.errors = "error", errors
    data = {
        "activity_type": activity_type,
        "expertise": expertise,
        "title": values["title"],
        "started_on": values["date"],
        "ended_on": values["end_date"],
        "url": values["url"],
        "description": values["description"],
        "visibility": values["visibility"].lower() or "public",
        "is_paid": "yes" if paid in ("yes", "y", "true", "1") else "no",
        **numbers,
    }
    return row, data


def _legacy_row(line: int, record: dict, vocabulary: legacy.LegacyVocabulary) -> tuple[PreviewRow, dict | None]:
    shown = record.get(file_import.SHOWN, {})
    row = PreviewRow(line=line, values=dict(shown), warnings=list(record.get(file_import.WARNINGS, [])))
    if record.get("__not_object__"):
        row.status, row.errors = "error", [_("This item is not an activity (not an object).")]
        return row, None
    contribution = {k: v for k, v in record.items() if not k.startswith("__")}
    fields, warnings = legacy.contribution_from_legacy(contribution, vocabulary=vocabulary)
    errors = []
    activity_type = fields["activity_type"]
    if activity_type is None and warnings:
        # Without a type there is no activity: the mapping module's first warning (the type's) is this row's error.
        errors.append(warnings.pop(0))
    row.warnings.extend(warnings)
    if activity_type is not None and not activity_type.is_active:
        errors.append(_("The type “%(type)s” is no longer offered.") % {"type": activity_type.local_name})
        activity_type = None
    if activity_type is None and not errors:
        errors.append(_("No contribution type was given."))
    started = fields["started_on"]
    raw_date = contribution.get("StartDate")
    if started is not None:
        row.values["date"] = started.isoformat()
    elif isinstance(raw_date, str) and raw_date.strip():
        # Said once, as an error: the mapping module's warning about the same value goes.
        row.warnings = [warning for warning in row.warnings if raw_date.strip() not in warning]
        errors.append(_("date: “%(value)s” is not a date we can read.") % {"value": raw_date.strip()})
    if errors:
        row.status, row.errors = "error", errors
    expertise = fields["expertise"]
    if expertise is not None and not expertise.is_active:
        row.warnings.append(
            _("Technology area “%(area)s” is no longer offered; the dossier's expertise is used.")
            % {"area": expertise.local_name}
        )
        expertise = None

    def number(value):
        return "" if value is None else str(value)

    data = {
        "activity_type": activity_type,
        "expertise": expertise,
        "title": fields["title"],
        "started_on": started.isoformat() if started else "",
        "ended_on": "",
        "url": fields["url"],
        "description": fields["description"],
        "visibility": fields["visibility"],
        "is_paid": "no",
        "quantity": number(fields["quantity"]),
        "second_quantity": number(fields["second_quantity"]),
        "reach": number(fields["reach"]),
    }
    return row, data


def _check(row: PreviewRow, data: dict, *, dossier: Dossier, today: date, seen: set, seen_in_file: dict, unit: str):
    """Validate one row as the activity form would; then duplicates and the period."""
    from .forms import ActivityRowForm

    form = ActivityRowForm(
        MultiValueDict({name: [value] for name, value in data.items() if name not in ("activity_type", "expertise")}),
        today=today,
        activity_type=data["activity_type"],
        expertise=data["expertise"],
    )
    row.activity_type = data["activity_type"]  # the preview names the type, even on a row with errors
    if not form.is_valid():
        for name, messages in form.errors.items():
            column = CSV_COLUMN_FOR.get(name, name)
            for message in messages:
                if name in ("activity_type", "started_on") and row.errors:
                    continue  # a missing type or unreadable date is already said, in the file's words
                row.errors.append(f"{column}: {message}" if name != "__all__" else message)
    if row.errors:
        row.status = "error"
        return
    cleaned = form.cleaned_data
    keys = counting.activity_keys(
        activity_type=cleaned["activity_type"],
        url=cleaned["url"],
        title=cleaned["title"],
        started_on=cleaned["started_on"],
    )
    earlier = next((seen_in_file[key] for key in keys if key in seen_in_file), None)
    if keys & seen:
        row.status = "duplicate"
        row.note = _("Skipped: already in your dossier (same URL, or same title and date).")
    elif earlier is not None:
        row.status = "duplicate"
        unit_name = file_import.UNITS.get(unit, unit)
        row.note = _("Skipped: same as %(unit)s %(number)s of this file.") % {"unit": unit_name, "number": earlier}
    else:
        for key in keys:
            seen_in_file[key] = row.line
    # A duplicate keeps its fields: the nominee may import it anyway.
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
    if outside:
        row.outside = True
        row.note = _("Outside the period — not counted: %(reason)s") % {"reason": outside}


CSV_COLUMN_FOR = {
    "activity_type": "type",
    "started_on": "date",
    "ended_on": "end_date",
    "expertise": "technology_area",
    "is_paid": "paid",
}
