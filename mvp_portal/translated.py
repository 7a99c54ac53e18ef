"""Reference data in the reader's language.

Each model of reference data (expertises, activity types, the rubric's criteria)
keeps its English texts in its own columns and the other languages in one JSON
field, ``translations``: ``{"de": {"name": "…"}, "ja": {...}}``. One accessor,
``in_language``, reads it; an empty or missing text falls back to English.

Why a JSON field and not django-modeltranslation: modeltranslation rewrites
every lookup on a translated field (``filter(name=…)``, ``values("name")``,
``order_by("name")``) to the active language's column, so the legacy API, the
import's alias matching and the admin's searches would match German names for a
German admin. Here the English columns stay what they are, lookups are
unchanged and no query is added: the translations are one more column of the
row already read.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

HELP_TEXT = (
    'Names in the other languages, as {"de": {"name": "…"}, "ja": {"name": "…"}}; '
    "a missing or empty text shows the English one."
)


def help_text_for(*fields: str) -> str:
    """The admin's help for a ``translations`` field holding ``fields``."""
    example = ", ".join(f'"{field}": "…"' for field in fields)
    return f'Texts in the other languages, as {{"de": {{{example}}}}}; a missing or empty text shows the English one.'


def check_translations(obj) -> None:
    """``obj.clean()``'s check of ``obj.translations`` against ``obj.TRANSLATED_FIELDS``."""
    if problems := translation_problems(obj.translations, obj.TRANSLATED_FIELDS):
        raise ValidationError({"translations": problems})


def in_language(obj, field: str, language: str | None = None) -> str:
    """``obj.<field>`` in ``language`` (default: the active one), else in English."""
    return translated(getattr(obj, "translations", None), field, getattr(obj, field), language)


def translated(translations: dict | None, field: str, english: str, language: str | None = None) -> str:
    """The same from raw values (a ``values()`` row): ``translations`` and the English text."""
    found = _translation(translations, field, language)
    return found[1] if found else english


def shown_language(obj, field: str, language: str | None = None) -> str:
    """The language ``in_language`` shows ``obj.<field>`` in (for the text's ``lang``): the one
    asked for when it is translated, else English."""
    found = _translation(getattr(obj, "translations", None), field, language)
    return found[0] if found else settings.LANGUAGE_CODE


def _translation(translations: dict | None, field: str, language: str | None) -> tuple[str, str] | None:
    """(language code, text) of ``field`` in ``language`` (default: the active one), or its base language."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    translations = translations or {}
    for code in (language, language.split("-")[0]):
        text = (translations.get(code) or {}).get(field)
        if isinstance(text, str) and text.strip():
            return code, text
    return None


class TranslatedText:
    """A read-only attribute giving a field in the active language: ``local_name``."""

    def __init__(self, field: str):
        self.field = field

    def __get__(self, obj, owner=None):
        return self if obj is None else in_language(obj, self.field)


def translation_problems(value, fields: tuple[str, ...]) -> list[str]:
    """What is wrong with a ``translations`` value typed in the admin."""
    if value in (None, ""):
        return []
    if not isinstance(value, dict):
        return ['Write an object of languages, e.g. {"de": {"name": "…"}}.']
    known = {code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE}
    problems = []
    for code, texts in value.items():
        if code not in known:
            problems.append(f"Unknown language {code!r}: use one of {', '.join(sorted(known))}.")
        elif not isinstance(texts, dict):
            problems.append(f'{code}: write an object of fields, e.g. {{"name": "…"}}.')
        else:
            for field, text in texts.items():
                if field not in fields:
                    problems.append(f"{code}: {field!r} is not translated here (only {', '.join(fields)}).")
                elif not isinstance(text, str):
                    problems.append(f"{code}.{field}: write a text.")
    return problems
