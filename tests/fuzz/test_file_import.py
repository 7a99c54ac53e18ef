"""Fuzz the activity file importer: any bytes give a preview or a sentence, never an exception.

Files are drawn as arbitrary bytes, and as near-misses of every accepted format
(JSON with contribution keys and wrong values, CSVs with known and mangled
headers, YAML lists, XLSX bytes cut short) in the encodings tools write.
"""

import codecs
import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nominations import csv_import, file_import
from tests.conftest import TODAY
from tests.factories import DossierFactory, UserFactory

KEYS = [
    "StartDate",
    "Title",
    "ContributionType",
    "ContributionTypeName",
    "ContributionTechnology",
    "AdditionalTechnologies",
    "AnnualQuantity",
    "SecondAnnualQuantity",
    "AnnualReach",
    "Visibility",
    "ReferenceUrl",
    "Description",
    "activityTypeName",
    "technologyFocusArea",
    "additionalTechnologyAreas",
    "date",
    "quantity",
    "reach",
    "isPrivate",
    "title",
    "url",
]
HEADERS = [
    *csv_import.HEADER,
    "startdate",
    "referenceurl",
    "AnnualQuantity",
    "SecondAnnualQuantity",
    "AnnualReach",
    "ContributionType",
    "ContributionTechnology",
    "Start Date",
    "Area",
    "ContributionArea",
    "SecondContributionArea",
    "Number of Views",
    "Number of Mentees",
    "Date",
    "Title",
]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "Mentorship",
            "Article",
            "Blog Site Posts",
            "PowerShell",
            "Azure SQL\u00a0",
            "2026-04-01",
            "2026/13/45",
            "31/12/2026",
            "03/02/2026",
            "45000",
            "EveryOne",
            "299600000",
            "0",
            "1 200",
            "https://example.org/x",
            "javascript:alert(1)",
            "f76464de-179a-e411-bbc8-6c3be5a82b68",
            "",
            "\u202e\ufeff",
        ]
    ),
    st.text(max_size=30),
)
JSON_VALUES = st.recursive(
    VALUES.filter(lambda v: not (isinstance(v, float) and v != v)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=12,
)


@st.composite
def json_file(draw) -> str:
    item = st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, max_size=10)
    items = draw(st.lists(st.one_of(item, JSON_VALUES), max_size=5))
    shape = draw(st.sampled_from(["list", "envelope", "single", "other"]))
    data = {
        "list": items,
        "envelope": {"Contributions": items, "TotalContributions": len(items), "PagingIndex": 0},
        "single": items[0] if items else {},
        "other": draw(JSON_VALUES),
    }[shape]
    text = json.dumps(data, default=str)
    cut = draw(st.integers(min_value=0, max_value=len(text)))
    return text if draw(st.booleans()) else text[:cut]


@st.composite
def csv_file(draw) -> str:
    header = draw(st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=12)), min_size=1, max_size=12))
    rows = draw(st.lists(st.lists(VALUES.map(lambda v: "" if v is None else str(v)), max_size=14), max_size=6))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@st.composite
def yaml_file(draw) -> str:
    lines = []
    keys = st.sampled_from(["date", "title", "numberOfMentee", "url", "secondaryContributionArea", "x"])
    scalars = st.sampled_from(["2026-04-01", "1", "text", "{", "- a", "!!python/object x", "*a8", "[*a8]"])
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        lines.append(f"- type: {draw(st.sampled_from(['Mentorship', 'Article', 'Nope', '[', '&a', '*a']))}")
        lines.append("  props:")
        for key in draw(st.lists(keys, max_size=4)):
            lines.append(f"    {key}: {draw(scalars)}")
    if draw(st.booleans()):  # an alias bomb: small text, an enormous structure once expanded
        bomb = ["- type: Other", "  props:", "    a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        bomb += [f"    a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
        lines = [*bomb, "    annualQuantity: *a8", "    title: *a8", *lines]
    return "\n".join(lines) + "\n"


def _encode(draw, text: str) -> bytes:
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]))
    return text.encode(encoding, errors="replace")


@st.composite
def files(draw) -> bytes:
    kind = draw(st.sampled_from(["bytes", "json", "csv", "yaml", "xlsx-ish"]))
    if kind == "bytes":
        return draw(st.binary(max_size=600))
    if kind == "xlsx-ish":
        return b"PK\x03\x04" + draw(st.binary(max_size=300))
    text = {"json": json_file, "csv": csv_file, "yaml": yaml_file}[kind]()
    return _encode(draw, draw(text))


@given(raw=files())
@settings(max_examples=400, deadline=None)
def test_reading_any_file_never_raises(raw):
    parsed = file_import.read(raw)
    if parsed.problem:
        assert isinstance(parsed.problem, str) and parsed.records == []
        assert "The header row lacks" not in parsed.problem
    else:
        assert parsed.format and parsed.kind in (file_import.TEMPLATE, file_import.LEGACY)


@pytest.fixture
def dossier(db, expertise):
    return DossierFactory(owner=UserFactory(country="IE"), expertise=expertise)


@given(raw=files())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_preview_of_any_file_says_why_for_every_row(dossier, raw):
    preview = csv_import.preview(dossier=dossier, raw=raw, today=TODAY)
    if preview.problem and not preview.rows:
        return
    for row in preview.rows:
        assert row.status in ("ok", "error", "duplicate")
        if row.status == "ok":
            json.dumps(row.fields)  # kept in the session until the confirmation
        else:
            assert row.errors or row.note, row


def test_utf16_without_bom_is_read():
    raw = codecs.encode('[{"ContributionType": "Article", "Title": "x", "StartDate": "2026-04-01"}]', "utf-16-le")
    assert file_import.read(raw).format.startswith("MVP API contributions JSON")
