"""Reading an uploaded activities file, whatever tool wrote it: what it is, and its records.

``read(raw)`` tells the format from the bytes (not the file name) and returns
records in one of two vocabularies:

- ``TEMPLATE``: dicts keyed by our CSV template's columns (``csv_import.HEADER``),
  from our CSV template or an XLSX of the same columns;
- ``LEGACY``: dicts shaped like a 2017–2022 MVP API contribution (``StartDate``,
  ``ContributionType``, ``AnnualQuantity``…), which ``legacy.contribution_from_legacy``
  maps onto our vocabulary. Every community format is translated into this
  shape here; the mapping of names, ids and numbers stays in ``legacy``.

Each record carries the warnings its reading produced (an ambiguous day/month,
an Excel serial date, a column not read) under ``WARNINGS``. Nothing here
touches the database; every failure is a ``Parsed.problem`` sentence naming
what the file is, never an exception.
"""

import codecs
import csv
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mvp_portal.accounts.vocabulary import name_key

from . import legacy

MAX_BYTES = 2 * 1024 * 1024


class CappedUploadHandler(FileUploadHandler):
    """Keeps no more of an upload than ``MAX_BYTES`` and one chunk: the rest is
    read from the connection and dropped, so a 300 MB file is never held in
    memory nor written to disk whole, and what is kept is enough for the preview
    to say the file is too large. First in ``request.upload_handlers``, set
    before the request's body is read."""

    def receive_data_chunk(self, raw_data, start):
        return raw_data if start <= MAX_BYTES else None

    def file_complete(self, file_size):
        return None


MAX_ROWS = 2000
# An XLSX is a ZIP: its unpacked size is capped too (a small file can unpack to gigabytes).
MAX_XLSX_UNPACKED = 20 * 1024 * 1024
MAX_COLUMNS = 60  # the widest known layout has 12

TEMPLATE = "template"
LEGACY = "legacy"
WARNINGS = "__warnings__"
SHOWN = "__shown__"  # what the preview shows for the row: type, title, date as written

# What the upload page lists as accepted.
ACCEPTED = [
    gettext_lazy("our CSV template, or an Excel workbook (.xlsx) with the same columns"),
    gettext_lazy("an MVP API JSON export (Get-MVPContribution | ConvertTo-Json, or the API's answer), UTF-8 or UTF-16"),
    gettext_lazy(
        "the MVP PowerShell module's bulk-upload CSV (startdate, title, …, ContributionType, ContributionTechnology)"
    ),
    gettext_lazy("an MVP Companion export (CSV or XLSX)"),
    gettext_lazy("a SelMVP CSV (Date, Title, URL, Description, the portal's metric labels, Area, ContributionArea)"),
    gettext_lazy("an mvp-contributions contributions.yml"),
    gettext_lazy(
        "an activities JSON export of the MVP portal (activityTypeName, date, technologyFocusArea, quantity, reach…)"
    ),
]


@dataclass
class Parsed:
    format: str = ""  # the format's name, for the person importing
    kind: str = ""  # TEMPLATE or LEGACY
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (line or item number, record)
    problem: str = ""  # why nothing can be read
    notes: list[str] = field(default_factory=list)  # about the whole file (columns not read, rows cut off)
    unit: str = "line"  # what the numbers count: "line" (CSV), "row" (XLSX) or "item" (JSON, YAML)


def accepted_text() -> str:
    return _("We accept: %(list)s.") % {"list": "; ".join(str(item) for item in ACCEPTED)}


def _refuse(what: str, *, why: str = "") -> Parsed:
    text = what + (" " + why if why else "") + " " + accepted_text()
    return Parsed(problem=text.strip())


# Bytes to text ----------------------------------------------------------------------------------------------------
_MAGIC = [
    (b"%PDF", gettext_lazy("This is a PDF document, not a list of activities.")),
    (b"\xd0\xcf\x11\xe0", gettext_lazy("This is an old Office file (.xls or .doc): save it as .xlsx or CSV.")),
    (b"\x89PNG", gettext_lazy("This is an image (PNG), not a list of activities.")),
    (b"\xff\xd8\xff", gettext_lazy("This is an image (JPEG), not a list of activities.")),
    (b"GIF8", gettext_lazy("This is an image (GIF), not a list of activities.")),
    (b"\x1f\x8b", gettext_lazy("This is a compressed (gzip) file: unpack it first.")),
]


def _decode(raw: bytes) -> str | None:
    """The text of ``raw``, or None when it is not text in any encoding a spreadsheet or PowerShell writes."""
    if raw.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)  # PowerShell 5's Out-File and Excel's "Unicode text"
    elif len(raw) >= 4 and raw[1] == 0 and raw[3] == 0 and raw[0] != 0:
        encodings = ("utf-16-le",)  # UTF-16 without its byte-order mark
    elif len(raw) >= 4 and raw[0] == 0 and raw[2] == 0 and raw[1] != 0:
        encodings = ("utf-16-be",)
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            return None
        return text.lstrip("\ufeff")
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f\v")
    return controls > max(2, len(sample) // 100)


def read(raw: bytes) -> Parsed:
    """What the file is and its records; ``problem`` says why not when it cannot be read."""
    if not raw.strip():
        return _refuse(_("The file is empty."))
    if len(raw) > MAX_BYTES:
        return Parsed(problem=_("The file is larger than 2 MB; split it into several files."))
    if raw.startswith(b"PK\x03\x04"):
        return _read_zip(raw)
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            return _refuse(str(what))
    text = _decode(raw)
    if text is None:
        return _refuse(_("This is not a text file, nor an Excel workbook."))
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        return _read_json(stripped)
    if stripped.startswith("<"):
        return _refuse(_("This is an HTML or XML file, not a list of activities."))
    # A table first; but a YAML file whose first line has a comma is not a CSV of an unknown layout.
    as_table = _read_csv(text)
    if as_table is not None and not as_table.problem:
        return as_table
    as_yaml = _read_yaml(text)
    if as_yaml is not None and not as_yaml.problem:
        return as_yaml
    return as_table or as_yaml or _refuse(_("This is a text file, but not in a format we know."))


# Tables: CSV and XLSX ---------------------------------------------------------------------------------------------
def _delimiter(first_line: str) -> str | None:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else None


def _read_csv(text: str) -> Parsed | None:
    """Records of a CSV in a known layout; a refusal for a CSV of an unknown one; None if it is not a table."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    delimiter = _delimiter(lines[0])
    if delimiter is None:
        return None
    try:
        rows = list(csv.reader(io.StringIO(text, newline=None), delimiter=delimiter))
    except csv.Error as exc:
        return _refuse(_("This looks like a CSV file, but it could not be read as CSV (%(error)s).") % {"error": exc})
    return _read_table(rows, what=_("CSV"), unit="line")


def _read_zip(raw: bytes) -> Parsed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return _refuse(_("This is a damaged ZIP or Excel file."))
    if "xl/workbook.xml" not in names:
        if any(name.startswith("word/") for name in names):
            return _refuse(_("This is a Word document, not a list of activities."))
        return _refuse(_("This is a ZIP archive: unpack it and upload the file inside."))
    if unpacked > MAX_XLSX_UNPACKED:
        return Parsed(problem=_("The workbook is too large once unpacked; split it into several files."))
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # Not the dimensions the file declares (a workbook can claim A1:XFD1048576): the cells it has.
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
        rows = []
        for index, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)):
            if index > MAX_ROWS + 1:
                break
            rows.append(list(row))
        workbook.close()
    except Exception:  # openpyxl raises many kinds of error on a damaged workbook
        return _refuse(_("This is an Excel workbook, but it could not be read (damaged or protected)."))
    return _read_table(rows, what=_("Excel workbook"), unit="row")


# What the record numbers count, as the preview names them.
UNITS = {"line": gettext_lazy("line"), "row": gettext_lazy("row"), "item": gettext_lazy("item")}

# Our template's columns; the legacy ones by what they mean (headers matched after name_key).
_TEMPLATE_COLUMNS = {
    "type",
    "title",
    "date",
    "enddate",
    "url",
    "quantity",
    "secondquantity",
    "reach",
    "description",
    "technologyarea",
    "visibility",
    "paid",
}
# Legacy field -> the headers the community tools gave it (after name_key).
_LEGACY_HEADERS = {
    "StartDate": ("startdate", "date", "dateofactivity", "activitydate", "contributiondate"),
    "Title": ("title", "titleofactivity", "contributiontitle"),
    "Description": ("description",),
    "ReferenceUrl": ("referenceurl", "url", "link", "contributionurl"),
    "AnnualQuantity": ("annualquantity", "quantity"),
    "SecondAnnualQuantity": ("secondannualquantity", "secondquantity"),
    "AnnualReach": ("annualreach", "reach"),
    "Visibility": ("visibility", "sharingpreference", "visibilityid"),
    "ContributionType": ("contributiontype", "contributiontypename", "type", "area", "contributiontypeid"),
    "ContributionTechnology": (
        "contributiontechnology",
        "technology",
        "contributionarea",
        "contributiontechnologyname",
        "primarycontributionarea",
        "technologyarea",
    ),
    "AdditionalTechnologies": (
        "additionaltechnologies",
        "secondcontributionarea",
        "thirdcontributionarea",
        "secondarycontributionarea",
        "additionaltechnologyareas",
    ),
}


def _legacy_columns(header_keys: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for legacy_field, names in _LEGACY_HEADERS.items():
        for index, key in enumerate(header_keys):
            if key in names and not any(index in used for used in found.values()):
                found.setdefault(legacy_field, []).append(index)
                if legacy_field != "AdditionalTechnologies":
                    break
    return found


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def _read_table(rows: list[list[Any]], *, what: str, unit: str) -> Parsed:
    # The header is the first non-empty row.
    start = next((i for i, row in enumerate(rows) if any(_cell(v) not in (None, "") for v in row)), None)
    if start is None:
        return _refuse(_("The file is empty."))
    header = ["" if v is None else str(_cell(v)) for v in rows[start]]
    keys = [name_key(h) for h in header]
    body = [(start + offset + 2, row) for offset, row in enumerate(rows[start + 1 :])]
    key_set = set(keys)
    # SelMVP names the type "Area" and its metrics by the portal's labels.
    if {"date", "title", "area", "contributionarea"} <= key_set:
        return _legacy_table(header, keys, body, fmt=_("SelMVP %(what)s") % {"what": what}, unit=unit, dmy=True)
    if {"type", "title", "date"} <= key_set:
        return _template_table(header, keys, body, fmt=_("our %(what)s template") % {"what": what}, unit=unit)
    columns = _legacy_columns(keys)
    if {"StartDate", "Title", "ContributionType"} <= set(columns):
        # The PowerShell module's own header, word for word (MultipleEntries.csv); anything looser is another tool's.
        if {"startdate", "referenceurl", "annualquantity", "contributiontechnology"} <= {h.casefold() for h in header}:
            fmt = _("MVP PowerShell module bulk-upload %(what)s") % {"what": what}
        else:
            fmt = _("MVP Companion or MVP API %(what)s") % {"what": what}
        return _legacy_table(header, keys, body, fmt=fmt, unit=unit, dmy=None)
    missing = [name for name in ("type", "title", "date") if name not in key_set]
    noun = _("a CSV file") if unit == "line" else _("an Excel workbook")
    return _refuse(
        _("This is %(noun)s, but its header row matches none of the layouts we know (it lacks %(missing)s).")
        % {"noun": noun, "missing": ", ".join(missing)}
    )


def _capped(parsed: Parsed, count: int) -> Parsed:
    if count > MAX_ROWS:
        parsed.notes.append(
            _("Only the first %(max)s rows are read; the other %(rest)s are not: split the file.")
            % {"max": MAX_ROWS, "rest": count - MAX_ROWS}
        )
    return parsed


def _unread_columns(header: list[str], used: set[int]) -> list[str]:
    return [name for index, name in enumerate(header) if index not in used and name.strip()]


def _template_table(header, keys, body, *, fmt: str, unit: str) -> Parsed:
    from .csv_import import HEADER

    parsed = Parsed(format=fmt, kind=TEMPLATE, unit=unit)
    positions = {key: keys.index(key) for key in _TEMPLATE_COLUMNS if key in keys}
    unread = _unread_columns(header, set(positions.values()))
    if unread:
        parsed.notes.append(
            ngettext(
                "Column not read (not in the template): %(names)s.",
                "Columns not read (not in the template): %(names)s.",
                len(unread),
            )
            % {"names": ", ".join(unread)}
        )
    count = 0
    for line, row in body:
        if not any(_cell(v) not in (None, "") for v in row):
            continue
        count += 1
        if count > MAX_ROWS:
            continue
        record: dict[str, Any] = {}
        warnings: list[str] = []
        for name in HEADER:
            index = positions.get(name_key(name))
            value = _cell(row[index]) if index is not None and index < len(row) else None
            # Our template's dates are YYYY-MM-DD; only a cell that lost its date format is read here.
            if name in ("date", "end_date") and (not isinstance(value, str) or re.fullmatch(r"\d{5}", value)):
                value, warning = _table_date(value, column=name, dmy=None)
                if warning:
                    warnings.append(warning)
            record[name] = _as_text(value)
        record[WARNINGS] = warnings
        parsed.records.append((line, record))
    return _capped(parsed, count)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _legacy_table(header, keys, body, *, fmt: str, unit: str, dmy: bool | None) -> Parsed:
    parsed = Parsed(format=fmt, kind=LEGACY, unit=unit)
    columns = _legacy_columns(keys)
    used = {index for indexes in columns.values() for index in indexes}
    # The web portal's metric labels ("Number of Views") are read per row, by the row's type; other columns not at all.
    metric_columns = [i for i, key in enumerate(keys) if i not in used and legacy.is_legacy_metric_label(header[i])]
    unread = _unread_columns(header, used | set(metric_columns))
    if unread:
        parsed.notes.append(
            ngettext("Column not read: %(names)s.", "Columns not read: %(names)s.", len(unread))
            % {"names": ", ".join(unread)}
        )
    certain = dmy is not None
    if dmy is None:
        dmy = _day_first([row[columns["StartDate"][0]] for _line, row in body if columns["StartDate"][0] < len(row)])
    count = 0
    for line, row in body:
        if not any(_cell(v) not in (None, "") for v in row):
            continue
        count += 1
        if count > MAX_ROWS:
            continue

        def get(legacy_field: str, row=row) -> Any:
            indexes = columns.get(legacy_field) or []
            return _cell(row[indexes[0]]) if indexes and indexes[0] < len(row) else None

        warnings: list[str] = []
        record: dict[str, Any] = {name: get(name) for name in _LEGACY_HEADERS if name != "AdditionalTechnologies"}
        record["AdditionalTechnologies"] = [
            _cell(row[i]) for i in columns.get("AdditionalTechnologies", []) if i < len(row) and _cell(row[i])
        ]
        started, warning = _table_date(
            record["StartDate"], column=header[columns["StartDate"][0]], dmy=dmy, certain=certain
        )
        if warning:
            warnings.append(warning)
        record["StartDate"] = started
        # The web portal's field labels as headers: each to the legacy number that label is for this type.
        for index in metric_columns:
            value = _cell(row[index]) if index < len(row) else None
            if value in (None, ""):
                continue
            metric = legacy.legacy_metric_for_label(record["ContributionType"], header[index])
            if metric and record.get(metric) in (None, ""):
                record[metric] = value
            else:
                warnings.append(
                    _("Column “%(column)s” (%(value)s) was not read: the type has no such number.")
                    % {"column": header[index], "value": _as_text(value)}
                )
        record[WARNINGS] = warnings
        record[SHOWN] = {
            "type": _as_text(record["ContributionType"]),
            "title": _as_text(record["Title"]),
            "date": _as_text(started) if isinstance(started, date) else _as_text(started),
        }
        parsed.records.append((line, record))
    return _capped(parsed, count)


# Dates --------------------------------------------------------------------------------------------------------------
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ T].*)?")
EXCEL_EPOCH = date(1899, 12, 30)


def _day_first(values: list[Any]) -> bool:
    """Whether the file writes the day first: its unambiguous dates (25/12 or 12/25) decide; day first if none."""
    for value in values:
        match = _NUMERIC_DATE.fullmatch(str(_cell(value) or ""))
        if match:
            first, second = int(match[1]), int(match[2])
            if first > 12 >= second:
                return True
            if second > 12 >= first:
                return False
    return True


def _table_date(value: Any, *, column: str, dmy: bool | None, certain: bool = False) -> tuple[Any, str]:
    """A date cell as a ``date`` when it can be read (else unchanged), and a warning if the reading was a guess."""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 < value < 80000:  # 1954–2119: a date cell that lost its format
            day = EXCEL_EPOCH + timedelta(days=int(value))
            return day, _("%(column)s %(value)s is an Excel serial number; it was read as %(date)s.") % {
                "column": column,
                "value": _as_text(value),
                "date": day.isoformat(),
            }
        return _as_text(value), ""
    text = _as_text(value)
    if re.fullmatch(r"\d{5}", text) and 20000 < int(text) < 80000:
        return _table_date(int(text), column=column, dmy=dmy, certain=certain)
    parsed = legacy.parse_legacy_date(text)
    if parsed is not None:
        return parsed, ""
    match = _NUMERIC_DATE.fullmatch(text)
    if not match:
        return text, ""
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    day_first = dmy if dmy is not None else first > 12 or second <= 12
    day, month = (first, second) if day_first else (second, first)
    try:
        result = date(year, month, day)
    except ValueError:
        return text, ""
    if not certain and first <= 12 and second <= 12 and first != second:
        return result, _(
            "%(column)s “%(value)s” could be day/month or month/day; it was read as %(date)s. Check it."
        ) % {"column": column, "value": text, "date": result.isoformat()}
    return result, ""


# JSON ---------------------------------------------------------------------------------------------------------------
_LEGACY_KEYS = {"startdate", "contributiontype", "contributiontypename", "contributiontechnology", "annualquantity"}
_PORTAL_KEYS = {"activitytypename", "technologyfocusarea", "isprivate", "typename"}


def _read_json(text: str) -> Parsed:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return _refuse(
            _("This looks like a JSON file, but it could not be read (%(error)s).") % {"error": str(exc)[:120]}
        )
    envelope = False
    if isinstance(data, dict):
        lowered = {str(k).casefold(): v for k, v in data.items()}
        for key in ("contributions", "activities", "items", "value", "data"):
            if isinstance(lowered.get(key), list):
                data, envelope = lowered[key], True
                break
    items = data if isinstance(data, list) else [data]
    objects = [item for item in items if isinstance(item, dict)]
    keys = {str(k).casefold() for item in objects for k in item}
    if keys & _PORTAL_KEYS:
        fmt, convert = _("MVP portal activities JSON"), _from_portal
    elif keys & _LEGACY_KEYS:
        if envelope:
            fmt = _("MVP API contributions JSON (the API's answer)")
        elif isinstance(data, list):
            fmt = _("MVP API contributions JSON (a list, as ConvertTo-Json writes it)")
        else:
            fmt = _("MVP API contribution JSON (a single contribution)")
        convert = _from_legacy_json
    else:
        return _refuse(_("This is a JSON file, but not one we know."))
    parsed = Parsed(format=fmt, kind=LEGACY, unit="item")
    for number, item in enumerate(items[: MAX_ROWS + 1], start=1):
        if number > MAX_ROWS:
            break
        if not isinstance(item, dict):
            record = {
                WARNINGS: [],
                SHOWN: {"type": "", "title": _as_text(item)[:80], "date": ""},
                "__not_object__": True,
            }
        else:
            record = convert(item)
        parsed.records.append((number, record))
    return _capped(parsed, len(items))


def _shown_name(value: Any) -> str:
    if isinstance(value, dict):
        lowered = {str(k).casefold(): v for k, v in value.items()}
        return _as_text(lowered.get("name") or lowered.get("englishname") or lowered.get("id") or "")
    return _as_text(value) if not isinstance(value, list) else ""


def _from_legacy_json(item: dict[str, Any]) -> dict[str, Any]:
    record = dict(item)
    lowered = {str(k).casefold(): v for k, v in item.items()}
    record[WARNINGS] = []
    record[SHOWN] = {
        "type": _shown_name(lowered.get("contributiontype")) or _shown_name(lowered.get("contributiontypename")),
        "title": _shown_name(lowered.get("title")),
        "date": _shown_name(lowered.get("startdate")),
    }
    return record


def _from_portal(item: dict[str, Any]) -> dict[str, Any]:
    """An activity of the MVP portal of 2023 on (camelCase, one quantity and one reach) as a legacy contribution."""
    lowered = {str(k).casefold(): v for k, v in item.items()}
    type_name = lowered.get("activitytypename") or lowered.get("typename") or lowered.get("type")
    warnings: list[str] = []
    private = lowered.get("isprivate")
    extra = {
        key: lowered[key]
        for key in ("livestreamviews", "ondemandviews", "inpersonattendees", "numberofsessions", "subscriberbase")
        if isinstance(lowered.get(key), int | float) and lowered.get(key)
    }
    if extra:
        warnings.append(
            _("Numbers not read (the portal's type has no place for them): %(values)s.")
            % {"values": ", ".join(f"{key} {value}" for key, value in extra.items())}
        )
    start, end = legacy.parse_legacy_date(lowered.get("date")), legacy.parse_legacy_date(lowered.get("dateend"))
    if end is not None and start is not None and end != start:
        warnings.append(
            _("The end date %(date)s was not read: enter it on the activity if its type spans dates.")
            % {"date": end.isoformat()}
        )
    return {
        "ContributionType": legacy.portal_type_name(type_name),
        "ContributionTechnology": lowered.get("technologyfocusarea"),
        "AdditionalTechnologies": [
            area
            for area in _list(lowered.get("additionaltechnologyareas"))
            if isinstance(area, str) and name_key(area) != name_key(lowered.get("technologyfocusarea"))
        ],
        "StartDate": lowered.get("date"),
        "Title": lowered.get("title"),
        "Description": lowered.get("description"),
        "ReferenceUrl": lowered.get("url"),
        "AnnualQuantity": lowered.get("quantity"),
        "AnnualReach": lowered.get("reach"),
        "Visibility": None if private is None else ("Microsoft" if private is True else "Everyone"),
        WARNINGS: warnings,
        SHOWN: {
            "type": _as_text(type_name),
            "title": _as_text(lowered.get("title")),
            "date": _as_text(lowered.get("date")),
        },
    }


# YAML: lmammino/mvp-contributions ------------------------------------------------------------------------------------
_YAML_HINT = re.compile(r"^\s*-?\s*[A-Za-z_][\w-]*\s*:", re.MULTILINE)


def _read_yaml(text: str) -> Parsed | None:
    if not _YAML_HINT.search(text):
        return None
    import yaml

    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    if isinstance(data, dict) and isinstance(data.get("contributions"), list):
        data = data["contributions"]
    if not (isinstance(data, list) and data and all(isinstance(i, dict) and "type" in i for i in data)):
        if isinstance(data, dict | list):
            return _refuse(_("This is a YAML file, but not one we know."))
        return None
    parsed = Parsed(format=_("mvp-contributions YAML (contributions.yml)"), kind=LEGACY, unit="item")
    for number, item in enumerate(data[:MAX_ROWS], start=1):
        parsed.records.append((number, _from_contributions_yml(item)))
    return _capped(parsed, len(data))


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _scalar_text(value: Any) -> str:
    """A value for a warning; never the text of a whole structure (YAML aliases can make one enormous)."""
    if isinstance(value, dict | list):
        return "…"
    return _as_text(value)[:80]


def _from_contributions_yml(item: dict[str, Any]) -> dict[str, Any]:
    type_key = _scalar_text(item.get("type"))
    props = item.get("props") if isinstance(item.get("props"), dict) else {}
    metrics = legacy.CONTRIBUTIONS_YML_METRICS.get(type_key, {})
    known = {"primaryContributionArea", "secondaryContributionArea", "date", "title", "url", "description"}
    record: dict[str, Any] = {
        "ContributionType": legacy.CONTRIBUTIONS_YML_TYPES.get(type_key, type_key),
        "ContributionTechnology": props.get("primaryContributionArea"),
        "AdditionalTechnologies": [a for a in _list(props.get("secondaryContributionArea")) if isinstance(a, str)],
        "StartDate": props.get("date"),
        "Title": props.get("title"),
        "Description": props.get("description"),
        "ReferenceUrl": props.get("url"),
    }
    warnings = []
    for name, value in props.items():
        if name in known:
            continue
        metric = metrics.get(name)
        if metric and not isinstance(value, dict | list):
            record[metric] = value
        else:
            warnings.append(
                _("“%(name)s: %(value)s” was not read: the type has no such field.")
                % {"name": _as_text(name)[:80], "value": _scalar_text(value)}
            )
    record[WARNINGS] = warnings
    record[SHOWN] = {
        "type": type_key[:80],
        "title": _scalar_text(props.get("title")),
        "date": _scalar_text(props.get("date")),
    }
    return record
