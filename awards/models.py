"""Awards: the quarterly cycles and who holds the MVP award, in which
expertise, from when to when."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from mvp_portal.accounts.models import Expertise
from nominations.models import Dossier


class AwardCycle(models.Model):
    """One quarterly award date, its deadlines and how far its announcement got.

    ``state`` moves only through ``awards.services``: open → evaluating (after
    the submission deadline) → announcing (claimed by compare-and-set when an
    admin presses Announce) → announced.
    """

    class State(models.TextChoices):
        OPEN = "open", "Open for submissions"
        EVALUATING = "evaluating", "Evaluating"
        ANNOUNCING = "announcing", "Announcing"
        ANNOUNCED = "announced", "Announced"

    ANNOUNCEABLE_STATES = (State.OPEN, State.EVALUATING)

    award_date = models.DateField(unique=True, help_text="The quarterly award date: 1 January, April, July or October")
    submission_deadline = models.DateField(help_text="Last day to submit a dossier (to 23:59:59 program time)")
    evaluation_deadline = models.DateField(help_text="Last day to decide (to 23:59:59 program time)")
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    progress_done = models.PositiveIntegerField(default=0, help_text="Decisions announced so far")
    progress_total = models.PositiveIntegerField(default=0, help_text="Decisions to announce")
    announce_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    announce_requested_at = models.DateTimeField(null=True, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-award_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_deadline__lte=F("evaluation_deadline")),
                name="awards_cycle_submission_before_evaluation",
                violation_error_message="The submission deadline must come no later than the evaluation deadline.",
            ),
            models.CheckConstraint(
                condition=Q(evaluation_deadline__lt=F("award_date")),
                name="awards_cycle_evaluation_before_award",
                violation_error_message="The evaluation deadline must come before the award date.",
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")), name="awards_cycle_progress_bounded"
            ),
        ]

    def __str__(self) -> str:
        return f"Award cycle {self.award_date:%Y-%m-%d}"

    @property
    def progress_percent(self) -> int:
        if self.state == self.State.ANNOUNCED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def is_announced(self) -> bool:
        return self.state == self.State.ANNOUNCED


class AwardQuerySet(models.QuerySet):
    def held_on(self, day) -> "AwardQuerySet":
        """Awards covering ``day``: their holders are the MVPs of that day."""
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Award(models.Model):
    """One year of the award: held from ``starts_on`` to ``ends_on`` inclusive."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="awards")
    expertise = models.ForeignKey(Expertise, on_delete=models.PROTECT, related_name="awards")
    starts_on = models.DateField(help_text="The quarterly award date it was granted on")
    ends_on = models.DateField(help_text="The last day it is held")
    cycle = models.ForeignKey(
        AwardCycle, null=True, blank=True, on_delete=models.PROTECT, related_name="awards", help_text="Granted in"
    )
    dossier = models.OneToOneField(
        Dossier,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="granted_award",
        help_text="The dossier whose decision granted it",
    )
    renewal_dossier = models.OneToOneField(
        Dossier,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_award",
        help_text="The dossier that renews it, opened with its renewal window",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        indexes = [
            models.Index(fields=["starts_on", "ends_on"], name="awards_award_period"),
            models.Index(fields=["ends_on"], condition=Q(renewal_dossier__isnull=True), name="awards_award_unrenewed"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="awards_award_ends_after_start"),
            models.UniqueConstraint(fields=["user", "starts_on"], name="awards_award_one_per_person_per_date"),
            models.UniqueConstraint(fields=["user", "cycle"], name="awards_award_one_per_person_per_cycle"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.expertise} ({self.starts_on:%Y-%m-%d} to {self.ends_on:%Y-%m-%d})"

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on
