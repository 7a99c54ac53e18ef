"""Reads of the awards app used by more than one page (and by other apps)."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from evaluations import selectors as evaluation_selectors
from evaluations.models import Decision
from mvp_portal import program_calendar as cal
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.jobs.models import Job
from mvp_portal.jobs.selectors import job_get, job_stalled_since
from nominations.models import Dossier

from .models import AlumniCredential, Award, AwardRevocation

# The long jobs of this app (mvp_portal/jobs), resumed by the job sweeper (apps.py).
ANNOUNCE_JOB = "announcement"
DAILY_JOB = "awards-daily"


def current_award(user, *, today: date) -> Award | None:
    return Award.objects.held_on(today).filter(user=user).select_related("expertise", "renewal_dossier").first()


# Cycles ------------------------------------------------------------------------
@dataclass(frozen=True)
class FunnelStep:
    state: str
    label: str
    count: int
    percent: int  # of all the cycle's dossiers

    @property
    def bar(self) -> int:
        """The percent rounded to a step of 5, for the CSS class of the bar."""
        return 5 * round(self.percent / 5)


@dataclass(frozen=True)
class CycleCounts:
    """A cycle's dossiers counted by state and by whether they have a decision:
    every count the cycle's pages show (funnel, summary, lists) is read from these."""

    by_state: dict[tuple[str, bool], int]  # {(state, has a decision): dossiers}

    def count(self, *, states=None, decided: bool | None = None) -> int:
        return sum(
            n
            for (state, has_decision), n in self.by_state.items()
            if (states is None or state in states) and (decided is None or has_decision == decided)
        )


# A dossier in any state but closed, without a decision: what an announcement settles (moves on or
# closes, ``services.undecided_dossiers``).
UNSETTLED_STATES = tuple(state for state in Dossier.State.values if state != Dossier.State.CLOSED)


def has_decision() -> Exists:
    """Whether a dossier has a decision, for a filter or an annotation. An EXISTS, not a
    LEFT JOIN … IS NULL: PostgreSQL estimates it well (it took the join for one row)."""
    return Exists(Decision.objects.filter(dossier=OuterRef("pk")))


def cycle_counts(award_dates) -> dict[date, CycleCounts]:
    """{award date: its ``CycleCounts``} for every date of ``award_dates``: one grouped query,
    kept until a dossier or a decision is written (``evaluations.selectors.kept_rows``; the
    renewal scan's dossiers are written in bulk, which replaces it too). It counts every dossier
    of a cycle: 50 ms for a cycle of 16,000 at 40,000 MVPs."""
    award_dates = list(award_dates)
    if not award_dates:
        return {}
    grouped: dict[date, dict] = {day: {} for day in award_dates}
    rows = (
        Dossier.objects.filter(award_date__in=award_dates)
        .order_by()
        .annotate(has_decision=has_decision())
        .values_list("award_date", "state", "has_decision")
        .annotate(n=Count("pk"))
    )
    for award_date, state, decided, n in evaluation_selectors.kept_rows(rows):
        grouped[award_date][(state, decided)] = n
    return {day: CycleCounts(by_state) for day, by_state in grouped.items()}


def cycle_funnel(counts: CycleCounts) -> list[FunnelStep]:
    """A cycle's dossiers by state, in lifecycle order (``counts`` from ``cycle_counts``)."""
    total = counts.count()
    steps = [(value, label, counts.count(states={value})) for value, label in Dossier.State.choices]
    return [
        FunnelStep(value, label, n, round(n * 100 / total) if total else 0)
        for value, label, n in [("all", _("All dossiers"), total), *steps]
    ]


def cycle_undecided(cycle: AwardCycle, *, first: int) -> list[Dossier]:
    """The first ``first`` dossiers of the cycle that are submitted (or under evaluation) but
    have no decision, the longest waiting first.

    Their ids are found alone and kept (``evaluations.selectors.kept_first``: until a dossier or a
    decision is written), then the rows read whole: planned as one query, all of a cycle's
    dossiers were joined to their owners and technology areas before the sort kept fifty (130 ms
    of a cycle of 11,000 at 40,000 MVPs; bench/NOTES.md), and the ids alone are still 20 ms."""
    waiting = (
        Dossier.objects.filter(award_date=cycle.award_date, state__in=Dossier.SUBMITTED_STATES)
        .filter(~has_decision())
        .order_by("submitted_at", "pk")
    )
    ids, _total = evaluation_selectors.kept_first(waiting, first)
    return list(Dossier.objects.filter(pk__in=ids).select_related("owner", "expertise").order_by("submitted_at", "pk"))


def cycle_unsubmitted(cycle: AwardCycle) -> QuerySet:
    """Dossiers of the cycle still in the hands of their owner (draft or returned),
    new nominees' before renewals, each kind in the order opened (an index's order)."""
    return (
        Dossier.objects.filter(award_date=cycle.award_date, state__in=Dossier.EDITABLE_STATES)
        .select_related("owner", "expertise", "renewed_award")
        .order_by("kind", "pk")
    )


def open_renewal_dossier_for(user) -> Dossier | None:
    """The person's renewal dossier still to be submitted, if any."""
    return (
        Dossier.objects.filter(owner=user, kind=Dossier.Kind.RENEWAL, state__in=Dossier.EDITABLE_STATES)
        .order_by("award_date")
        .first()
    )


def latest_award_date() -> date | None:
    return Award.objects.aggregate(latest=Max("starts_on"))["latest"]


# Credentials ---------------------------------------------------------------------
@dataclass(frozen=True)
class CredentialCheck:
    """What a verifier learns of a credential on a day: its state (``valid``,
    ``expired``, ``revoked``, ``not_yet_valid``), in words, and for a revoked
    one since when. Public: the revocation's reason stays out of it."""

    state: str
    label: str
    explanation: str
    revoked_at: datetime | None = None

    @property
    def is_valid(self) -> bool:
        return self.state == "valid"


@dataclass(frozen=True)
class FoundCredential:
    """A credential found by its public id: an award's, or an alumni credential."""

    award: Award | None = None
    alumni: AlumniCredential | None = None

    @property
    def holder(self):
        return self.award.user if self.award else self.alumni.user


def credential_find(credential_id: uuid.UUID) -> FoundCredential | None:
    award = Award.objects.filter(credential_id=credential_id).select_related("user", "expertise", "revocation").first()
    if award is not None:
        return FoundCredential(award=award)
    alumni = AlumniCredential.objects.filter(credential_id=credential_id).select_related("user").first()
    return FoundCredential(alumni=alumni) if alumni else None


def credential_check(found: FoundCredential, *, today: date) -> CredentialCheck:
    """The one rule of a credential's state: revoked first, then its dates."""
    award = found.award
    if award is None:
        if today < found.alumni.alumnus_since:
            return CredentialCheck("not_yet_valid", _("Not yet valid"), _("This credential is not valid yet."))
        return CredentialCheck("valid", _("Valid"), _("This alumni credential is valid and was issued by us."))
    revocation = getattr(award, "revocation", None)
    if revocation is not None:
        return CredentialCheck(
            "revoked",
            _("Revoked"),
            _("The program withdrew this award: the credential is no longer valid."),
            revoked_at=revocation.revoked_at,
        )
    if today > award.ends_on:
        return CredentialCheck("expired", _("Expired"), _("The award was held, and has ended."))
    if today < award.starts_on:
        return CredentialCheck("not_yet_valid", _("Not yet valid"), _("The award has not started yet."))
    return CredentialCheck("valid", _("Valid"), _("The award is held today and the credential was issued by us."))


def revoked_status_indexes() -> set[int]:
    """The status list indexes (award ids) of the revoked award credentials."""
    return set(AwardRevocation.objects.values_list("award_id", flat=True))


def highest_status_index() -> int:
    return Award.objects.aggregate(highest=Max("pk"))["highest"] or 0


# The announcement's job --------------------------------------------------------
@dataclass(frozen=True)
class AnnouncementHealth:
    """Whether a running announcement moves: when it stalled (its worker died,
    its task was lost) and how often it was dispatched again since."""

    stalled_since: datetime | None
    resumes: int
    gave_up: bool

    @property
    def stalled(self) -> bool:
        return self.stalled_since is not None


def health_follows_the_clock(cycle: AwardCycle) -> bool:
    """While its announcement runs, a cycle's health changes with time alone (a stall is time
    without a heartbeat); otherwise only with what is written."""
    return cycle.state == AwardCycle.State.ANNOUNCING


def announcement_health(cycle: AwardCycle, *, now: datetime) -> AnnouncementHealth:
    job = job_get(kind=ANNOUNCE_JOB, ref=cycle.pk) if health_follows_the_clock(cycle) else None
    if job is None:
        return AnnouncementHealth(stalled_since=None, resumes=0, gave_up=False)
    gave_up = job.state == Job.State.FAILED
    return AnnouncementHealth(
        stalled_since=job.heartbeat_at if gave_up else job_stalled_since(job, now=now),
        resumes=job.resumes,
        gave_up=gave_up,
    )


def renewal_dossier_id_of(award: Award) -> int | None:
    """The award's renewal dossier: the one the renewal window linked, else the one its
    MVP opened early (``services.renewal_dossier_open_early``); None before either."""
    if award.renewal_dossier_id:
        return award.renewal_dossier_id
    return (
        Dossier.objects.filter(owner_id=award.user_id, award_date=cal.renewal_award_date(award.starts_on))
        .values_list("pk", flat=True)
        .first()
    )
