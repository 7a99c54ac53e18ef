"""What a table row written in Python needs to write what a template would.

A page of fifty rows through Django's template language costs 0.3-0.8 ms a row
(bench/NOTES.md); the hottest tables of the staff desks and the dossier pages
write their rows in Python instead, each tested byte for byte against the loop
it replaced. These helpers are the template language's own semantics, once.

``translated``, ``blocktranslated`` and ``blocktranslated_plural`` take the msgid itself: the
project's ``makemessages`` (``mvp_portal/accounts/management/commands/makemessages.py``) finds
them as it finds ``gettext``, so the catalogues keep their words. Write the call outside an
f-string: xgettext does not look inside one.
"""

from collections.abc import Callable

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import dateformat, numberformat, translation
from django.utils.formats import date_format, get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

_SENTINEL = 987654321987


def text(value) -> SafeString:
    """``{{ value }}``: as ``django.template.base.render_value_in_context`` writes it under
    autoescape (local time, the reader's number and date formats, escaped)."""
    return conditional_escape(localize(template_localtime(value)))


def translated(msgid: str) -> SafeString:
    """``{% translate "msgid" %}``: a template's literal is safe, and so is its translation, written
    as the translator wrote it, unescaped (``TranslateNode`` and ``Variable``'s ``%`` doubling)."""
    written = translation.gettext(mark_safe(msgid.replace("%", "%%")))  # noqa: S308 -- a template's own literal
    return mark_safe(written.replace("%%", "%"))  # noqa: S308 -- as TranslateNode marks it


def blocktranslated(msgid: str, **values) -> SafeString:
    """``{% blocktranslate with name=value %}``: the translation, unescaped, with each value written
    in as ``{{ value }}`` writes it; the untranslated text where a translation does not format, as
    the tag falls back.

    A value that a filter writes in the reader's language (``with month=day|date:"…"``) is given as
    a function of no arguments: the tag renders its values again in no language when it falls back,
    and so does this."""
    return _filled(msgid, None, None, values)


def blocktranslated_plural(singular: str, plural: str, count, **values) -> SafeString:
    """``{% blocktranslate count counter=count %}…{% plural %}…``: as ``blocktranslated``, the form
    for ``count``."""
    return _filled(singular, plural, count, values)


def _filled(singular: str, plural: str | None, count, values: dict) -> SafeString:
    try:
        written = translation.ngettext(singular, plural, count) if plural else translation.gettext(singular)
        written %= _written(values)
    except (KeyError, ValueError):
        with translation.override(None):  # the words and the values in no language, as the tag renders again
            written = translation.ngettext(singular, plural, count) if plural else singular
            written %= _written(values)
    return mark_safe(written)  # noqa: S308 -- the values escaped, the words the translator's (as the tag)


def _written(values: dict) -> dict:
    return {name: text(value() if callable(value) else value) for name, value in values.items()}


def date(value, format_name: str | None = None) -> SafeString:
    """``{{ value|date:format_name }}`` (a format's name or the format itself; the reader's
    ``DATE_FORMAT`` without one): in local time (the filter expects it), escaped."""
    return conditional_escape(date_format(template_localtime(value), format_name)) if value else ""


def short_date(value) -> SafeString:
    """``{{ value|date:"SHORT_DATE_FORMAT" }}``."""
    return date(value, "SHORT_DATE_FORMAT")


def long_date(value) -> SafeString:
    """``{{ value|date }}``: the reader's ``DATE_FORMAT``."""
    return date(value)


class Formats:
    """The active language's date and number formats, looked up once for a table rather than for
    every value it writes (``date_format``, ``localize`` and ``intcomma`` look them up each time)."""

    def __init__(self):
        language = translation.get_language()
        self.short_date = get_format("SHORT_DATE_FORMAT", language)
        self.year_month = get_format("YEAR_MONTH_FORMAT", language)
        self.numbers = (
            get_format("DECIMAL_SEPARATOR", language),
            None,
            get_format("NUMBER_GROUPING", language),
            get_format("THOUSAND_SEPARATOR", language),
        )

    def date(self, day, format_string: str) -> SafeString:
        """``{{ day|date:"…" }}`` of a date (not a datetime: those go to local time first)."""
        return "" if day in (None, "") else conditional_escape(dateformat.format(day, format_string))

    def value(self, value) -> SafeString:
        """``{{ value }}`` (``text``), an integer without looking up its formats."""
        if type(value) is int:
            return conditional_escape(numberformat.format(value, *self.numbers, use_l10n=True))
        return text(value)

    def intcomma(self, value) -> SafeString:
        """``{{ value|intcomma }}`` (``django.contrib.humanize``)."""
        if type(value) is int:
            return conditional_escape(numberformat.format(value, *self.numbers, force_grouping=True, use_l10n=True))
        return conditional_escape(intcomma(value))

    def or_dash(self, value) -> SafeString:
        """``{{ value|default_if_none:"—" }}``."""
        return "—" if value is None else self.value(value)


def url_for(name: str, *, kwarg: str | None = None) -> Callable[[object], str]:
    """``{% url name pk %}`` (or ``{% url name kwarg=pk %}``) for many rows: reversed once, then
    each row's key written into the address (a ``reverse`` is ~40 µs, two a row add up)."""
    address = reverse(name, kwargs={kwarg: _SENTINEL}) if kwarg else reverse(name, args=[_SENTINEL])
    head, found, tail = address.partition(str(_SENTINEL))
    if not found or str(_SENTINEL) in tail:
        return (lambda pk: reverse(name, kwargs={kwarg: pk})) if kwarg else (lambda pk: reverse(name, args=[pk]))
    return lambda pk: f"{head}{pk}{tail}"
