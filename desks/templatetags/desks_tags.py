from django import template

from desks import rows

register = template.Library()


@register.simple_tag
def queue_rows(queue) -> str:
    """The dossier queue's rows (``desks.rows.queue_rows``)."""
    return rows.queue_rows(queue)


@register.simple_tag(takes_context=True)
def nomination_rows(context, nominations) -> str:
    """The lead desk's nominations to invite (``desks.rows.nomination_rows``), with the page's
    CSRF token and address, as ``{% csrf_token %}`` and ``{{ request.get_full_path }}`` wrote them."""
    request = context.get("request")
    return rows.nomination_rows(
        nominations,
        csrf_token=str(context.get("csrf_token") or ""),
        next_path=request.get_full_path() if request is not None else "",
    )


@register.simple_tag
def review_rows(dossiers) -> str:
    """The lead desk's dossiers to review (``desks.rows.review_rows``)."""
    return rows.review_rows(dossiers)


@register.simple_tag
def overdue_rows(assignments) -> str:
    """The lead desk's overdue evaluations (``desks.rows.overdue_rows``)."""
    return rows.overdue_rows(assignments)


@register.simple_tag
def dossier_table_rows(dossiers, show_ends=False) -> str:
    """The rows of a cycle's dossier tables (``desks.rows.dossier_table_rows``)."""
    return rows.dossier_table_rows(dossiers, show_ends=bool(show_ends))


@register.simple_tag
def nomination_list_rows(nominations) -> str:
    """The rows of the lead's nominations (``desks.rows.nomination_list_rows``)."""
    return rows.nomination_list_rows(nominations)
