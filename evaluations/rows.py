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
falls back to the words as written when a translation's placeholders do not fit
(``mvp_portal.html_rows``). The active language's formats are looked up once per
call, not per value (``html_rows.Formats``).
"""

from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from mvp_portal.html_rows import Formats, blocktranslated, blocktranslated_plural, translated
from nominations.templatetags.nominations_tags import provenance


def group_rows(rows, activity_type) -> SafeString:
    """The ``<tr>`` of each of ``rows`` (activities of ``activity_type``, with ``.standing``
    and ``.provenance``), as the former ``{% for activity in group.rows %}`` wrote them."""
    formats = Formats()
    short_date = formats.short_date
    not_counted = translated("not counted")  # outside the f-string, where makemessages finds it
    not_counted = f' <span class="badge text-bg-warning">{not_counted}</span>'
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
            link = blocktranslated('link<span class="visually-hidden"> for %(title)s</span>', title=activity.title)
            evidence = (
                f'<a href="{conditional_escape(activity.url)}" rel="noopener noreferrer nofollow" '
                f'target="_blank">{link}</a>'
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
    formats = Formats()
    most = formats.value(picture.month_max)
    parts = []
    for bar in picture.months:
        month = formats.date(bar.month, formats.year_month)
        count = formats.value(bar.count)
        label = blocktranslated_plural(
            "%(counter)s activity in %(month)s",
            "%(counter)s activities in %(month)s",
            bar.count,
            counter=bar.count,
            month=lambda day=bar.month: date_format(day, "YEAR_MONTH_FORMAT"),
        )
        parts.append(
            f'\n        <tr><th scope="row">{month}</th><td class="num">{count}</td>'
            f'\n          <td><progress max="{most}" value="{count}" aria-label="{label}"></progress></td></tr>'
            "\n      "
        )
    return mark_safe("".join(parts))  # noqa: S308 -- every value escaped above; the words are the catalogue's


def type_total_rows(picture) -> SafeString:
    """The ``<tr>`` of each type's totals of ``picture`` (a ``DossierPicture``), as the
    former ``{% for total in picture.types %}`` wrote them."""
    formats = Formats()
    parts = []
    for total in picture.types:
        kind = total.activity_type
        not_counted = ""
        if total.not_counted:
            words = blocktranslated("(+%(count)s not counted)", count=total.not_counted)
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
