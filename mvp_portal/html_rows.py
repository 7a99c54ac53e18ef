"""What a table row written in Python needs to write what a template would.

A page of fifty rows through Django's template language costs 0.3-0.8 ms a row
(bench/NOTES.md); the hottest tables of the staff desks and the dossier pages
write their rows in Python instead, each tested byte for byte against the loop
it replaced. These helpers are the template language's own semantics, once.
"""

from collections.abc import Callable

from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

_SENTINEL = 987654321987


def text(value) -> SafeString:
    """``{{ value }}``: as ``django.template.base.render_value_in_context`` writes it under
    autoescape (local time, the reader's number and date formats, escaped)."""
    return conditional_escape(localize(template_localtime(value)))


def short_date(value) -> SafeString:
    """``{{ value|date:"SHORT_DATE_FORMAT" }}``: in local time (the filter expects it), escaped."""
    return conditional_escape(date_format(template_localtime(value), "SHORT_DATE_FORMAT")) if value else ""


def long_date(value) -> SafeString:
    """``{{ value|date }}``: the reader's ``DATE_FORMAT``, in local time, escaped."""
    return conditional_escape(date_format(template_localtime(value))) if value else ""


def url_for(name: str, *, kwarg: str | None = None) -> Callable[[object], str]:
    """``{% url name pk %}`` (or ``{% url name kwarg=pk %}``) for many rows: reversed once, then
    each row's key written into the address (a ``reverse`` is ~40 µs, two a row add up)."""
    address = reverse(name, kwargs={kwarg: _SENTINEL}) if kwarg else reverse(name, args=[_SENTINEL])
    head, found, tail = address.partition(str(_SENTINEL))
    if not found or str(_SENTINEL) in tail:
        return (lambda pk: reverse(name, kwargs={kwarg: pk})) if kwarg else (lambda pk: reverse(name, args=[pk]))
    return lambda pk: f"{head}{pk}{tail}"
