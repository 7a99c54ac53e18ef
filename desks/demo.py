"""Demo data for the admin desk's chasing and trends (``seed_demo``, after the
domain apps): a draft past its deadline in the cycle waiting to be announced
(to remind; its date is past, so it can only be rolled or closed), a draft of
the next cycle with a deadline a program admin extended (logged, seen by its
nominee), and closed or invited nominations spread over the past two years so that the
dashboard's trends have several cycles of nominations as well as of awards."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluations.selectors import queue_changed
from mvp_portal import program_calendar as cal
from mvp_portal.cycles.models import AwardCycle
from nominations.models import Dossier, Nomination
from nominations.services import dossier_deadline_extend, dossier_log

from .dashboard import pipeline_changed


def seed(context) -> None:
    today, admin = context.today, context.objects.get("admin")
    # The demo logins' own dossiers stay as their journeys expect them.
    demo_people = context.objects.get("nominees", [])[:1] + context.objects.get("mvps", [])[:1]
    others = list(
        Dossier.objects.filter(state__in=Dossier.EDITABLE_STATES)
        .exclude(owner_id__in=[person.pk for person in demo_people if person is not None])
        .order_by("kind", "pk")  # new dossiers first: one of them moves to the past cycle
    )
    notes = []
    latest = AwardCycle.objects.filter(
        award_date=cal.award_date_on_or_before(today), state__in=AwardCycle.ANNOUNCEABLE_STATES
    ).first()
    if latest is not None and others and others[0].kind == Dossier.Kind.NEW:
        late = others.pop(0)
        Dossier.objects.filter(pk=late.pk).update(award_date=latest.award_date)
        dossier_log(
            dossier=late,
            actor=None,
            action="demo_moved",
            message=f"Demo: a draft of the {latest.award_date:%Y-%m-%d} cycle, past its deadline.",
        )
        notes.append(f"a draft past its deadline in the {latest.award_date:%Y-%m-%d} cycle")
    upcoming = AwardCycle.objects.filter(
        award_date=cal.award_date_after(today), state__in=AwardCycle.ANNOUNCEABLE_STATES
    ).first()
    if upcoming is not None and admin is not None and others:
        new_deadline = min(max(upcoming.submission_deadline, today) + timedelta(days=7), upcoming.evaluation_deadline)
        for target in (d for d in others if d.award_date == upcoming.award_date):
            try:
                dossier_deadline_extend(
                    dossier_id=target.pk,
                    actor=admin,
                    new_deadline=new_deadline,
                    reason="Demo: travelling for a conference during the last week.",
                    today=today,
                )
            except (PermissionDenied, ValidationError):
                continue  # the admin's conflict of interest, or no room before the evaluation deadline
            notes.append(
                f"one deadline of the {upcoming.award_date:%Y-%m-%d} cycle extended to {new_deadline:%Y-%m-%d}"
            )
            break
    # Nominations without a dossier count toward the award date open when they were made.
    earlier = (Nomination.State.CLOSED, Nomination.State.INVITED)
    closed = [n for n in context.objects.get("nominations", []) if n.state in earlier]
    now = timezone.now()
    for index, nomination in enumerate(closed):
        back = 90 * (1 + index % 8)  # over the last eight quarters
        Nomination.objects.filter(pk=nomination.pk).update(created_at=now - timedelta(days=back))
    if closed:
        notes.append(f"{len(closed)} closed or invited nominations spread over the last eight quarters")
    if notes:
        context.summary.append("admin desk: " + "; ".join(notes))
    # The domain apps seeded in bulk (no signals): the dashboard's and the queue's kept counts start again.
    pipeline_changed()
    queue_changed()
