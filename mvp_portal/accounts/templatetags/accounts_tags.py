from datetime import timedelta

from django import template

from ..roles import Role
from ..signin import duration_words

register = template.Library()


@register.filter
def duration(value) -> str:
    """A ``timedelta`` in words: "15 minutes", "1 hour and 30 minutes"."""
    return duration_words(value) if isinstance(value, timedelta) else ""


@register.filter
def role_label(group_name: str) -> str:
    """A role's group name (``Role``'s value, spelled in English) as the page says it."""
    return str(Role(group_name).label) if group_name in Role.values else group_name
