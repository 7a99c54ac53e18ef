"""Evaluations of dossiers and the binary decision on each.

Scoring (see ``scoring.py``): each evaluator scores every active criterion of
the rubric from 1 to 5. Their *weighted score* is Σ wᵢ·sᵢ / Σ wᵢ, computed and
stored when they submit (so later rubric edits never rewrite past reviews).
A dossier's *weighted mean* is the plain mean of its evaluators' weighted
scores and its *median* the median of the same numbers; abstentions carry no
score and are excluded from both.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mvp_portal.translated import HELP_TEXT as TRANSLATIONS_HELP
from mvp_portal.translated import TranslatedText, translation_problems
from nominations.models import Dossier

MIN_SCORE = 1
MAX_SCORE = 5

# The default rubric's criteria (migration 0004) and what in an MVP's year speaks to each
# (set by migration 0010, used again by the demo when it writes the rubric itself).
DEFAULT_READINESS_SIGNALS = {
    "Impact": "kinds",
    "Reach": "reach",
    "Quality": "evidence",
    "Consistency": "spread",
    "Depth of expertise": "area",
}


class Criterion(models.Model):
    """One line of the rubric; program admins edit the rubric in the admin.

    ``readiness_signal`` says what in an MVP's year of activities speaks to the
    criterion, for the renewal-readiness picture (``awards/readiness.py``): a
    picture of coverage shown to the MVP during the year, never a score."""

    class ReadinessSignal(models.TextChoices):
        KINDS = "kinds", _("Kinds of work")
        REACH = "reach", _("Reach figures")
        EVIDENCE = "evidence", _("Evidence links")
        SPREAD = "spread", _("Spread over the months")
        AREA = "area", _("Work in the technology area")

    name = models.CharField(max_length=80, unique=True)
    guidance = models.TextField(help_text="What a 1 and a 5 look like, shown to evaluators")
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)], help_text="Relative weight, 1–10"
    )
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True, help_text="Inactive criteria are kept for past evaluations")
    readiness_signal = models.CharField(
        max_length=10,
        choices=ReadinessSignal.choices,
        blank=True,
        help_text="What in an MVP's year of activities speaks to it on their renewal-readiness picture; "
        "blank: judged by the evaluators only",
    )
    translations = models.JSONField(default=dict, blank=True, help_text=TRANSLATIONS_HELP)

    TRANSLATED_FIELDS = ("name", "guidance")
    local_name = TranslatedText("name")
    local_guidance = TranslatedText("guidance")

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "criteria"
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="evaluations_criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.local_name} (×{self.weight})"

    def clean(self) -> None:
        if problems := translation_problems(self.translations, self.TRANSLATED_FIELDS):
            raise ValidationError({"translations": problems})


class Assignment(models.Model):
    """An employee asked to evaluate a dossier; one row per pair."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="assignments")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluation_assignments"
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    batch = models.UUIDField(help_text="Assignments made together; their evaluators get one digest notice")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "evaluator"], name="evaluations_one_assignment_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} evaluates {self.dossier}"


class Evaluation(models.Model):
    """One evaluator's scored review (or reasoned abstention) of a dossier."""

    class Confidence(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations")
    comment = models.TextField()
    abstained = models.BooleanField(default=False)
    abstain_reason = models.TextField(blank=True)
    weighted_score = models.DecimalField(
        max_digits=6, decimal_places=4, null=True, blank=True, help_text="Σ weight·score / Σ weight; empty if abstained"
    )
    confidence = models.CharField(
        max_length=6,
        choices=Confidence.choices,
        blank=True,
        help_text="How sure the evaluator is of their scores; empty for an abstention or an older evaluation",
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "evaluator"], name="evaluations_one_per_evaluator"),
            models.CheckConstraint(
                condition=Q(confidence__in=["", "low", "medium", "high"]), name="evaluations_confidence_known"
            ),
            models.CheckConstraint(
                condition=(Q(abstained=True, weighted_score__isnull=True) & ~Q(abstain_reason=""))
                | Q(abstained=False, weighted_score__isnull=False),
                name="evaluations_score_or_reasoned_abstention",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} on {self.dossier}"


class EvaluationDraftQuerySet(models.QuerySet):
    """The one door to drafts: a draft is its author's alone, so every read names
    the author (``of_author``); the only other one is the decision telling the
    authors of the drafts left on a dossier that they are closed (``left_on``)."""

    def of_author(self, user) -> "EvaluationDraftQuerySet":
        return self.filter(assignment__evaluator_id=user.pk)

    def left_on(self, dossier) -> "EvaluationDraftQuerySet":
        return self.filter(assignment__dossier_id=dossier.pk)


class EvaluationDraft(models.Model):
    """A half-finished evaluation its author saved to finish later: every field
    kept exactly as typed (unscored criteria too), seen by nobody else.

    Drafts are not evaluations — they live in their own table, so nothing that
    counts, averages, exports, decides or announces evaluations can see them —
    and they are reached only through ``EvaluationDraft.objects.of_author(user)``.
    Submitting deletes the draft; a draft whose dossier is decided or closed
    before it was submitted reads as closed to its author (``is_closed``)."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="draft")
    values = models.JSONField(default=dict, help_text="{form field: the text as typed}")
    saved_at = models.DateTimeField(auto_now=True)

    objects = EvaluationDraftQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Draft of assignment {self.assignment_id}"

    @property
    def is_closed(self) -> bool:
        """Its dossier left evaluation (decided or closed) before the draft was submitted."""
        return self.assignment.dossier.state not in Dossier.IN_REVIEW_STATES


class Score(models.Model):
    """One criterion's 1–5 score within an evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)])
    weight = models.PositiveSmallIntegerField(help_text="The criterion's weight when the score was given")

    class Meta:
        ordering = ["criterion__position", "criterion__name"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="evaluations_one_score_per_criterion"),
            models.CheckConstraint(
                condition=Q(value__gte=MIN_SCORE, value__lte=MAX_SCORE), name="evaluations_score_in_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"


class Recommendation(models.Model):
    """The MVP lead's recommendation on a dossier of their region; one per dossier."""

    class Verdict(models.TextChoices):
        AWARD = "award", pgettext_lazy("decision", "Award")
        DECLINE = "decline", pgettext_lazy("decision", "Decline")

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="recommendation")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    note = models.TextField()
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Recommend {self.get_verdict_display().lower()}: {self.dossier}"


class ConflictDeclaration(models.Model):
    """An employee declares they cannot judge a dossier fairly; they are then never assigned to it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="conflict_declarations")
    employee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts_declared")
    reason = models.TextField()
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "employee"], name="evaluations_one_conflict_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} declared a conflict on {self.dossier}"


class Decision(models.Model):
    """Award or decline, exactly one per dossier (enforced by the database).

    Changeable until the awards side announces the dossier's cycle and sets
    ``announced_at``; frozen after.
    """

    class Verdict(models.TextChoices):
        AWARD = "award", pgettext_lazy("decision", "Award")
        DECLINE = "decline", pgettext_lazy("decision", "Decline")

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="decision")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    rationale = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    announced_at = models.DateTimeField(null=True, blank=True, help_text="Set when the cycle is announced")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who last changed it after it was first recorded",
    )
    version = models.PositiveIntegerField(default=1, help_text="Raised by every change; guards lost updates")

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.dossier}"

    @property
    def is_frozen(self) -> bool:
        return self.announced_at is not None


class Feedback(models.Model):
    """What the person is told with the result, beside their per-criterion standing
    (computed from the rubric's scores): a note the lead drafts and a program admin
    approves before the announcement. Internal comments and scores stay internal."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="feedback")
    note = models.TextField()
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True, help_text="Empty until approved; a new draft clears it")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True, approved_at__isnull=True)
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="evaluations_feedback_approval_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.dossier}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class Reconsideration(models.Model):
    """The one request a person may make, within ``RECONSIDERATION_DAYS`` of an
    announced decline, to have it looked at again by a different program admin.
    One per dossier (the database holds the once-only rule); its outcome is final."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        OVERTURNED = "overturned", _("Overturned")

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="reconsideration")
    statement = models.TextField()
    evidence = models.TextField(blank=True, help_text="New evidence: links or text, one per line")
    requested_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="", decided_by__isnull=True, decided_at__isnull=True)
                | (
                    Q(outcome__in=["upheld", "overturned"], decided_by__isnull=False, decided_at__isnull=False)
                    & ~Q(outcome_note="")
                ),
                name="evaluations_reconsideration_outcome_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Reconsideration of {self.dossier}"

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)


MAX_CALIBRATION_DOSSIERS = 3


class CalibrationDossier(models.Model):
    """A past dossier an admin marks for a cycle's calibration round: every
    evaluator assigned in the cycle scores it first (shown without who it is),
    and sees how far their score sits from the median of everybody's."""

    award_date = models.DateField(help_text="The cycle it calibrates")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["award_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["award_date", "dossier"], name="evaluations_calibration_once_per_cycle"),
        ]

    def __str__(self) -> str:
        return f"Calibration for {self.award_date}: dossier {self.dossier_id}"


class CalibrationScore(models.Model):
    """One evaluator's scores of a calibration dossier (kept apart from the
    dossier's own evaluations, which they must never change)."""

    calibration = models.ForeignKey(CalibrationDossier, on_delete=models.CASCADE, related_name="scores")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    values = models.JSONField(help_text="{criterion id: 1–5}")
    weighted_score = models.DecimalField(max_digits=6, decimal_places=4)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["calibration", "evaluator"], name="evaluations_one_calibration_score"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} calibrated {self.calibration_id}: {self.weighted_score}"
