"""The program's languages: every template's text is marked, every catalogue is
compiled from its source, and no translation loses a placeholder."""

import re
import shutil
import uuid
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

TEMPLATES = Path(settings.BASE_DIR) / "templates"
LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

# Plain text between two tags that is not inside {% translate %}: words a
# translator would never see. (Text holding variables is marked by hand with
# {% blocktranslate %}; this catches what anyone adds without thinking of it.)
PLAIN_TEXT = re.compile(r'>\s*([^<>{}"]*?[A-Za-z]{2}[^<>{}"]*?)\s*<')
UNTRANSLATABLE = {"MVP Portal", "MVP", "CSV", "JSON", "PDF", "XLSX", "ID", "URL", "API", "OK"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*\w+\s*\}\}|\{\w+\}")


def unmarked_text(path: Path) -> list[str]:
    source = re.sub(r"<(script|style|code|pre)\b.*?</\1>", "", path.read_text(), flags=re.S)
    source = re.sub(
        r"{#.*?#}|{% comment %}.*?{% endcomment %}|{% blocktranslate.*?{% endblocktranslate %}", "", source, flags=re.S
    )
    return [text.strip() for text in PLAIN_TEXT.findall(source) if text.strip() not in UNTRANSLATABLE]


def test_every_template_marks_its_text_for_translation():
    leftovers = {
        str(path.relative_to(TEMPLATES)): found
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (found := unmarked_text(path))
    }
    assert leftovers == {}


# Inside {% blocktranslate %}, "{{ summit.name }}" is looked up as a variable named "summit.name",
# which no context has: the words come out with a hole where the name should be. An attribute
# is bound first ("with name=summit.name").
BLOCK = re.compile(r"{% blocktranslate.*?%}(.*?){% (?:endblocktranslate|plural) %}", re.S)
DOTTED = re.compile(r"{{\s*\w+\.[\w.]+\s*}}")


def test_no_blocktranslate_reads_an_attribute_it_did_not_bind():
    found = {
        str(path.relative_to(TEMPLATES)): dotted
        for path in sorted(TEMPLATES.rglob("*.*"))
        if (dotted := [v for body in BLOCK.findall(path.read_text()) for v in DOTTED.findall(body)])
    }
    assert found == {}


DOMAINS = ["django", "djangojs"]  # the pages' and e-mails' strings, and the scripts'


def catalogue(language: str, domain: str) -> Path:
    return LOCALE / to_locale(language) / "LC_MESSAGES" / f"{domain}.po"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_of_every_catalogue_is_translated(language, domain):
    """No string falls back to English: every entry has its translation (each plural
    form too) and none is fuzzy, a guess of makemessages that gettext never uses."""
    po = polib.pofile(str(catalogue(language, domain)))
    assert [entry for entry in po if not entry.obsolete], "an empty catalogue"
    assert unfinished(po) == []


def unfinished(po: polib.POFile) -> list[str]:
    """The entries gettext would show in English: untranslated, fuzzy, or a plural
    without each of the language's forms (its Plural-Forms header)."""
    forms = int(re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", "nplurals=2")).group(1))
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid}")
        elif entry.msgid_plural and (len(entry.msgstr_plural) < forms or not all(entry.msgstr_plural.values())):
            found.append(f"plural forms missing: {entry.msgid}")
        elif not entry.translated():
            found.append(f"untranslated: {entry.msgid}")
    return found


def test_the_check_finds_untranslated_fuzzy_and_missing_plural_forms():
    po = polib.POFile()
    po.metadata = {"Plural-Forms": "nplurals=3; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="Done", msgstr="Erledigt"))
    po.append(polib.POEntry(msgid="Sort by", msgstr=""))
    po.append(polib.POEntry(msgid="Page", msgstr="Seite", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="%(n)s row", msgid_plural="%(n)s rows", msgstr_plural={0: "a", 1: "b"}))
    po.append(polib.POEntry(msgid="%(n)s day", msgid_plural="%(n)s days", msgstr_plural={0: "a", 1: "b", 2: "c"}))
    po.append(polib.POEntry(msgid="Old", msgstr="", obsolete=True))
    assert unfinished(po) == ["untranslated: Sort by", "fuzzy: Page", "plural forms missing: %(n)s row"]


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_the_source_compiled(language, domain):
    source = polib.pofile(str(catalogue(language, domain)))
    compiled = polib.mofile(str(catalogue(language, domain).with_suffix(".mo")))
    expected = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in source.translated_entries()}
    found = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in compiled if e.msgid}
    assert found == expected, "run `make messages` after editing a catalogue"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", TRANSLATED)
def test_no_translation_loses_or_invents_a_placeholder(language, domain):
    wrong = []
    for entry in polib.pofile(str(catalogue(language, domain))).translated_entries():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text and sorted(PLACEHOLDER.findall(text)) != wanted and not entry.msgid_plural:
                wrong.append((entry.msgid, text))
    assert wrong == []


def test_the_pages_and_their_scripts_speak_the_chosen_language(client, db):
    """The catalogues are loaded: a page, an e-mail's words and the scripts' catalogue in German."""
    from django.urls import reverse
    from django.utils import translation

    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'lang="de"' in page[:300] and "Sign in" not in page.split("<main", 1)[1]
    with translation.override("de"):
        assert translation.gettext("Your dossier") != "Your dossier"
    script = client.get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Reichweite" in script


def test_make_messages_keeps_every_entry_of_the_catalogue(settings):
    """``make messages`` (``makemessages --no-obsolete``) drops any entry it no longer finds in the
    source, its translation with it: run on a copy of the German catalogue, it finds every one,
    including the words the rows written in Python pass to ``mvp_portal.html_rows``."""
    from django.core.management import call_command

    # makemessages writes each file's words to the first locale path beside the file's folders:
    # a copy at the project's top, first in LOCALE_PATHS, takes them all.
    copy = Path(settings.BASE_DIR) / f".locale-check-{uuid.uuid4().hex}"
    try:
        (copy / "de" / "LC_MESSAGES").mkdir(parents=True)
        original = LOCALE / "de" / "LC_MESSAGES" / "django.po"
        (copy / "de" / "LC_MESSAGES" / "django.po").write_bytes(original.read_bytes())
        settings.LOCALE_PATHS = [str(copy), *settings.LOCALE_PATHS]
        call_command(
            "makemessages",
            locale=["de"],
            domain="django",
            no_obsolete=True,
            # The project's own locale/ ignored: found in the walk, it would take the words back.
            ignore_patterns=[".venv/*", "var/*", "tests/*", "bench/*", "test-output/*", ".locale-check-*", "locale"],
            verbosity=0,
        )
        written = polib.pofile(str(copy / "de" / "LC_MESSAGES" / "django.po"))
    finally:
        shutil.rmtree(copy, ignore_errors=True)

    def entries(po) -> dict:
        return {(e.msgctxt, e.msgid, e.msgid_plural): e.msgstr or e.msgstr_plural for e in po if not e.obsolete}

    before = entries(polib.pofile(str(original)))
    # Written by this run: the words of the rows written in Python found where they are now.
    assert any(path.endswith("desks/rows.py") for entry in written for path, _line in entry.occurrences)
    assert set(before) - set(entries(written)) == set(), "entries make messages would drop"
    assert entries(written) == before
