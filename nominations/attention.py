"""Home-page attention items of the nominations app."""

from django.db.models import Count
from django.urls import reverse

from mvp_portal import program_calendar as cal
from mvp_portal.accounts.roles import is_mvp_lead, is_program_admin
from mvp_portal.attention import AttentionItem

from . import selectors
from .models import Dossier, Nomination


def attention_items(user) -> list[AttentionItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[AttentionItem] = []
    for dossier in Dossier.objects.filter(owner=user, state__in=Dossier.EDITABLE_STATES).annotate(
        activity_count=Count("activities")
    ):
        deadline = cal.submission_deadline(dossier.award_date)
        verb = "was returned to you" if dossier.state == Dossier.State.RETURNED else "is a draft"
        items.append(
            AttentionItem(
                title=f"Your {dossier.get_kind_display().lower()} dossier {verb}",
                url=reverse("nominations:dossier-edit", kwargs={"pk": dossier.pk}),
                detail=f"Submit it by {deadline:%-d %B %Y}, 23:59:59 {cal.program_time_zone()} "
                f"({dossier.activity_count} activities so far).",
            )
        )
    if is_mvp_lead(user) or is_program_admin(user):
        waiting = selectors.nominations_for_lead(user).filter(state=Nomination.State.SUBMITTED).count()
        if waiting:
            items.append(
                AttentionItem(
                    title="Nominations waiting for an invitation",
                    url=reverse("nominations:nomination-queue"),
                    count=waiting,
                )
            )
        submitted = selectors.dossiers_for_lead(user).count()
        if submitted:
            items.append(
                AttentionItem(
                    title="Submitted dossiers in your countries",
                    url=reverse("nominations:nomination-queue"),
                    count=submitted,
                )
            )
    return items
