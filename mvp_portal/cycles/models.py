"""Award cycles: one quarterly award date, its deadlines, its state and its log.

Part of the kernel, beside the program calendar, so that nominations and
evaluations read a cycle's deadlines and whether its date is closed without
importing the awards app (which grants the awards and runs the announcement).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class AwardCycle(models.Model):
    """One quarterly award date, its deadlines and how far its announcement got.

    ``state`` moves only through services: open → evaluating (after the
    submission deadline) → announcing (claimed by compare-and-set when an admin
    presses Announce) → announced. From *announcing* on the award date is
    closed: nothing is decided for it any more (``selectors.is_award_date_closed``).
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open for submissions")
        EVALUATING = "evaluating", _("Evaluating")
        ANNOUNCING = "announcing", _("Announcing")
        ANNOUNCED = "announced", _("Announced")

    class UndecidedAction(models.TextChoices):
        ROLL = "roll", _("Move them to the next award date")
        CLOSE = "close", _("Close them without a decision")

    ANNOUNCEABLE_STATES = (State.OPEN, State.EVALUATING)
    CLOSED_STATES = (State.ANNOUNCING, State.ANNOUNCED)

    award_date = models.DateField(
        unique=True, help_text=_("The quarterly award date: 1 January, April, July or October")
    )
    submission_deadline = models.DateField(help_text=_("Last day to submit a dossier (to 23:59:59 program time)"))
    evaluation_deadline = models.DateField(help_text=_("Last day to decide (to 23:59:59 program time)"))
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    undecided_action = models.CharField(
        max_length=8,
        choices=UndecidedAction.choices,
        blank=True,
        help_text=_("What the announcement does with the dossiers it finds without a decision"),
    )
    progress_done = models.PositiveIntegerField(default=0, help_text=_("Decisions announced so far"))
    progress_total = models.PositiveIntegerField(default=0, help_text=_("Decisions to announce"))
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
                violation_error_message=_("The submission deadline must come no later than the evaluation deadline."),
            ),
            models.CheckConstraint(
                condition=Q(evaluation_deadline__lt=F("award_date")),
                name="awards_cycle_evaluation_before_award",
                violation_error_message=_("The evaluation deadline must come before the award date."),
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

    @property
    def is_closed(self) -> bool:
        return self.state in self.CLOSED_STATES


class CycleLogEntry(models.Model):
    """The cycle's audit trail: deadline edits, state moves, the announcement."""

    cycle = models.ForeignKey(AwardCycle, on_delete=models.CASCADE, related_name="log_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "cycle log entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
