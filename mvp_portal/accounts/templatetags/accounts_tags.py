from datetime import timedelta

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from mvp_portal.attention import kept_for_person
from mvp_portal.program_calendar import program_today

from ..countries import country_name
from ..roles import Role, role_names
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


@register.simple_tag(takes_context=True)
def navigation(context) -> str:
    """The navigation bar's items (``_nav_items.html``, each app's fragment). A signed-in
    person's are kept (``mvp_portal.attention.kept_for_person``, under their roles and
    language): the fragments ask whether they hold an award today, own a dossier or have
    evaluations, and those three queries and their rendering were half of the least a
    signed-in page costs (bench/NOTES.md)."""
    items = context.template.engine.get_template("_nav_items.html")
    user = getattr(context.get("request"), "user", None)
    if not (user and user.is_authenticated):
        return items.render(context)
    parts = (translation.get_language() or "", user.is_superuser, *sorted(role_names(user)))
    return mark_safe(kept_for_person(user, "navigation", parts, lambda: items.render(context), today=program_today()))  # noqa: S308 -- our own template's output


@register.filter(name="country_name")
def country_name_filter(country) -> str:
    """A country (or its code) by its name in the reader's language (``accounts.countries``)."""
    return country_name(country)
