"""Home-page attention items of the awards app."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from mvp_portal.accounts.roles import is_program_admin
from mvp_portal.attention import AttentionItem
from mvp_portal.program_calendar import program_today

from . import selectors
from .models import AwardCycle

SOON = timedelta(days=14)


def attention_items(user) -> list[AttentionItem]:
    today = program_today()
    items: list[AttentionItem] = []
    if is_program_admin(user):
        cycles = AwardCycle.objects.filter(state__in=AwardCycle.ANNOUNCEABLE_STATES, award_date__lte=today + SOON * 8)
        for cycle in cycles.order_by("award_date")[:3]:
            url = reverse("awards:cycle-detail", args=[cycle.pk])
            lacking = selectors.cycle_lacking_decision_count(cycle)
            if cycle.award_date <= today:
                items.append(
                    AttentionItem(
                        f"Announce the {cycle.award_date:%-d %B %Y} cycle", url, f"{lacking} dossier(s) undecided"
                    )
                )
                continue
            for label, day in (
                ("Submissions close", cycle.submission_deadline),
                ("Evaluations close", cycle.evaluation_deadline),
            ):
                if today <= day <= today + SOON:
                    items.append(
                        AttentionItem(
                            f"{label} for the {cycle.award_date:%-d %B %Y} cycle",
                            url,
                            f"on {day:%-d %B %Y}, 23:59:59 ({settings.PROGRAM_TIME_ZONE})",
                        )
                    )
            if lacking and cycle.state == AwardCycle.State.EVALUATING:
                items.append(
                    AttentionItem(f"Dossiers lacking a decision ({cycle.award_date:%-d %B %Y})", url, count=lacking)
                )
    dossier = selectors.open_renewal_dossier_for(user)
    if dossier is not None:
        cycle = AwardCycle.objects.filter(award_date=dossier.award_date).first()
        due = cycle.submission_deadline if cycle else None
        items.append(
            AttentionItem(
                "Your renewal dossier is open",
                reverse("nominations:dossier-detail", args=[dossier.pk]),
                (
                    f"{'was due' if due < today else 'due'} on {due:%-d %B %Y}, 23:59:59 ({settings.PROGRAM_TIME_ZONE})"
                    if due
                    else ""
                ),
            )
        )
    return items
