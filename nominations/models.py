"""Nominations, dossiers and the activities they document.

State fields change only through the transition functions in ``services.py``;
the allowed moves are listed once, in ``Dossier.TRANSITIONS``.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField

from mvp_portal.accounts.models import Expertise


class ActivityType(models.Model):
    """A kind of community contribution and the labels of its metrics.

    Data, not code: program admins add and edit types in the admin.
    """

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    help_text = models.CharField(max_length=300, blank=True)
    quantity_label = models.CharField(max_length=60, help_text="e.g. Posts, Talks, Answers")
    second_quantity_label = models.CharField(max_length=60, blank=True, help_text="e.g. Subscribers; blank if none")
    reach_label = models.CharField(
        max_length=60, blank=True, help_text="e.g. Unique visitors, Attendees; blank if none"
    )
    url_required = models.BooleanField(default=False, help_text="Evidence must be a public URL")
    spans_dates = models.BooleanField(default=False, help_text="Usually has an end date (a role held over time)")
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Nomination(models.Model):
    """Someone nominated by an active MVP or an employee."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for the MVP lead"
        INVITED = "invited", "Nominee invited"
        CLAIMED = "claimed", "Nominee documenting"
        CLOSED = "closed", "Closed"

    OPEN_STATES = (State.SUBMITTED, State.INVITED, State.CLAIMED)

    nominee_name = models.CharField(max_length=150)
    nominee_email = models.EmailField(max_length=254, help_text="Stored lower-case")
    nominee_country = CountryField()
    expertise = models.ForeignKey(Expertise, on_delete=models.PROTECT, related_name="nominations")
    statement = models.TextField(help_text="Why this person: their community contributions")
    links = models.TextField(blank=True, help_text="Where their work can be seen, one URL per line")
    nominator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations_made")
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations_received",
        help_text="Set when the nominee claims the invitation",
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.SUBMITTED)
    closed_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One open nomination per person: a second nominator becomes a supporter.
            models.UniqueConstraint(
                fields=["nominee_email"],
                condition=Q(state__in=["submitted", "invited", "claimed"]),
                name="nominations_one_open_per_nominee",
            ),
        ]
        indexes = [models.Index(fields=["state", "nominee_country"], name="nominations_state_country")]

    def __str__(self) -> str:
        return f"{self.nominee_name} ({self.expertise})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class NominationSupport(models.Model):
    """A further nominator of an already open nomination."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="supports")
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations_supported"
    )
    statement = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "supporter"], name="nominations_one_support_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.supporter} supports {self.nomination}"


class Invitation(models.Model):
    """One invitation e-mail: its signed link carries ``token`` and works once."""

    VALID_FOR_DAYS = 30

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="invitations")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when a newer invitation was sent: this link no longer works"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        state = "used" if self.used_at else "revoked" if self.revoked_at else "open"
        return f"Invitation for {self.nomination} ({state})"


class Dossier(models.Model):
    """The documentation of one year of community work, evaluated once."""

    class Kind(models.TextChoices):
        NEW = "new", "New"
        RENEWAL = "renewal", "Renewal"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for changes"
        UNDER_EVALUATION = "under_evaluation", "Under evaluation"
        DECIDED = "decided", "Decided"

    # The only moves a dossier's state may make (see services.dossier_transition).
    TRANSITIONS: dict[str, set[str]] = {
        State.DRAFT: {State.SUBMITTED},
        State.SUBMITTED: {State.RETURNED, State.UNDER_EVALUATION, State.DECIDED},
        State.RETURNED: {State.SUBMITTED},
        State.UNDER_EVALUATION: {State.RETURNED, State.DECIDED},
        State.DECIDED: {State.UNDER_EVALUATION},  # a decision changed before the announcement
    }
    EDITABLE_STATES = (State.DRAFT, State.RETURNED)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dossiers")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    nomination = models.OneToOneField(
        Nomination, null=True, blank=True, on_delete=models.PROTECT, related_name="dossier"
    )
    expertise = models.ForeignKey(Expertise, on_delete=models.PROTECT, related_name="dossiers")
    award_date = models.DateField(help_text="The quarterly award date it is evaluated for")
    period_start = models.DateField(help_text="First day of the documented period")
    period_end = models.DateField(help_text="Last day of the documented period")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_message = models.TextField(blank=True)

    class Meta:
        ordering = ["-award_date", "owner__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "award_date"], name="nominations_one_dossier_per_award_date"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="nominations_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(kind="renewal") | Q(nomination__isnull=False), name="nominations_new_dossier_has_nomination"
            ),
        ]
        indexes = [models.Index(fields=["award_date", "state"], name="nominations_dossier_cycle")]

    def __str__(self) -> str:
        return f"{self.owner} — {self.get_kind_display()} dossier for {self.award_date:%Y-%m-%d}"

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    def covers(self, day: date) -> bool:
        return self.period_start <= day <= self.period_end


# Metrics are PostgreSQL integers: bigger numbers are refused by the forms, not by a 500.
MAX_METRIC = 2_147_483_647


class Activity(models.Model):
    """One community contribution documented in a dossier."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public: may appear on my directory profile"
        PRIVATE = "private", "Private: only program staff see it"

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="activities")
    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="activities")
    title = models.CharField(max_length=200)
    started_on = models.DateField("date")
    ended_on = models.DateField("end date", null=True, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    description = models.TextField(blank=True, max_length=4000)
    expertise = models.ForeignKey(
        Expertise, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="technology area"
    )
    quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_METRIC)])
    second_quantity = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_METRIC)])
    reach = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_METRIC)])
    visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC)
    is_paid = models.BooleanField(
        "was this paid work?", default=False, help_text="Paid work such as consulting does not count"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(condition=Q(is_paid=False), name="nominations_activity_not_paid"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="nominations_activity_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["dossier", "started_on"], name="nominations_activity_by_date")]

    def __str__(self) -> str:
        return self.title

    def is_in_period(self) -> bool:
        return not self.outside_period_reason

    @property
    def outside_period_reason(self) -> str:
        """Why it is not counted, or "" when it falls (at least partly) in the period."""
        dossier = self.dossier
        last_day = self.ended_on or self.started_on
        if last_day < dossier.period_start:
            verb = "ended" if self.ended_on else "is dated"
            return (
                f"Outside the period — not counted: it {verb} {last_day:%-d %B %Y}, "
                f"before the period starts on {dossier.period_start:%-d %B %Y}."
            )
        if self.started_on > dossier.period_end:
            return (
                f"Outside the period — not counted: it started {self.started_on:%-d %B %Y}, "
                f"after the period ends on {dossier.period_end:%-d %B %Y}."
            )
        return ""

    @classmethod
    def in_period_q(cls, dossier: "Dossier") -> Q:
        """The database form of ``is_in_period`` for ``dossier``'s activities."""
        return Q(started_on__lte=dossier.period_end) & (
            Q(started_on__gte=dossier.period_start) | Q(ended_on__gte=dossier.period_start)
        )


class DossierLogEntry(models.Model):
    """The audit trail: who did what to a dossier, when.

    Written by the transition functions of this app and of the apps above it
    (evaluations, awards), never by views.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="log_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "dossier log entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
