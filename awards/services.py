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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from evaluations.models import Decision
from evaluations.selectors import approved_feedback_notes
from evaluations.services import decisions_mark_announced
from mvp_portal import bulk
from mvp_portal import program_calendar as cal
from mvp_portal.accounts.models import Expertise
from mvp_portal.accounts.responsibility import responsible_staff_resolver
from mvp_portal.accounts.services import security_events_purge
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.cycles.services import cycle_for, cycle_log_add, cycles_advance, cycles_ensure
from mvp_portal.daily import daily_jobs_run
from mvp_portal.html_rows import url_for
from mvp_portal.jobs.selectors import job_get
from mvp_portal.jobs.services import (
    job_advance,
    job_enclosing,
    job_error,
    job_finish,
    job_hand_back,
    job_resume_if_stalled,
    job_start,
    jobs_heartbeat,
    worker_stopping,
)
from mvp_portal.notices.services import MailDate, PendingNotice, notices_enqueue_many, notices_rendered_together
from nominations.models import Dossier
from nominations.services import (
    RenewalDossierSpec,
    dossier_close,
    dossier_roll_over,
    dossiers_log_many,
    dossiers_open_renewals,
)

from .models import AlumniCredential, Award, AwardLogEntry, AwardRevocation, ReadinessNote, ReadinessNoteEdit
from .permissions import may_note_readiness, readiness_note_open
from .selectors import ANNOUNCE_JOB, DAILY_JOB, UNSETTLED_STATES, has_decision, renewal_dossier_id_of
from .signals import awards_changed

logger = logging.getLogger(__name__)

ANNOUNCE_CHUNK = 1000
RENEWAL_CHUNK = 1000
REMINDER_DAYS = (30, 7)
STALE_ANNOUNCEMENT = timedelta(hours=1)
DIRECTORY_REFRESH = timedelta(seconds=10)


@functools.lru_cache(maxsize=256)
def _long(day: date | None):
    """A date as e-mails show it, in the long form of each recipient's language
    (formatted once per date and language, not once per notice: the date filter
    dominates rendering thousands)."""
    return MailDate(day) if day else ""


def _dossier_urls() -> Callable[[int], str]:
    """A dossier's page, for each of many dossiers: reversed once (a ``reverse`` a notice was a
    tenth of an announcement's time)."""
    return url_for("nominations:dossier-detail")


def _desk_urls() -> Callable[[int], str]:
    """Where staff open a dossier: its page on the lead desk, for each of many dossiers."""
    return url_for("desks:dossier")


# Renewal windows ---------------------------------------------------------------
def _candidates_in_window(today: date):
    """Awards held on ``today`` whose renewal window may be open and that have
    no renewal dossier yet (a superset: the exact window is checked in Python)."""
    return Award.objects.filter(
        renewal_dossier__isnull=True,
        ends_on__gte=today,
        starts_on__lte=cal.latest_start_in_renewal_window(today),
    )


def renewals_open(*, today: date) -> int:
    """Open the renewal dossier of every award whose renewal window is open on
    ``today`` and that has none yet, and send the re-evaluation notice to the
    MVP and to the staff responsible for them (their country's lead, else the
    program admins). Returns how many it opened.

    Which awards: ``renewal_opens_on(starts_on) <= today <= ends_on``. A run
    after downtime catches up on every award whose window opened meanwhile,
    as long as the award is still held; an award that has already ended is
    past its renewal cycle's deadlines, so nothing is opened for it (it has
    lapsed). Nothing is opened before the window.

    In chunks of ``RENEWAL_CHUNK`` awards (by id), each committed on its own
    with a constant number of queries; between two chunks the job the scan
    runs in (the daily run) shows it is alive (``jobs_heartbeat``), so a scan
    of tens of thousands of awards is never taken for a dead one.

    Exactly once: the award rows are locked (``SKIP LOCKED``, so a concurrent
    run takes the others), the dossier is unique per (owner, award date), the
    link is one-to-one and the notice keys are unique.
    """
    opened, after = 0, 0
    while True:
        with transaction.atomic():
            count, last, full = _renewals_open_chunk(today=today, after=after)
        opened += count
        if not full:
            return opened
        after = last
        jobs_heartbeat()


def _renewals_open_chunk(*, today: date, after: int) -> tuple[int, int, bool]:
    """The next chunk of the scan, awards with an id above ``after``: (renewal
    dossiers opened, the last award id looked at, whether the chunk was full)."""
    locked = list(
        _candidates_in_window(today)
        .filter(pk__gt=after)
        .order_by("pk")
        .select_for_update(skip_locked=True, of=("self",))
        .values_list("pk", "user_id", "expertise_id", "starts_on", "ends_on", "user__country")[:RENEWAL_CHUNK]
    )
    if not locked:
        return 0, after, False
    last, full = locked[-1][0], len(locked) == RENEWAL_CHUNK
    awards = [row for row in locked if cal.is_in_renewal_window(row[3], today)]
    if not awards:
        return 0, last, full
    dossier_ids = dossiers_open_renewals(
        specs=[
            RenewalDossierSpec(
                owner_id=user_id,
                country=country,
                expertise_id=expertise_id,
                award_date=cal.renewal_award_date(starts_on),
                period_start=starts_on,
                period_end=ends_on,
            )
            for _pk, user_id, expertise_id, starts_on, ends_on, country in awards
        ],
        owner_ids=[row[1] for row in awards],
    )
    links = {
        pk: dossier_ids[(user_id, cal.renewal_award_date(starts_on))] for pk, user_id, _e, starts_on, *_rest in awards
    }
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
    return len(links), last, full


def _renewal_notices(*, award_ids: list[int], today: date, opened_at) -> None:
    """The re-evaluation notice for each award, to the MVP and their lead(s)."""
    awards = (
        Award.objects.filter(
            pk__in=award_ids,
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
    staff_for = responsible_staff_resolver()
    dossier_url, desk_url = _dossier_urls(), _desk_urls()
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
            "expertise": award.expertise,
            "ends_on": _long(award.ends_on),
            "renewal_date": _long(dossier.award_date),
            "submission_deadline": _long(cycle.submission_deadline),
            "time_zone": settings.PROGRAM_TIME_ZONE,
            "dossier_url": dossier_url(dossier.pk),
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
        for person in staff_for(dossier.country):
            pending.append(
                PendingNotice(
                    key=f"awards:renewal-opened:{award.pk}:lead:{person.pk}",
                    to=person,
                    template="awards/emails/renewal_opened_lead",
                    context=context | {"dossier_url": desk_url(dossier.pk)},
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
    dossier_url = _dossier_urls()
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
                    "expertise": dossier.expertise,
                    "renewal_date": _long(dossier.award_date),
                    "submission_deadline": _long(cycle.submission_deadline),
                    "time_zone": settings.PROGRAM_TIME_ZONE,
                    "dossier_url": dossier_url(dossier.pk),
                },
            )
        )
    return len(notices_enqueue_many(pending))


def announcements_resume(*, today: date, now=None) -> int:
    """Finish announcements whose task was lost (broker down when it was
    enqueued, worker killed): claimed more than ``STALE_ANNOUNCEMENT`` ago and
    still announcing. ``cycle_announce`` is resumable, so this is safe.

    The job sweeper resumes a stalled announcement within minutes; this is the
    daily backstop (an announcement claimed before jobs were recorded, a
    sweeper that is not scheduled)."""
    stale = (now or timezone.now()) - STALE_ANNOUNCEMENT
    cycle_ids = list(
        AwardCycle.objects.filter(state=AwardCycle.State.ANNOUNCING, announce_requested_at__lt=stale).values_list(
            "pk", flat=True
        )
    )
    for cycle_id in cycle_ids:
        cycle_announce(cycle_id=cycle_id, today=today)
    return len(cycle_ids)


@dataclass(frozen=True)
class DailyRun:
    today: date
    cycles_created: int
    cycles_advanced: int
    renewals_opened: int
    reminders_sent: int
    announcements_resumed: int = 0
    security_events_purged: int = 0
    alumni_credentials_issued: int = 0
    jobs: dict[str, int] = field(default_factory=dict)  # the apps' own daily jobs (``mvp_portal.daily``)

    def __str__(self) -> str:
        return (
            f"{self.today:%Y-%m-%d}: {self.cycles_created} cycle(s) created, {self.cycles_advanced} moved to "
            f"evaluating, {self.renewals_opened} renewal dossier(s) opened, {self.reminders_sent} reminder(s) queued, "
            f"{self.alumni_credentials_issued} alumni credential(s) issued"
        )


def awards_daily(*, today: date) -> DailyRun:
    """The daily run: what the beat task and ``send_renewal_notices`` do (and
    the retention of the security event log: a year).

    A job of its own per day: every step is idempotent and commits on its own,
    so a run that dies is simply run again by the job sweeper, for the same day."""
    ref = today.isoformat()
    steps = [
        cycles_ensure,
        cycles_advance,
        renewals_open,
        renewal_reminders_send,
        announcements_resume,
        security_events_purge,
        alumni_credentials_issue,
        daily_jobs_run,  # the apps' own daily jobs (mvp_portal.daily), last
    ]
    job_start(kind=DAILY_JOB, ref=ref, label=f"Daily run of {ref}", total=len(steps))
    results = []
    try:
        # A step that reports progress of its own (the account deletions) keeps the run's heartbeat moving.
        with job_enclosing(kind=DAILY_JOB, ref=ref), notices_rendered_together():
            for step in steps:
                results.append(step(today=today))
                if len(results) == len(steps):
                    break  # finished below
                job_advance(kind=DAILY_JOB, ref=ref, done=len(results))
                if worker_stopping():
                    job_hand_back(kind=DAILY_JOB, ref=ref)  # the run again, for the same day
                    return DailyRun(today, *results, *[0] * (len(steps) - len(results) - 1), {})
    except Exception as exc:
        job_error(kind=DAILY_JOB, ref=ref, error=exc)
        raise
    job_finish(kind=DAILY_JOB, ref=ref, done=len(steps))
    # Awards begin and lapse with the date: whatever shows who holds one follows.
    awards_changed.send(sender=Award, today=today)
    return DailyRun(today, *results)


# Reconsideration -------------------------------------------------------------------
@transaction.atomic
def award_grant_overturned(*, dossier_id: int, actor=None) -> Award:
    """Grant the award a reconsideration won: for the dossier's own award date and
    cycle, over the same term an announcement gives (``award_ends_on``), so the
    person stands as if the first decision had been an award. Idempotent: the
    dossier's award is one-to-one."""
    dossier = Dossier.objects.select_related("owner").get(pk=dossier_id)
    cycle = cycle_for(dossier.award_date)
    award, created = Award.objects.get_or_create(
        dossier=dossier,
        defaults={
            "user_id": dossier.owner_id,
            "expertise_id": dossier.expertise_id,
            "starts_on": dossier.award_date,
            "ends_on": cal.award_ends_on(dossier.award_date),
            "cycle": cycle,
        },
    )
    if created:
        awards_changed.send(sender=Award, today=cal.program_today())
    return award


# Renewal readiness -------------------------------------------------------------------
@transaction.atomic
def renewal_dossier_open_early(*, award_id: int, actor, today: date) -> int:
    """Open the MVP's renewal dossier now, before the renewal window, so that the award
    year is recorded as it goes (and the readiness picture fills with it). Only the
    MVP holding the award may. It is the dossier the renewal scan would open (renewal
    kind, the award year as its period, the next year's award date): the scan links it
    to the award when the window opens and sends the re-evaluation notice then, as for
    any renewal. Returns the dossier's id; a second call returns the same dossier.

    Concurrent clicks queue on the award's row; the dossier is unique per owner and
    award date, so there is never a second one."""
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("user", "revocation")
        .filter(pk=award_id, user=actor)
        .first()
    )
    if award is None or not award.covers(today):
        raise ValidationError(_("Only the MVP holding the award can open its renewal dossier."))
    existing = renewal_dossier_id_of(award)
    if existing:
        return existing
    award_date = cal.renewal_award_date(award.starts_on)
    dossier_id = dossiers_open_renewals(
        specs=[
            RenewalDossierSpec(
                owner_id=award.user_id,
                country=award.user.country.code or "",
                expertise_id=award.expertise_id,
                award_date=award_date,
                period_start=award.starts_on,
                period_end=award.ends_on,
            )
        ],
        owner_ids=[award.user_id],
    )[(award.user_id, award_date)]
    dossiers_log_many(
        entries=[
            (
                dossier_id,
                "opened_early",
                "Opened by the MVP before the renewal window, to record the award year as it goes.",
                {"award_id": award.pk, "opened_on": today.isoformat()},
            )
        ],
        actor=actor,
    )
    return dossier_id


@transaction.atomic
def readiness_note_save(*, award_id: int, actor, text: str, today: date, now=None) -> ReadinessNote:
    """Write or change the lead's note on an award's readiness picture: by the staff
    responsible for the MVP (never the MVP), while the renewal window is open. The
    note keeps its first author and time; every version is logged (who, when, what)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("user", "renewal_dossier", "revocation")
        .filter(pk=award_id)
        .first()
    )
    if award is None or not may_note_readiness(actor, award):
        raise ValidationError(_("No such award."))
    if not readiness_note_open(award, today=today):
        raise ValidationError(
            _("A note can be left once the renewal window opens, on %(day)s, until the award ends.")
            % {"day": date_format(cal.renewal_opens_on(award.starts_on), "DATE_FORMAT")}
        )
    now = now or timezone.now()
    note = ReadinessNote.objects.filter(award=award).first()
    if note is None:
        note = ReadinessNote.objects.create(
            award=award, text=text, written_by=actor, written_at=now, updated_by=actor, updated_at=now
        )
    elif note.text == text:
        return note
    else:
        note.text, note.updated_by, note.updated_at = text, actor, now
        note.save(update_fields=["text", "updated_by", "updated_at"])
    ReadinessNoteEdit.objects.create(note=note, text=text, edited_by=actor, edited_at=now)
    return note


# Credentials -------------------------------------------------------------------
def award_log_add_many(*, entries: list[tuple[int, str, str, dict]], actor) -> None:
    """Append ``(award_id, action, message, data)`` entries to the awards' audit
    trails, in one query (the caller holds the rows it logs about)."""
    AwardLogEntry.objects.bulk_create(
        AwardLogEntry(award_id=award_id, actor=actor, action=action, message=message, data=data)
        for award_id, action, message, data in entries
    )


@transaction.atomic
def award_revoke(*, award_id: int, actor, reason: str, now=None) -> AwardRevocation:
    """Withdraw an award: from now on its credential verifies as revoked (the
    status list sets its bit) and its holder is no longer an MVP
    (``Award.objects.held_on`` leaves revoked awards out). The revocation row
    is the audit record: who, when and why. Once per award."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking this award.")})
    award = Award.objects.select_for_update().filter(pk=award_id).first()
    if award is None:
        raise ValidationError(_("No such award."))
    if AwardRevocation.objects.filter(award=award).exists():
        raise ValidationError(_("This award is already revoked."))
    try:
        with transaction.atomic():
            revocation = AwardRevocation.objects.create(
                award=award, reason=reason, revoked_by=actor, revoked_at=now or timezone.now()
            )
    except IntegrityError as exc:
        raise ValidationError(_("This award is already revoked.")) from exc
    logger.info("Award %s revoked by user %s", award.pk, getattr(actor, "pk", None))
    awards_changed.send(sender=Award, today=timezone.localdate())
    return revocation


PENDING_CYCLE_STATES = (AwardCycle.State.OPEN, AwardCycle.State.EVALUATING, AwardCycle.State.ANNOUNCING)


def alumni_credentials_issue(*, today: date) -> int:
    """Issue the alumni credential of every person whose award lapsed: their
    latest award (not revoked) ended before ``today``, they hold none today nor
    one granted for later, and the cycle that could have renewed it is not
    still pending (an announcement running late is not a lapse). Once per
    person (unique user; ``ignore_conflicts`` under a concurrent run), so the
    daily run can repeat it and catches up after downtime. Each new alumnus is
    told, with the link to their credential. Returns how many it issued."""
    not_lapsed = Award.objects.filter(ends_on__gte=today, revocation__isnull=True).values("user_id")
    rows = (
        Award.objects.filter(ends_on__lt=today, revocation__isnull=True, user__alumni_credential__isnull=True)
        .exclude(user_id__in=not_lapsed)
        .order_by("user_id", "starts_on")
        .values_list("pk", "user_id", "starts_on", "ends_on")
    )
    first_start: dict[int, date] = {}
    latest: dict[int, tuple[int, date]] = {}
    for pk, user_id, starts_on, ends_on in rows:
        first_start.setdefault(user_id, starts_on)
        latest[user_id] = (pk, ends_on)
    if not latest:
        return 0
    renewal_dates = {ends_on + timedelta(days=1) for _pk, ends_on in latest.values()}
    pending = set(
        AwardCycle.objects.filter(award_date__in=renewal_dates, state__in=PENDING_CYCLE_STATES).values_list(
            "award_date", flat=True
        )
    )
    now = timezone.now()
    credentials = [
        AlumniCredential(
            user_id=user_id,
            last_award_id=pk,
            first_award_on=first_start[user_id],
            alumnus_since=ends_on + timedelta(days=1),
            issued_at=now,
        )
        for user_id, (pk, ends_on) in latest.items()
        if ends_on + timedelta(days=1) not in pending
    ]
    AlumniCredential.objects.bulk_create(credentials, ignore_conflicts=True, batch_size=ANNOUNCE_CHUNK)
    # Only the rows this run wrote (a concurrent run's are told by that run).
    issued = AlumniCredential.objects.filter(
        user_id__in=[c.user_id for c in credentials], issued_at=now
    ).select_related("user")
    pending = [
        PendingNotice(
            key=f"awards:alumni-credential:{alumni.user_id}",
            to=alumni.user,
            template="awards/emails/alumni_credential",
            context={
                "mvp_name": alumni.user.display_name,
                "alumnus_since": _long(alumni.alumnus_since),
                "credential_url": reverse("credentials:verify", args=[alumni.credential_id]),
            },
        )
        for alumni in issued
    ]
    notices_enqueue_many(pending)
    return len(pending)


# Announcement ------------------------------------------------------------------
def undecided_dossiers(award_date: date):
    """Dossiers of ``award_date`` without a decision and not yet closed: what the
    announcement settles (moves on or closes, as the admin chose)."""
    return Dossier.objects.filter(award_date=award_date, state__in=UNSETTLED_STATES).exclude(has_decision())


@transaction.atomic
def cycle_announce_request(*, cycle_id: int, actor, today: date, undecided_action: str = "") -> bool:
    """Claim the cycle for announcement (compare-and-set on its state) and
    start the announcing task after commit. Returns False when someone else
    claimed it first (or it is already announced): nothing more happens.

    From the claim on, the award date is closed. Dossiers of it still without
    a decision are moved to the next award date or closed, as
    ``undecided_action`` says; when there are any, the admin must choose.
    """
    cycle = AwardCycle.objects.get(pk=cycle_id)
    if cycle.award_date > today:
        raise ValidationError(
            _("This cycle can be announced on or after %(date)s.") % {"date": date_format(cycle.award_date)}
        )
    if cycle.state == AwardCycle.State.ANNOUNCING:
        return announcement_restart(cycle_id=cycle.pk)
    if cycle.state not in AwardCycle.ANNOUNCEABLE_STATES:
        return False
    undecided = undecided_dossiers(cycle.award_date).count()
    if undecided and undecided_action not in AwardCycle.UndecidedAction.values:
        raise ValidationError(
            {
                "undecided_action": f"{undecided} dossier{'s' if undecided != 1 else ''} of this cycle "
                f"{'have' if undecided != 1 else 'has'} no decision. Choose what the announcement does with "
                "them: move them to the next award date, or close them."
            }
        )
    total = Decision.objects.filter(dossier__award_date=cycle.award_date, announced_at__isnull=True).count()
    claimed = AwardCycle.objects.filter(pk=cycle.pk, state__in=AwardCycle.ANNOUNCEABLE_STATES).update(
        state=AwardCycle.State.ANNOUNCING,
        undecided_action=undecided_action if undecided else "",
        progress_done=0,
        progress_total=total,
        announce_requested_by=actor,
        announce_requested_at=timezone.now(),
    )
    if claimed != 1:
        return False
    # The job's heartbeat starts now: a task lost before it ran stalls like a dead one.
    job_start(kind=ANNOUNCE_JOB, ref=cycle.pk, label=f"Announcement of {cycle}", total=total)
    cycle_log_add(
        cycle=cycle,
        actor=actor,
        action="announce_requested",
        message=f"Announcement started: {total} decision{'s' if total != 1 else ''}"
        + (
            f"; {undecided} undecided dossier{'s' if undecided != 1 else ''} to "
            + ("move to the next award date" if undecided_action == AwardCycle.UndecidedAction.ROLL else "close")
            if undecided
            else ""
        )
        + ".",
        decisions=total,
        undecided=undecided,
        undecided_action=undecided_action if undecided else "",
    )
    from .tasks import announce_cycle

    transaction.on_commit(lambda: announce_cycle.delay(cycle.pk))
    return True


def announcement_restart(*, cycle_id: int, now=None) -> bool:
    """An admin presses Announce again on an announcement that has stalled:
    dispatch it again, as the job sweeper would (also one the sweeper gave up
    on). False when it is moving (or someone else restarted it first): nothing
    happens."""
    job = job_get(kind=ANNOUNCE_JOB, ref=cycle_id)
    return job is not None and job_resume_if_stalled(job=job, now=now, revive=True)


def cycle_announce(*, cycle_id: int, today: date) -> int:
    """Announce a claimed cycle: the task's body. Idempotent and resumable.

    Works through the cycle's not-yet-announced decisions in chunks, each in
    its own transaction (so the progress bar moves), the chunk's decisions
    locked ``SKIP LOCKED`` so that a duplicate task takes other rows:

    - award on a new dossier → an ``Award`` from the cycle date;
    - award on a renewal → next year's ``Award`` (the dossier's expertise);
    - decline on a renewal → nothing: the award lapses at its ``ends_on``;
    - every decision: a result notice and ``announced_at`` (freezing it).

    Then the dossiers left without a decision are settled as the admin chose
    (``settle_undecided``) and the cycle is marked announced, in its log.
    Returns how many decisions it announced.

    Progress and a heartbeat go to its job (``mvp_portal/jobs``) with every
    chunk; a worker asked to stop hands the rest back between two chunks.
    """
    cycle = AwardCycle.objects.filter(pk=cycle_id).first()
    if cycle is None or cycle.state != AwardCycle.State.ANNOUNCING:
        if cycle is not None and cycle.state == AwardCycle.State.ANNOUNCED:
            job_finish(kind=ANNOUNCE_JOB, ref=cycle_id)  # a duplicate run: the job is over
        return 0
    try:
        with notices_rendered_together():
            return _cycle_announce(cycle, today=today)
    except Exception as exc:
        job_error(kind=ANNOUNCE_JOB, ref=cycle.pk, error=exc)
        raise


def _cycle_announce(cycle: AwardCycle, *, today: date) -> int:
    # This run is alive (a resumed one included): its heartbeat is now.
    job_advance(kind=ANNOUNCE_JOB, ref=cycle.pk, done=cycle.progress_done, total=cycle.progress_total)
    announced = 0
    # New MVPs from the award date on: the public directory and its facet counts follow, after
    # the chunks' commits, at most every ``DIRECTORY_REFRESH`` (each refresh counts every current
    # MVP again: once per chunk of a 40,000-award announcement would be most of its time), and
    # once the announcement ends or is handed back.
    refreshed, unrefreshed = time.monotonic(), False
    while True:
        with transaction.atomic():
            chunk = list(
                Decision.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(dossier__award_date=cycle.award_date, announced_at__isnull=True)
                .select_related("dossier__owner", "dossier__renewed_award")
                .only(*ANNOUNCE_READS)
                .order_by("pk")[:ANNOUNCE_CHUNK]
            )
            if not chunk:
                break
            marked = _announce_chunk(cycle, chunk)
            announced += len(chunk)
            # The decisions this chunk froze, added in the database (a duplicate run's chunks are other
            # rows): counting every announced decision of the cycle again cost 46 ms a chunk at 40,000.
            advanced = F("progress_done") + marked
            cycle_rows = AwardCycle.objects.filter(pk=cycle.pk)
            cycle_rows.update(progress_done=advanced, progress_total=Greatest(F("progress_total"), advanced))
            done, total = cycle_rows.values_list("progress_done", "progress_total").get()
            job_advance(kind=ANNOUNCE_JOB, ref=cycle.pk, done=done, total=total)
        unrefreshed = True
        if time.monotonic() - refreshed >= DIRECTORY_REFRESH.total_seconds():
            awards_changed.send(sender=Award, today=cal.program_today())
            refreshed, unrefreshed = time.monotonic(), False
        if worker_stopping():
            # Warm shutdown: the chunk is committed; the rest goes back to the broker now.
            if unrefreshed:
                awards_changed.send(sender=Award, today=cal.program_today())
            job_hand_back(kind=ANNOUNCE_JOB, ref=cycle.pk)
            return announced
    if unrefreshed:
        awards_changed.send(sender=Award, today=cal.program_today())
    rolled, closed = settle_undecided(cycle=cycle, today=today)
    with transaction.atomic():
        finished = AwardCycle.objects.filter(pk=cycle.pk, state=AwardCycle.State.ANNOUNCING).update(
            state=AwardCycle.State.ANNOUNCED, announced_at=timezone.now()
        )
        if finished:
            done = Decision.objects.filter(dossier__award_date=cycle.award_date, announced_at__isnull=False).count()
            cycle_log_add(
                cycle=cycle,
                actor=None,
                action="announced",
                message=f"Announced: {done} decision{'s' if done != 1 else ''}; "
                f"{rolled} dossier{'s' if rolled != 1 else ''} moved to the next award date, {closed} closed.",
                decisions=done,
                rolled=rolled,
                closed=closed,
            )
        job_finish(kind=ANNOUNCE_JOB, ref=cycle.pk)
    return announced


def settle_undecided(*, cycle: AwardCycle, today: date) -> tuple[int, int]:
    """Move on or close every dossier of the cycle's date left without a
    decision, as ``cycle.undecided_action`` says (a renewal's award lapses at
    its end either way, and its holder is told). Each dossier in its own
    transaction: a run that dies half-way is finished by the next one.
    Returns (moved, closed)."""
    rolled = closed = 0
    roll = cycle.undecided_action == AwardCycle.UndecidedAction.ROLL
    dossier_ids = list(undecided_dossiers(cycle.award_date).order_by("pk").values_list("pk", flat=True))
    for n, dossier_id in enumerate(dossier_ids):
        if n % 100 == 0:
            job_advance(kind=ANNOUNCE_JOB, ref=cycle.pk)  # alive, though no decision moves
        with transaction.atomic():
            dossier = dossier_roll_over(dossier_id=dossier_id, today=today) if roll else None
            if dossier is None or dossier.state == Dossier.State.CLOSED:
                dossier = dossier_close(dossier_id=dossier_id)
                closed += 1
                _tell_closed(cycle, dossier)
            else:
                rolled += 1
    return rolled, closed


def _tell_closed(cycle: AwardCycle, dossier: Dossier) -> None:
    """The result notice of a dossier closed without a decision."""
    dossier = Dossier.objects.select_related("owner", "expertise", "renewed_award").get(pk=dossier.pk)
    renewal = dossier.kind == Dossier.Kind.RENEWAL
    previous = getattr(dossier, "renewed_award", None) if renewal else None
    notices_enqueue_many(
        [
            PendingNotice(
                key=f"awards:result:{dossier.pk}",
                to=dossier.owner,
                template="awards/emails/result_not_renewed" if renewal else "awards/emails/result_closed",
                context={
                    "mvp_name": dossier.owner.display_name,
                    "expertise": dossier.expertise,
                    "award_date": _long(cycle.award_date),
                    "previous_ends_on": _long(previous.ends_on) if previous else "",
                    "not_submitted": dossier.log_entries.filter(action="submitted").count() == 0,
                    "dossier_url": _dossier_urls()(dossier.pk),
                },
            )
        ]
    )


# What an announcement reads of each decision: building 160,000 whole rows (a decision, its
# dossier, owner, technology area and renewed award) was a fifth of a 40,000-award announcement.
# A field left out here would be read row by row (tests/awards/test_announce_at_scale.py counts).
ANNOUNCE_READS = (
    "verdict",
    "dossier__kind",
    "dossier__expertise_id",
    "dossier__owner__display_name",
    "dossier__owner__email",
    "dossier__owner__language",
    "dossier__renewed_award__ends_on",
    "dossier__renewed_award__expertise_id",
)


def _announce_chunk(cycle: AwardCycle, decisions: list[Decision]) -> int:
    """Award, tell and freeze ``decisions`` (locked): how many it froze."""
    now = timezone.now()
    areas = Expertise.objects.in_bulk({decision.dossier.expertise_id for decision in decisions})
    ends_on = cal.award_ends_on(cycle.award_date)
    new_awards = []
    pending = []
    log_rows = []
    feedback = approved_feedback_notes([d.dossier_id for d in decisions])
    dossier_url = _dossier_urls()
    for decision in decisions:
        dossier = decision.dossier
        renewal = dossier.kind == Dossier.Kind.RENEWAL
        previous = getattr(dossier, "renewed_award", None) if renewal else None
        awarded = decision.verdict == Decision.Verdict.AWARD
        if awarded:
            new_awards.append(
                {
                    "user_id": dossier.owner_id,
                    "expertise_id": dossier.expertise_id,
                    "starts_on": cycle.award_date,
                    "ends_on": ends_on,
                    "cycle_id": cycle.pk,
                    "dossier_id": dossier.pk,
                }
            )
        result = ("renewed" if awarded else "not_renewed") if renewal else ("awarded" if awarded else "not_awarded")
        pending.append(
            PendingNotice(
                key=f"awards:result:{dossier.pk}",
                to=dossier.owner,
                template=f"awards/emails/result_{result}",
                context={
                    "mvp_name": dossier.owner.display_name,
                    "expertise": areas[dossier.expertise_id],
                    "award_date": _long(cycle.award_date),
                    "starts_on": _long(cycle.award_date),
                    "ends_on": _long(ends_on),
                    "previous_ends_on": _long(previous.ends_on) if previous else "",
                    "previous_expertise": previous.expertise_id != dossier.expertise_id if previous else False,
                    "dossier_url": dossier_url(dossier.pk),
                    "feedback": feedback.get(dossier.pk, ""),
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
    bulk.insert_rows(Award, new_awards)
    notices_enqueue_many(pending)
    dossiers_log_many(entries=log_rows, at=now)
    return decisions_mark_announced(decision_ids=[d.pk for d in decisions], at=now)
