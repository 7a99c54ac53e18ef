from django import template

from desks import rows

register = template.Library()


@register.simple_tag
def queue_rows(queue) -> str:
    """The dossier queue's rows (``desks.rows.queue_rows``)."""
    return rows.queue_rows(queue)
