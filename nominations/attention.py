"""Home-page attention items of the nominations app: the person's own dossiers.
(Staff items — nominations to invite, dossiers to review — are the desks'.)"""

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format

from mvp_portal.attention import AttentionItem
from mvp_portal.program_calendar import program_time_zone, program_today

from .models import Dossier
from .selectors import submission_target


def attention_items(user) -> list[AttentionItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    dossiers = list(
        Dossier.objects.filter(owner=user, state__in=Dossier.EDITABLE_STATES).annotate(
            activity_count=Count("activities")
        )
    )
    today = program_today()
    items: list[AttentionItem] = []
    for dossier in dossiers:
        deadline = submission_target(dossier, today).deadline
        verb = "was returned to you" if dossier.state == Dossier.State.RETURNED else "is a draft"
        when = (
            f"The deadline was {date_format(deadline)}"
            if deadline < today
            else f"Submit it by {date_format(deadline)}, 23:59:59 {program_time_zone()}"
        )
        items.append(
            AttentionItem(
                title=f"Your {dossier.get_kind_display().lower()} dossier {verb}",
                url=reverse("nominations:dossier-edit", kwargs={"pk": dossier.pk}),
                detail=f"{when} ({dossier.activity_count} activities so far).",
            )
        )
    return items
