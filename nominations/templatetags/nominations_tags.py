from django import template

from nominations.models import Dossier
from nominations.selectors import CONFLICT_REASON_TEXT

register = template.Library()


@register.filter
def conflict_reason(reason: str) -> str:
    """A conflict of interest's reason (``CONFLICT_REASONS``) as the page says it to the viewer."""
    return str(CONFLICT_REASON_TEXT.get(reason, reason))


@register.simple_tag(takes_context=True)
def has_dossiers(context) -> bool:
    """Whether the signed-in person owns a dossier (the navigation offers "My dossiers")."""
    user = getattr(context.get("request"), "user", None)
    if not (user and user.is_authenticated):
        return False
    if "_has_dossiers" not in user.__dict__:
        user.__dict__["_has_dossiers"] = Dossier.objects.filter(owner=user).exists()
    return user.__dict__["_has_dossiers"]
