"""Dates read in one long and one short form, from the active locale.

Templates write ``|date`` (DATE_FORMAT), ``|date:"SHORT_DATE_FORMAT"`` or another of
the locale's named formats; a hand-written format (``"j M Y"``, ``"F j, Y"``) is a
defect, except the machine form ``Y-m-d`` inside an attribute or a URL (``datetime=``,
``value=``, ``data-sort=``, a query string), which no person reads. Python code goes through
``django.utils.formats.date_format``: an f-string or strftime with a month name is
a defect too.
"""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from tests.conftest import TODAY

ROOT = Path(settings.BASE_DIR)
NAMED = {
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
}
DATE_FILTER = re.compile(r"""\|date:(?P<quote>["'])(?P<format>[^"']*)(?P=quote)""")
# Just before the ``{{``: an attribute or a query-string parameter.
MACHINE_PLACE = re.compile(r"""(?:(?:datetime|value|content|href|action|data-sort)=["'][^"']*|[?&]\w+=)$""")
PYTHON_MONTH_NAME = re.compile(r"%-?[dBb][^\"'}]*%[-]?[BbY]|%B|%b")
PYTHON_SOURCES = ["mvp_portal", "nominations", "evaluations", "awards", "desks", "directory", "api"]


def hand_written_formats(text: str) -> list[str]:
    found = []
    for match in DATE_FILTER.finditer(text):
        form = match["format"]
        if form in NAMED:
            continue
        start = text.rfind("{{", 0, match.start())
        if form in ("Y-m-d", "c") and MACHINE_PLACE.search(text[max(0, start - 200) : start]):
            continue
        line = text.count("\n", 0, match.start()) + 1
        found.append(f"line {line}: |date:{match['quote']}{form}{match['quote']}")
    return found


def test_the_scanner_tells_readable_from_machine_forms():
    assert hand_written_formats('{{ day|date:"j M Y" }} <time datetime="{{ day|date:\'Y-m-d\' }}">') == [
        'line 1: |date:"j M Y"'
    ]
    assert hand_written_formats('<a href="?award_date={{ day|date:"Y-m-d" }}">{{ day|date }}</a>') == []
    assert hand_written_formats('<td>{{ day|date:"Y-m-d" }}</td>') == ['line 1: |date:"Y-m-d"']


def test_no_template_writes_its_own_date_format():
    found = {}
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix in (".html", ".txt") and (problems := hand_written_formats(path.read_text())):
            found[str(path.relative_to(ROOT))] = problems
    assert not found, 'use |date or |date:"SHORT_DATE_FORMAT" (see mvp_portal/formats/en/formats.py):\n' + "\n".join(
        f"{path} {problems}" for path, problems in found.items()
    )


def test_no_python_code_writes_a_month_name_by_hand():
    found = []
    for package in PYTHON_SOURCES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts or "management" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if PYTHON_MONTH_NAME.search(line) and not line.lstrip().startswith("#"):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "format dates with django.utils.formats.date_format:\n" + "\n".join(found)


def test_the_two_english_forms():
    with translation.override("en"):
        assert date_format(TODAY) == "28 November 2026"
        assert date_format(TODAY, "SHORT_DATE_FORMAT") == "28 Nov 2026"
