"""The rows of a dossier's activity tables (``evaluations/_activities.html``), written in Python.

The staff's review page and the evaluation form show a dossier's activities: a table
of the months of the period, one of the totals per type, and every type's activities
in a ``<details>`` group, a row per activity. Django's template language took 0.5-1 ms
an activity row there, most of those pages' template time, so the rows of the three
tables are written here. The HTML is what the template loops wrote, byte for byte
(whitespace, attribute order, escaping, the same msgids, so ``locale/`` keeps
translating them), in every language: ``tests/evaluations/test_activity_group_rows.py``
keeps the former loops and compares.

Each function follows the template language's rules: ``{{ value }}`` is
``conditional_escape(localize(value))``; ``{% translate %}`` is the translation as
written, not escaped; ``{% blocktranslate %}`` escapes its values, not its words, and
falls back to the words as written when a translation's placeholders do not fit.
The active language's formats are looked up once per call, not per value.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import dateformat, numberformat
from django.utils.formats import date_format, get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext, override

from mvp_portal.html_rows import text, translated
from nominations.templatetags.nominations_tags import provenance


class _Formats:
    """The active language's date and number formats, for ``date_format``, ``localize``
    and ``intcomma`` without looking them up again for every value."""

    def __init__(self):
        language = get_language()
        self.short_date = get_format("SHORT_DATE_FORMAT", language)
        self.year_month = get_format("YEAR_MONTH_FORMAT", language)
        self.numbers = (
            get_format("DECIMAL_SEPARATOR", language),
            None,
            get_format("NUMBER_GROUPING", language),
            get_format("THOUSAND_SEPARATOR", language),
        )

    def date(self, day, format_string: str) -> str:
        # As {{ day|date:"…" }} of a date (not a datetime: those go to the time zone first).
        return "" if day in (None, "") else conditional_escape(dateformat.format(day, format_string))

    def value(self, value) -> str:
        # As {{ value }} (mvp_portal.html_rows.text), an integer without looking up its formats.
        if type(value) is int:
            return conditional_escape(numberformat.format(value, *self.numbers, use_l10n=True))
        return text(value)

    def intcomma(self, value) -> str:
        # As {{ value|intcomma }} (django.contrib.humanize) of an integer.
        if type(value) is int:
            return conditional_escape(numberformat.format(value, *self.numbers, force_grouping=True, use_l10n=True))
        return conditional_escape(intcomma(value))

    def or_dash(self, value) -> str:
        # As {{ value|default_if_none:"—" }}.
        return "—" if value is None else self.value(value)


def _filled(words: str, values: dict, as_written) -> str:
    """``words % values`` as ``{% blocktranslate %}`` fills them: if the translation's
    placeholders do not fit, ``as_written()`` with no language active (the msgid, its
    values written again in no language)."""
    try:
        return words % values
    except (KeyError, ValueError):
        with override(None):
            return as_written()


# The msgids, written out in gettext() so that makemessages finds them here.
def _link_words() -> str:
    return gettext('link<span class="visually-hidden"> for %(title)s</span>')


def _month_words(count) -> str:
    return ngettext("%(counter)s activity in %(month)s", "%(counter)s activities in %(month)s", count)


def _not_counted_words() -> str:
    return gettext("(+%(count)s not counted)")


def group_rows(rows, activity_type) -> SafeString:
    """The ``<tr>`` of each of ``rows`` (activities of ``activity_type``, with ``.standing``
    and ``.provenance``), as the former ``{% for activity in group.rows %}`` wrote them."""
    formats = _Formats()
    short_date = formats.short_date
    not_counted = translated("not counted")  # outside the f-string, where makemessages finds it
    not_counted = f' <span class="badge text-bg-warning">{not_counted}</span>'
    link_words = _link_words()
    has_second = bool(activity_type.local_second_quantity_label)
    has_reach = bool(activity_type.local_reach_label)
    parts = []
    for activity in rows:
        standing = activity.standing
        counts = standing.counts
        warning = "" if counts else ' class="table-warning"'
        title = formats.value(activity.title)
        ended = f" – {formats.date(activity.ended_on, short_date)}" if activity.ended_on else ""
        flags = "".join(f' <span class="badge text-bg-warning">{conditional_escape(f)}</span>' for f in standing.flags)
        description = activity.description
        if description:
            words = conditional_escape(Truncator(description).words(40, truncate=" …"))
            description = f'<div class="small text-muted">{words}</div>'
        else:
            description = ""
        second = f'<td class="num">{formats.or_dash(activity.second_quantity)}</td>' if has_second else ""
        reach = f'<td class="num">{formats.or_dash(activity.reach)}</td>' if has_reach else ""
        if activity.url:
            values = {"title": title}
            text = _filled(link_words, values, lambda v=values: _link_words() % v)
            evidence = (
                f'<a href="{conditional_escape(activity.url)}" rel="noopener noreferrer nofollow" '
                f'target="_blank">{text}</a>'
            )
        else:
            evidence = "—"
        parts.append(
            f"\n        <tr{warning}>"
            f'\n          <td class="text-nowrap">{formats.date(activity.started_on, short_date)}{ended}</td>'
            f"\n          <td>{title}{'' if counts else not_counted}{flags}{description}"
            f"\n            <div>{conditional_escape(provenance(activity))}</div></td>"
            f'\n          <td class="num">{formats.intcomma(activity.quantity)}</td>'
            f"\n          {second}"
            f"\n          {reach}"
            f"\n          <td>{evidence}</td>"
            "\n        </tr>\n      "
        )
    return mark_safe("".join(parts))  # noqa: S308 -- every value escaped above; the words are the catalogue's


def month_rows(picture) -> SafeString:
    """The ``<tr>`` of each month of ``picture`` (a ``DossierPicture``), as the former
    ``{% for bar in picture.months %}`` wrote them."""
    formats = _Formats()
    most = formats.value(picture.month_max)
    parts = []
    for bar in picture.months:
        month = formats.date(bar.month, formats.year_month)
        count = formats.value(bar.count)
        values = {"counter": count, "month": month}
        label = _filled(
            _month_words(bar.count),
            values,
            lambda bar=bar: _month_label_as_written(bar.month, bar.count),
        )
        parts.append(
            f'\n        <tr><th scope="row">{month}</th><td class="num">{count}</td>'
            f'\n          <td><progress max="{most}" value="{count}" aria-label="{label}"></progress></td></tr>'
            "\n      "
        )
    return mark_safe("".join(parts))  # noqa: S308 -- every value escaped above; the words are the catalogue's


def _month_label_as_written(month, count) -> str:
    # The label of a month's bar, the values too, as {% blocktranslate %} writes it with no translation.
    values = {
        "counter": conditional_escape(localize(count)),
        "month": conditional_escape(date_format(month, "YEAR_MONTH_FORMAT")),
    }
    return _month_words(count) % values


def type_total_rows(picture) -> SafeString:
    """The ``<tr>`` of each type's totals of ``picture`` (a ``DossierPicture``), as the
    former ``{% for total in picture.types %}`` wrote them."""
    formats = _Formats()
    not_counted_words = _not_counted_words()
    parts = []
    for total in picture.types:
        kind = total.activity_type
        not_counted = ""
        if total.not_counted:
            words = _filled(
                not_counted_words,
                {"count": formats.value(total.not_counted)},
                lambda n=total.not_counted: _not_counted_words() % {"count": conditional_escape(localize(n))},
            )
            not_counted = f' <span class="small text-muted">{words}</span>'
        metrics = f"{formats.value(kind.local_quantity_label)}: {formats.intcomma(total.quantity)}"
        label = kind.local_second_quantity_label
        if label:
            metrics += f" · {formats.value(label)}: {formats.intcomma(total.second_quantity)}"
        label = kind.local_reach_label
        if label:
            metrics += f" · {formats.value(label)}: {formats.intcomma(total.reach)}"
        parts.append(
            f'\n      <tr><th scope="row">{formats.value(kind.local_name)}</th>'
            f'<td class="num">{formats.value(total.count)}{not_counted}</td>'
            f"\n        <td>{metrics}</td></tr>"
            "\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 -- every value escaped above; the words are the catalogue's
