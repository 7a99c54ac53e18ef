"""Home-page items of the staff desks: what waits on a lead or an admin."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mvp_portal.accounts.roles import is_mvp_lead, is_program_admin
from mvp_portal.attention import AttentionItem
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.program_calendar import program_today

from . import selectors

SOON = timedelta(days=14)


def attention_items(user) -> list[AttentionItem]:
    if not (is_mvp_lead(user) or is_program_admin(user)):
        return []
    today = program_today()
    desk = selectors.lead_desk(user, today=today)
    url = reverse("desks:lead")
    items = [
        AttentionItem(title, url, detail, count=waiting.total)
        for title, detail, waiting in (
            (_("Nominations to invite"), _("Invite the nominee, or look at who supports them."), desk.nominations),
            (_("Dossiers to review"), _("Assign evaluators and recommend."), desk.dossiers),
            (_("Evaluations overdue"), _("Past their cycle's evaluation deadline."), desk.overdue),
        )
        if waiting.total
    ]
    if is_program_admin(user):
        items += _admin_items(today)
    return items


def _admin_items(today) -> list[AttentionItem]:
    items = []
    summaries = selectors.cycle_summaries(
        AwardCycle.objects.filter(state__in=AwardCycle.ANNOUNCEABLE_STATES, award_date__lte=today + SOON * 8).order_by(
            "award_date"
        )[:3]
    )
    for summary in summaries:
        cycle = summary.cycle
        url = reverse("desks:cycle", args=[cycle.pk])
        if cycle.award_date <= today:
            items.append(
                AttentionItem(
                    _("Announce the %(date)s cycle") % {"date": date_format(cycle.award_date)},
                    url,
                    _("%(decided)s decided, %(waiting)s waiting for a decision.")
                    % {"decided": summary.decided, "waiting": summary.undecided_in_review},
                )
            )
            continue
        for label, day in (
            (_("Submissions close for the %(date)s cycle"), cycle.submission_deadline),
            (_("Evaluations close for the %(date)s cycle"), cycle.evaluation_deadline),
        ):
            if today <= day <= today + SOON:
                items.append(
                    AttentionItem(
                        label % {"date": date_format(cycle.award_date)},
                        url,
                        _("on %(day)s, 23:59:59 (%(zone)s)")
                        % {"day": date_format(day), "zone": settings.PROGRAM_TIME_ZONE},
                    )
                )
        if summary.undecided_in_review and cycle.state == AwardCycle.State.EVALUATING:
            items.append(
                AttentionItem(
                    _("Submitted dossiers without a decision (%(date)s)") % {"date": date_format(cycle.award_date)},
                    reverse("desks:dossier-list") + f"?award_date={cycle.award_date:%Y-%m-%d}",
                    count=summary.undecided_in_review,
                )
            )
    return items
