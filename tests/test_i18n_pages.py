"""Every page of the permission matrix, rendered in the program's languages, has
no English left in its visible text and says its language and direction.

The pages come from the matrix (``tests/test_permission_matrix.py``): each GET
entry with a persona that is admitted (200), rendered once as a non-staff
persona and once as staff. German, Japanese and Arabic render every page; the
other languages a sample, to keep the run short.

What counts as English: a word of the pages' own English (the msgids of the
catalogue) or a common English word, that the language's catalogue never uses
in a translation (German keeps "Team" and "Status", Japanese keeps "MVP").
What is not checked: data. Every text stored in the database (names, titles,
statements, expertises, activity types — those are translated as reference
data elsewhere) is taken out first, with URLs, e-mail addresses and numbers;
text inside an element with its own ``lang`` (the language menu's
"English") is in that language on purpose.
"""

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import to_locale
from django_countries import countries

from tests.support.clients import Client
from tests.test_permission_matrix import ENTRIES, build_world

LOCALE = Path(settings.BASE_DIR) / "locale"
EVERY_PAGE = ["de", "ja", "ar"]
SAMPLED = ["es", "fr", "ko", "pt-br", "zh-hans"]
SAMPLE_EVERY = 4  # one page in four for the sampled languages
RTL = {"ar"}

NON_STAFF = ["nominee", "mvp", "other_nominee", "anonymous"]
STAFF = ["admin", "lead", "employee", "other_lead"]

# Words of no language: brands, formats and the program's own names.
ALLOWED = {
    "mvp", "mvps", "csv", "json", "pdf", "xlsx", "id", "url", "urls", "api", "ok", "github", "youtube",
    "sessionize", "rss", "atom", "markdown", "totp", "https", "http", "www", "utc", "portal", "e", "g",
}  # fmt: skip
COMMON_WORDS = """the and your you with for this that are is of to has have will not be by from or an yet all any
    was were
    been can may must who what when which there here their they our we it its as at on in no none more than
    only each every per how why please sign out save cancel edit delete submit add back next previous search
    home review nominee nominees nomination nominations activity activities award awards awarded cycle desk
    queue page results name email password language date status open closed draft submitted profile
    settings account help show new create update remove send close change view download export import filter
    apply clear reset yes"""
COMMON_ENGLISH = set(COMMON_WORDS.split())
WORD = re.compile(r"[^\W\d_]+(?:'[a-z]+)?")
# Data of no language that is not stored as shown: a credential's random UUID (its hex letters
# spell "a", "be" or "face" by chance), addresses, paths, numbers, slugs, an API token's public
# part (mvp_ and its random key id) and a two-factor secret in groups of four base32 characters
# (random letters, new on each setup).
DATA_PATTERNS = re.compile(
    r"\b(?:urn:uuid:)?[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|/[\w./?=&%-]*|\b\d[\d.,:/-]*\b|\b[a-z]+(?:-[a-z0-9]+)+\b"
    r"|\bmvp_\w+|\b[A-Z2-7]{4}(?: [A-Z2-7]{1,4}){3,}\b"
)
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class VisibleText(HTMLParser):
    """The text a person sees or hears: text nodes and labelling attributes,
    without scripts, styles and text marked as another language."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.html_attrs: dict[str, str] = {}
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden)

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = {k: v or "" for k, v in attrs.items()}
        other_language = "lang" in attrs and tag != "html"
        hidden = self.hidden or tag in {"script", "style", "template"} or other_language
        if not hidden:
            self.texts += [v for k, v in attrs.items() if k in VISIBLE_ATTRIBUTES and v]
            if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in self.VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data)


def catalogue_words(language: str) -> tuple[set[str], set[str]]:
    """The English words of the msgids, and the words the language's translations use."""
    po = polib.pofile(str(LOCALE / to_locale(language) / "LC_MESSAGES" / "django.po"))
    english, kept = set(), set()
    for entry in po:
        english |= {w.lower() for w in WORD.findall(re.sub(r"%\(\w+\)\w|\{\w+\}", " ", entry.msgid))}
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            kept |= {w.lower() for w in WORD.findall(re.sub(r"%\(\w+\)\w|\{\w+\}", " ", text))}
    return english, kept


def stored_texts() -> list[str]:
    """Every text stored in the database, longest first: data, not the page's words."""
    found: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label in {"contenttypes", "auth", "sessions", "admin", "otp_totp", "otp_static"}:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model.objects.values_list(*fields) if fields else []:
            found |= {value.strip() for value in _strings_in(row) if len(value.strip()) >= 3}
    return sorted(found, key=len, reverse=True)


def _strings_in(value) -> list[str]:
    """The strings of a row, also inside JSON (reference data's translations are stored text too)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings_in(item)]
    return []


def data_pattern(texts: list[str]) -> re.Pattern:
    """The stored texts as whole words (a country code "IE" is not the "ie" of "Sie"), also
    as ``|capfirst`` shows them (a source's stored name "the feed “…”" heads its cell). A text
    that begins or ends with a mark is whole there already: Korean and Japanese write their
    particles right after it ("“…”에서")."""
    longest_first = sorted({*texts, *(text[:1].upper() + text[1:] for text in texts)}, key=len, reverse=True)
    return re.compile("|".join(map(_whole, longest_first)))


def _whole(text: str) -> str:
    before = r"(?<!\w)" if re.match(r"\w", text) else ""
    after = r"(?!\w)" if re.search(r"\w$", text) else ""
    return before + re.escape(text) + after


def english_left(html: str, english: set[str], data: re.Pattern) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    leftovers = []
    for raw in parser.texts:
        text = " ".join(unescape(raw).split())
        text = DATA_PATTERNS.sub(" ", data.sub(" ", text))
        if any(word.lower() in english for word in WORD.findall(text)):
            leftovers.append(text.strip())
    return leftovers


# Pages not of our making: the API's reference is drf-spectacular's interactive page, in English.
NOT_OURS = {"api:v1:docs"}


def pages(sample: bool) -> list[tuple[str, int, str]]:
    found = []
    for name, entries in sorted(ENTRIES.items()):
        if name in NOT_OURS:
            continue
        for index, entry in enumerate(entries):
            if entry.get("method", "get") != "get":
                continue
            for group in (NON_STAFF, STAFF):
                persona = next((p for p in group if entry["expect"].get(p) == 200), None)
                if persona:
                    found.append((name, index, persona))
    return found[::SAMPLE_EVERY] if sample else found


def render(client: Client, world, name: str, index: int, persona: str, language: str):
    entry = ENTRIES[name][index]
    client.logout()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url = reverse(name, kwargs=entry.get("kwargs", lambda world: {})(world))
    return url, client.get(url, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language", EVERY_PAGE + SAMPLED)
def test_every_page_speaks_the_language(db, language):
    world = build_world()
    english, kept = catalogue_words(language)
    english = (english | COMMON_ENGLISH) - kept - ALLOWED
    with translation.override(language):
        data = data_pattern(stored_texts() + [str(name) for _code, name in countries])
    client = Client()
    rendered, problems = 0, {}
    for name, index, persona in pages(sample=language not in EVERY_PAGE):
        url, response = render(client, world, name, index, persona, language)
        assert response.status_code == 200, f"{url} as {persona}: {response.status_code}"
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        rendered += 1
        html = response.content.decode()
        parser = VisibleText()
        parser.feed(html)
        expected = {"lang": language, "dir": "rtl" if language in RTL else "ltr"}
        found = {key: parser.html_attrs.get(key) for key in expected}
        if found != expected:
            problems[f"{url} as {persona}"] = [f"<html {found}>, expected {expected}"]
        elif leftovers := english_left(html, english, data):
            problems[f"{url} as {persona}"] = sorted(set(leftovers))
    assert rendered > (20 if language not in EVERY_PAGE else 60)
    assert problems == {}, "\n".join(f"{page}: {texts}" for page, texts in problems.items())


def test_the_check_finds_english_and_passes_data():
    english = {"your", "dossier", "submit"}
    page = (
        '<html lang="de"><title>Ihr Dossier</title><script>var your = 1;</script>'
        '<p title="Submit it">Jane Doe: https://example.org/your-dossier 12</p>'
        '<option lang="en">English your</option><p>Your work</p></html>'
    )
    assert english_left(page, english - {"dossier"}, data_pattern(["Jane Doe"])) == ["Submit it", "Your work"]


def test_data_shown_differently_from_how_it_is_stored_is_still_data():
    english = {"the", "feed", "your", "a"}
    data = data_pattern(["the feed “Aoife writes”"])
    page = (
        '<html lang="ko"><p>The feed “Aoife writes”</p><p>the feed “Aoife writes”에서 찾았습니다</p>'
        "<code>ZEGF KGBE 3RE3 ZOEX W5ZV ZWT7 D7YP RCIT</code><code>mvp_v07s88i9…</code>"
        "<p>urn:uuid:7fa9dd05-9e12-4659-a923-a966bf361147</p><p>your feed</p></html>"
    )
    assert english_left(page, english, data) == ["your feed"]
