from django import template

from mvp_portal.accounts.selectors import is_mvp_on
from mvp_portal.program_calendar import program_today

register = template.Library()


@register.simple_tag(takes_context=True)
def is_mvp_today(context) -> bool:
    """Whether the signed-in person holds an award today (cached on the user object)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and is_mvp_on(user, program_today()))
