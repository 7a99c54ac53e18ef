from datetime import timedelta

from django import template

from ..signin import duration_words

register = template.Library()


@register.filter
def duration(value) -> str:
    """A ``timedelta`` in words: "15 minutes", "1 hour and 30 minutes"."""
    return duration_words(value) if isinstance(value, timedelta) else ""
