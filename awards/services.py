"""Every write of the awards app: cycles, announcements, renewal windows.

Set-based throughout: the daily run and the announcement read and write whole
sets of rows with a number of queries that does not grow with the rows.
Exactly-once is held by the database, not by timing:

- an award's renewal dossier is ``Award.renewal_dossier`` (one-to-one) and the
  dossier's ``(owner, award_date)`` is unique;
- every notice has a stable idempotency key (unique in the outbox);
- the award rows a scan works on are locked with ``FOR UPDATE SKIP LOCKED``
  (PostgreSQL), so two concurrent scans take disjoint sets;
- an announcement is claimed by compare-and-set on the cycle's state, and
  ``Award`` is unique per (user, cycle).
"""

import functools
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import dateformat, timezone

from evaluations.models import Decision
from evaluations.services import decisions_mark_announced
from mvp_portal import bulk
from mvp_portal import program_calendar as cal
from mvp_portal.accounts.selectors import leads_by_country
from mvp_portal.notices.services import PendingNotice, notices_enqueue_many
from nominations.models import Dossier
from nominations.services import RenewalDossierSpec, dossiers_log_many, dossiers_open_renewals

from .models import Award, AwardCycle

logger = logging.getLogger(__name__)

CYCLES_AHEAD = 4
ANNOUNCE_CHUNK = 1000
REMINDER_DAYS = (30, 7)
STALE_ANNOUNCEMENT = timedelta(hours=1)


@functools.lru_cache(maxsize=256)
def _long(day: date | None) -> str:
    """A date as e-mails show it ("1 October 2027"); formatted once per date,
    not once per notice (the date filter dominates rendering thousands)."""
    return dateformat.format(day, "j F Y") if day else ""


def _dossier_url(dossier_id: int) -> str:
    return reverse("nominations:dossier-detail", args=[dossier_id])


# Cycles ------------------------------------------------------------------------
def cycles_ensure(*, today: date, ahead: int = CYCLES_AHEAD) -> int:
    """Make sure the next ``ahead`` award dates (from ``today``) have a cycle,
    with the default deadlines. Idempotent; returns how many were created."""
    dates = cal.award_dates_from(today, ahead)
    missing = set(dates) - set(AwardCycle.objects.filter(award_date__in=dates).values_list("award_date", flat=True))
    created = AwardCycle.objects.bulk_create(
        [
            AwardCycle(
                award_date=day,
                submission_deadline=cal.submission_deadline(day),
                evaluation_deadline=cal.evaluation_deadline(day),
            )
            for day in sorted(missing)
        ],
        ignore_conflicts=True,
    )
    return len(created)


def cycles_advance(*, today: date) -> int:
    """Cycles whose submission deadline has passed move on to evaluating."""
    return AwardCycle.objects.filter(state=AwardCycle.State.OPEN, submission_deadline__lt=today).update(
        state=AwardCycle.State.EVALUATING
    )


def cycle_for(award_date: date) -> AwardCycle:
    """The cycle of ``award_date``, created with default deadlines if missing."""
    cycle, _ = AwardCycle.objects.get_or_create(
        award_date=award_date,
        defaults={
            "submission_deadline": cal.submission_deadline(award_date),
            "evaluation_deadline": cal.evaluation_deadline(award_date),
        },
    )
    return cycle


@transaction.atomic
def cycle_deadlines_update(
    *, cycle_id: int, submission_deadline: date, evaluation_deadline: date, actor, today: date
) -> AwardCycle:
    """Program admins move a cycle's deadlines (before it is announced)."""
    cycle = AwardCycle.objects.select_for_update().get(pk=cycle_id)
    if cycle.state not in AwardCycle.ANNOUNCEABLE_STATES:
        raise ValidationError("This cycle is being or has been announced; its deadlines can no longer change.")
    if not submission_deadline <= evaluation_deadline < cycle.award_date:
        raise ValidationError(
            "The submission deadline must come no later than the evaluation deadline, and both before the award date."
        )
    cycle.submission_deadline = submission_deadline
    cycle.evaluation_deadline = evaluation_deadline
    # Reopen for submissions when the deadline moves into the future again.
    cycle.state = AwardCycle.State.EVALUATING if submission_deadline < today else AwardCycle.State.OPEN
    cycle.save(update_fields=["submission_deadline", "evaluation_deadline", "state"])
    logger.info("Cycle %s deadlines changed by %s", cycle.award_date, actor)
    return cycle


# Renewal windows ---------------------------------------------------------------
def _candidates_in_window(today: date):
    """Awards held on ``today`` whose renewal window may be open and that have
    no renewal dossier yet (a superset: the exact window is checked in Python)."""
    return Award.objects.filter(
        renewal_dossier__isnull=True,
        ends_on__gte=today,
        starts_on__lte=cal.latest_start_in_renewal_window(today),
    )


@transaction.atomic
def renewals_open(*, today: date) -> int:
    """Open the renewal dossier of every award whose renewal window is open on
    ``today`` and that has none yet, and send the re-evaluation notice to the
    MVP and to the MVP lead(s) of their country. Returns how many it opened.

    Which awards: ``renewal_opens_on(starts_on) <= today <= ends_on``. A run
    after downtime catches up on every award whose window opened meanwhile,
    as long as the award is still held; an award that has already ended is
    past its renewal cycle's deadlines, so nothing is opened for it (it has
    lapsed). Nothing is opened before the window.

    Exactly once: the award rows are locked (``SKIP LOCKED``, so a concurrent
    run takes the others), the dossier is unique per (owner, award date), the
    link is one-to-one and the notice keys are unique.
    """
    locked = (
        _candidates_in_window(today)
        .select_for_update(skip_locked=True, of=("self",))
        .values_list("pk", "user_id", "expertise_id", "starts_on", "ends_on")
    )
    awards = [row for row in locked if cal.is_in_renewal_window(row[3], today)]
    if not awards:
        return 0
    dossier_ids = dossiers_open_renewals(
        specs=[
            RenewalDossierSpec(
                owner_id=user_id,
                expertise_id=expertise_id,
                award_date=cal.renewal_award_date(starts_on),
                period_start=starts_on,
                period_end=ends_on,
            )
            for _pk, user_id, expertise_id, starts_on, ends_on in awards
        ],
        owner_ids=_candidates_in_window(today).values("user_id"),
    )
    links = {pk: dossier_ids[(user_id, cal.renewal_award_date(starts_on))] for pk, user_id, _e, starts_on, _ in awards}
    bulk.update_rows(Award, field_name="renewal_dossier", values=links)
    opened_at = timezone.now()
    dossiers_log_many(
        entries=[
            (
                dossier_id,
                "renewal_opened",
                "Renewal window opened: the MVP is asked to document the past year again.",
                {"award_id": award_id, "opened_on": today.isoformat()},
            )
            for award_id, dossier_id in links.items()
        ],
        at=opened_at,
    )
    _renewal_notices(award_ids=list(links), today=today, opened_at=opened_at)
    return len(links)


def _renewal_notices(*, award_ids: list[int], today: date, opened_at) -> None:
    """The re-evaluation notice for each award, to the MVP and their lead(s)."""
    awards = (
        Award.objects.filter(
            ends_on__gte=today,
            starts_on__lte=cal.latest_start_in_renewal_window(today),
            renewal_dossier__log_entries__action="renewal_opened",
            renewal_dossier__log_entries__created_at__gte=opened_at,
        )
        .select_related("user", "expertise", "renewal_dossier")
        .distinct()
    )
    wanted = set(award_ids)
    cycles = {}
    leads = leads_by_country()
    pending: list[PendingNotice] = []
    for award in awards:
        if award.pk not in wanted:
            continue
        dossier = award.renewal_dossier
        if dossier.award_date not in cycles:
            cycles[dossier.award_date] = cycle_for(dossier.award_date)
        cycle = cycles[dossier.award_date]
        context = {
            "mvp_name": award.user.display_name,
            "mvp_email": award.user.email,
            "expertise": award.expertise.name,
            "ends_on": _long(award.ends_on),
            "renewal_date": _long(dossier.award_date),
            "submission_deadline": _long(cycle.submission_deadline),
            "time_zone": settings.PROGRAM_TIME_ZONE,
            "dossier_url": _dossier_url(dossier.pk),
            "period_start": _long(dossier.period_start),
            "period_end": _long(dossier.period_end),
        }
        pending.append(
            PendingNotice(
                key=f"awards:renewal-opened:{award.pk}:mvp",
                to=award.user,
                template="awards/emails/renewal_opened",
                context=context,
            )
        )
        for lead in leads.get(str(award.user.country), []):
            pending.append(
                PendingNotice(
                    key=f"awards:renewal-opened:{award.pk}:lead:{lead.pk}",
                    to=lead,
                    template="awards/emails/renewal_opened_lead",
                    context=context,
                )
            )
    notices_enqueue_many(pending)


@transaction.atomic
def renewal_reminders_send(*, today: date) -> int:
    """Remind MVPs whose renewal dossier is not submitted: 30 and 7 days
    before the cycle's submission deadline, each once (notice keys). A run
    after downtime sends only the latest reminder due."""
    due = {}
    for cycle in AwardCycle.objects.filter(state=AwardCycle.State.OPEN, submission_deadline__gte=today):
        days = cal.reminder_due(cycle.submission_deadline, today, REMINDER_DAYS)
        if days is not None:
            due[cycle.award_date] = (cycle, days)
    if not due:
        return 0
    dossiers = Dossier.objects.filter(
        kind=Dossier.Kind.RENEWAL, state__in=Dossier.EDITABLE_STATES, award_date__in=list(due)
    ).select_related("owner", "expertise")
    pending = []
    for dossier in dossiers:
        cycle, days = due[dossier.award_date]
        pending.append(
            PendingNotice(
                key=f"awards:renewal-reminder:{dossier.pk}:{days}",
                to=dossier.owner,
                template="awards/emails/renewal_reminder",
                context={
                    "days": days,
                    "mvp_name": dossier.owner.display_name,
                    "expertise": dossier.expertise.name,
                    "renewal_date": _long(dossier.award_date),
                    "submission_deadline": _long(cycle.submission_deadline),
                    "time_zone": settings.PROGRAM_TIME_ZONE,
                    "dossier_url": _dossier_url(dossier.pk),
                },
            )
        )
    return len(notices_enqueue_many(pending))


def announcements_resume(*, now=None) -> int:
    """Finish announcements whose task was lost (broker down when it was
    enqueued, worker killed): claimed more than ``STALE_ANNOUNCEMENT`` ago and
    still announcing. ``cycle_announce`` is resumable, so this is safe."""
    stale = (now or timezone.now()) - STALE_ANNOUNCEMENT
    cycle_ids = list(
        AwardCycle.objects.filter(state=AwardCycle.State.ANNOUNCING, announce_requested_at__lt=stale).values_list(
            "pk", flat=True
        )
    )
    for cycle_id in cycle_ids:
        cycle_announce(cycle_id=cycle_id)
    return len(cycle_ids)


@dataclass(frozen=True)
class DailyRun:
    today: date
    cycles_created: int
    cycles_advanced: int
    renewals_opened: int
    reminders_sent: int
    announcements_resumed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.today:%Y-%m-%d}: {self.cycles_created} cycle(s) created, {self.cycles_advanced} moved to "
            f"evaluating, {self.renewals_opened} renewal dossier(s) opened, {self.reminders_sent} reminder(s) queued"
        )


def awards_daily(*, today: date) -> DailyRun:
    """The daily run: what the beat task and ``send_renewal_notices`` do."""
    created = cycles_ensure(today=today)
    advanced = cycles_advance(today=today)
    opened = renewals_open(today=today)
    reminded = renewal_reminders_send(today=today)
    resumed = announcements_resume()
    return DailyRun(today, created, advanced, opened, reminded, resumed)


# Announcement ------------------------------------------------------------------
def undecided_dossiers(cycle: AwardCycle):
    return Dossier.objects.filter(award_date=cycle.award_date, decision__isnull=True)


@transaction.atomic
def cycle_announce_request(*, cycle_id: int, actor, today: date, confirm_undecided: bool = False) -> bool:
    """Claim the cycle for announcement (compare-and-set on its state) and
    start the announcing task after commit. Returns False when someone else
    claimed it first (or it is already announced): nothing more happens."""
    cycle = AwardCycle.objects.get(pk=cycle_id)
    if cycle.award_date > today:
        raise ValidationError(f"This cycle can be announced on or after {cycle.award_date:%-d %B %Y}.")
    if cycle.state not in AwardCycle.ANNOUNCEABLE_STATES:
        return False
    undecided = undecided_dossiers(cycle).count()
    if undecided and not confirm_undecided:
        raise ValidationError(
            f"{undecided} dossier(s) of this cycle have no decision. Confirm to announce without them: "
            "they will not be awarded in this cycle."
        )
    total = Decision.objects.filter(dossier__award_date=cycle.award_date, announced_at__isnull=True).count()
    claimed = AwardCycle.objects.filter(pk=cycle.pk, state__in=AwardCycle.ANNOUNCEABLE_STATES).update(
        state=AwardCycle.State.ANNOUNCING,
        progress_done=0,
        progress_total=total,
        announce_requested_by=actor,
        announce_requested_at=timezone.now(),
    )
    if claimed != 1:
        return False
    from .tasks import announce_cycle

    transaction.on_commit(lambda: announce_cycle.delay(cycle.pk))
    return True


def cycle_announce(*, cycle_id: int) -> int:
    """Announce a claimed cycle: the task's body. Idempotent and resumable.

    Works through the cycle's not-yet-announced decisions in chunks, each in
    its own transaction (so the progress bar moves), the chunk's decisions
    locked ``SKIP LOCKED`` so that a duplicate task takes other rows:

    - award on a new dossier → an ``Award`` from the cycle date;
    - award on a renewal → next year's ``Award`` (the dossier's expertise);
    - decline on a renewal → nothing: the award lapses at its ``ends_on``;
    - every decision: a result notice and ``announced_at`` (freezing it).

    Returns how many decisions it announced.
    """
    cycle = AwardCycle.objects.filter(pk=cycle_id).first()
    if cycle is None or cycle.state != AwardCycle.State.ANNOUNCING:
        return 0
    announced = 0
    while True:
        with transaction.atomic():
            chunk = list(
                Decision.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(dossier__award_date=cycle.award_date, announced_at__isnull=True)
                .select_related("dossier__owner", "dossier__expertise", "dossier__renewed_award")
                .order_by("pk")[:ANNOUNCE_CHUNK]
            )
            if not chunk:
                break
            _announce_chunk(cycle, chunk)
            announced += len(chunk)
            done = Decision.objects.filter(dossier__award_date=cycle.award_date, announced_at__isnull=False).count()
            AwardCycle.objects.filter(pk=cycle.pk).update(
                progress_done=done, progress_total=Greatest(F("progress_total"), done)
            )
    with transaction.atomic():
        _announce_lapses(cycle)
    AwardCycle.objects.filter(pk=cycle.pk, state=AwardCycle.State.ANNOUNCING).update(
        state=AwardCycle.State.ANNOUNCED, announced_at=timezone.now()
    )
    return announced


def _announce_lapses(cycle: AwardCycle) -> None:
    """Renewal dossiers of the cycle that never got a decision (mostly never
    submitted): the award lapses at its ``ends_on``; tell the MVP, once."""
    dossiers = Dossier.objects.filter(
        award_date=cycle.award_date, kind=Dossier.Kind.RENEWAL, decision__isnull=True
    ).select_related("owner", "expertise", "renewed_award")
    pending = [
        PendingNotice(
            key=f"awards:result:{dossier.pk}",
            to=dossier.owner,
            template="awards/emails/result_not_renewed",
            context={
                "mvp_name": dossier.owner.display_name,
                "expertise": dossier.expertise.name,
                "award_date": _long(cycle.award_date),
                "previous_ends_on": _long(dossier.renewed_award.ends_on)
                if getattr(dossier, "renewed_award", None)
                else "",
                "not_submitted": dossier.state in Dossier.EDITABLE_STATES,
                "dossier_url": _dossier_url(dossier.pk),
            },
        )
        for dossier in dossiers
    ]
    notices_enqueue_many(pending)


def _announce_chunk(cycle: AwardCycle, decisions: list[Decision]) -> None:
    now = timezone.now()
    ends_on = cal.award_ends_on(cycle.award_date)
    new_awards = []
    pending = []
    log_rows = []
    for decision in decisions:
        dossier = decision.dossier
        renewal = dossier.kind == Dossier.Kind.RENEWAL
        previous = getattr(dossier, "renewed_award", None) if renewal else None
        awarded = decision.verdict == Decision.Verdict.AWARD
        if awarded:
            new_awards.append(
                Award(
                    user_id=dossier.owner_id,
                    expertise_id=dossier.expertise_id,
                    starts_on=cycle.award_date,
                    ends_on=ends_on,
                    cycle=cycle,
                    dossier=dossier,
                )
            )
        result = ("renewed" if awarded else "not_renewed") if renewal else ("awarded" if awarded else "not_awarded")
        pending.append(
            PendingNotice(
                key=f"awards:result:{dossier.pk}",
                to=dossier.owner,
                template=f"awards/emails/result_{result}",
                context={
                    "mvp_name": dossier.owner.display_name,
                    "expertise": dossier.expertise.name,
                    "award_date": _long(cycle.award_date),
                    "starts_on": _long(cycle.award_date),
                    "ends_on": _long(ends_on),
                    "previous_ends_on": _long(previous.ends_on) if previous else "",
                    "previous_expertise": previous.expertise_id != dossier.expertise_id if previous else False,
                    "dossier_url": _dossier_url(dossier.pk),
                },
            )
        )
        log_rows.append(
            (
                dossier.pk,
                "announced",
                f"Announced in the {cycle.award_date:%Y-%m-%d} cycle: {result.replace('_', ' ')}.",
                {"verdict": decision.verdict, "cycle": cycle.award_date.isoformat()},
            )
        )
    # The unique (user, cycle) and (user, starts_on) constraints make a second
    # announcement, or a concurrent one, insert nothing.
    Award.objects.bulk_create(new_awards, ignore_conflicts=True, batch_size=ANNOUNCE_CHUNK)
    notices_enqueue_many(pending)
    dossiers_log_many(entries=log_rows, at=now)
    decisions_mark_announced(decision_ids=[d.pk for d in decisions], at=now)
