"""The rows of a dossier's activity table, written in Python.

The nominee's dossier page and editor show up to fifty activities
(``ACTIVITY_PAGE_SIZE``); through Django's template language each row cost
0.5-1 ms (two dates, three numbers, a provenance, three links and five
translated words), most of those pages' time. ``activity_rows`` writes what the
row loop of ``nominations/_activity_table.html`` wrote, byte for byte:
``tests/nominations/test_activity_rows.py`` keeps that loop as the reference and
compares the two in four languages.
"""

from datetime import date

from django.template.defaultfilters import capfirst
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from mvp_portal import html_rows
from mvp_portal.html_rows import blocktranslated, text, translated, url_for
from nominations.templatetags.nominations_tags import provenance


def _sort_key(value) -> str:
    """``{{ value|date:'Y-m-d' }}``: for a date, its ISO form (``dateformat``'s Y, m and d are its
    zero-padded numbers), without building a ``DateFormat`` a row."""
    return value.isoformat() if type(value) is date else html_rows.date(value, "Y-m-d")


def activity_rows(activities, *, can_edit: bool, dossier) -> SafeString:
    """The ``<tr>`` of each of ``activities`` (from ``counting.dossier_picture``: each with its
    ``standing``, its type and ``provenance`` read), with the owner's links when ``can_edit``."""
    not_counted = translated("Not counted.")
    if can_edit:
        edit_label, copy_label, delete_label = translated("Edit"), translated("Copy"), translated("Delete")
        copy_hint = translated("Add another activity like this one, with a new date")
        copy_url = text(reverse("nominations:dossier-edit", args=[dossier.pk]))
        edit_url, delete_url = url_for("nominations:activity-edit"), url_for("nominations:activity-delete")
    formats = html_rows.Formats()
    # A page's activities share a few types and many dates: each written once.
    labels: dict[int, tuple] = {}
    short_dates: dict[date, SafeString] = {}

    def short_date(day) -> SafeString:
        written = short_dates.get(day)
        if written is None:
            written = short_dates[day] = formats.date(day, formats.short_date)
        return written

    out = []
    for activity in activities:
        standing, t = activity.standing, activity.activity_type
        words = labels.get(id(t))  # the types are alive (the activities hold them) while this runs
        if words is None:
            second, reach = t.local_second_quantity_label, t.local_reach_label
            words = labels[id(t)] = (
                text(t.local_name),
                text(t.local_quantity_label),
                second and text(second),
                reach and text(reach),
            )
        name, quantity_label, second_label, reach_label = words
        pk = activity.pk
        number = text(pk)
        title = text(activity.title)

        dates = short_date(activity.started_on)
        if activity.ended_on:
            dates += f" → {short_date(activity.ended_on)}"
        title_cell = f'<a href="{text(activity.url)}" rel="noopener nofollow">{title}</a>' if activity.url else title
        if standing.counts:
            outside = reasons = ""
        else:
            outside = ' class="nom-outside"'
            reasons = (
                f'<div class="small text-danger-emphasis"><strong>{not_counted}</strong> '
                f"{' '.join(conditional_escape(reason) for reason in standing.reasons)}</div>"
            )
        flags = "".join(f'<div class="small text-warning-emphasis">{text(flag)}</div>' for flag in standing.flags)
        metrics = f"{quantity_label}: {formats.intcomma(activity.quantity)}"
        if second_label and activity.second_quantity is not None:
            metrics += f" · {second_label}: {formats.intcomma(activity.second_quantity)}"
        if reach_label and activity.reach is not None:
            metrics += f" · {reach_label}: {formats.intcomma(activity.reach)}"
        if can_edit:
            copy_words = blocktranslated("%(title)s into a new activity", title=title)
            actions = (
                '<td class="text-nowrap">\n'
                f'        <a class="btn btn-sm btn-outline-secondary" href="{conditional_escape(edit_url(pk))}">'
                f'{edit_label}<span class="visually-hidden"> {title}</span></a>\n'
                f'        <a class="btn btn-sm btn-outline-secondary" href="{copy_url}?copy={number}#add-activity" '
                f'title="{copy_hint}">{copy_label}<span class="visually-hidden"> {copy_words}</span></a>\n'
                f'        <a class="btn btn-sm btn-outline-danger" data-delete-activity '
                f'href="{conditional_escape(delete_url(pk))}">{delete_label}'
                f'<span class="visually-hidden"> {title}</span></a>\n'
                "      </td>"
            )
        else:
            actions = ""
        out.append(
            f'\n    \n    <tr id="activity-{number}"{outside}>\n'
            f'      <td class="text-nowrap" data-sort="{_sort_key(activity.started_on)}">{dates}</td>\n'
            f"      <td>{name}</td>\n"
            '      <th scope="row" class="fw-normal">\n'
            f"        {title_cell}\n"
            f"        {reasons}\n"
            f"        {flags}\n"
            f"        <div>{provenance(activity)}</div>\n"
            "      </th>\n"
            f'      <td class="small">{metrics}</td>\n'
            f'      <td class="small">{text(capfirst(activity.visibility))}</td>\n'
            f"      {actions}\n"
            "    </tr>\n    \n  "
        )
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped (text, conditional_escape)
