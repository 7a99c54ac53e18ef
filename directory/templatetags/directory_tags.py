from django import template

from mvp_portal.accounts.avatars import LARGE, SMALL, colour_index, initials
from mvp_portal.accounts.selectors import is_mvp_on
from mvp_portal.program_calendar import program_today

register = template.Library()


@register.simple_tag(takes_context=True)
def is_mvp_today(context) -> bool:
    """Whether the signed-in person holds an award today (cached on the user object)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and is_mvp_on(user, program_today()))


@register.inclusion_tag("directory/_avatar.html")
def avatar(person, size: str = "small") -> dict:
    """The person's photo, or their initials in a coloured circle without one.

    ``size``: "small" (the cards: the 64-pixel square, the 256 one on sharp
    screens) or "large" (the profile). Decorative (``alt=""``): the name is
    always beside it."""
    digest = getattr(person, "avatar_digest", "")
    return {
        "person": person,
        "size": "large" if size == "large" else "small",
        "digest": digest,
        "initials": "" if digest else initials(person.display_name),
        "colour": colour_index(person.pk),
        "small": SMALL,
        "large": LARGE,
    }
