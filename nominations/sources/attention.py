"""Home-page attention item: suggestions from the person's sources wait for a decision."""

from django.urls import reverse
from django.utils.translation import gettext as _

from mvp_portal.attention import AttentionItem

from .selectors import pending_suggestion_count


def attention_items(user) -> list[AttentionItem]:
    count = pending_suggestion_count(user)
    if not count:
        return []
    return [
        AttentionItem(
            title=_("Activities found by your sources"),
            url=reverse("nominations:source-list") + "#suggestions",
            detail=_("Accept the ones to add to your dossier, or dismiss them."),
            count=count,
        )
    ]
