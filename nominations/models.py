"""Nominations, dossiers and the activities they document.

State fields change only through the transition functions in ``services.py``;
the allowed moves are listed once, in ``Dossier.TRANSITIONS``.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from mvp_portal.accounts.models import Expertise
from mvp_portal.accounts.vocabulary import clean_aliases, name_key
from mvp_portal.translated import HELP_TEXT as TRANSLATIONS_HELP
from mvp_portal.translated import TranslatedText, translation_problems

from .legacy_data import METRICS


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
    url_is_profile = models.BooleanField(
        default=False,
        help_text="The URL is a profile or group page that many activities share (forum answers, a user group, "
        "social media, moderation): two activities are the same only with the same URL and date",
    )
    spans_dates = models.BooleanField(default=False, help_text="Usually has an end date (a role held over time)")
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)
    legacy_id = models.UUIDField(
        "legacy type id",
        null=True,
        blank=True,
        unique=True,
        help_text="The GUID of the MVP API's contribution type this type is, shown by the legacy API",
    )
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Other names it is recognised by, one per line: its legacy names of 2017-2022 and those of "
            "legacy types merged into it (whose ids then resolve here too)"
        ),
    )
    legacy_quantities = models.JSONField(
        "legacy numbers",
        default=dict,
        blank=True,
        help_text=(
            "Which of this type's numbers each legacy number (AnnualQuantity, SecondAnnualQuantity, "
            "AnnualReach) is; empty means by position"
        ),
    )

    translations = models.JSONField(default=dict, blank=True, help_text=TRANSLATIONS_HELP)

    TRANSLATED_FIELDS = ("name", "help_text", "quantity_label", "second_quantity_label", "reach_label")
    local_name = TranslatedText("name")
    local_help_text = TranslatedText("help_text")
    local_quantity_label = TranslatedText("quantity_label")
    local_second_quantity_label = TranslatedText("second_quantity_label")
    local_reach_label = TranslatedText("reach_label")

    # The fields a legacy number can go to, with the label field that says the type has it.
    METRIC_FIELDS = {"quantity": "quantity_label", "second_quantity": "second_quantity_label", "reach": "reach_label"}

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.local_name

    def clean(self) -> None:
        """Aliases are names no other type claims; each legacy number goes to a number the type has."""
        errors: dict[str, list[str]] = {}
        if problems := translation_problems(self.translations, self.TRANSLATED_FIELDS):
            errors["translations"] = problems
        aliases, problems = clean_aliases(self.aliases or [])
        self.aliases = aliases
        others = ActivityType.objects.exclude(pk=self.pk).only("name", "slug", "aliases")
        taken = {}
        for other in others:
            for name in [other.name, other.slug, *(other.aliases or [])]:
                taken.setdefault(name_key(name), other)
        problems += [
            _("“%(alias)s” already names the type %(other)s.") % {"alias": alias, "other": taken[name_key(alias)]}
            for alias in aliases
            if name_key(alias) in taken
        ]
        if problems:
            errors["aliases"] = problems
        problems = [
            problem
            for metric_problems in legacy_quantity_problems(self.legacy_quantities, self).values()
            for problem in metric_problems
        ]
        if problems:
            errors["legacy_quantities"] = problems
        if errors:
            raise ValidationError(errors)


def legacy_quantity_problems(mapping: object, activity_type: ActivityType) -> dict[str | None, list[str]]:
    """What is wrong with a legacy-number mapping for a type, by legacy number (None: the whole mapping).

    A mapping sends each of AnnualQuantity, SecondAnnualQuantity and AnnualReach
    to one of the type's numbers (``quantity``, ``second_quantity``, ``reach``)
    or nowhere (None); a number it goes to must have a label on the type.
    """
    if mapping in (None, {}):
        return {}
    if not isinstance(mapping, dict):
        return {None: [_('Give an object such as {"AnnualQuantity": "quantity"}.')]}
    problems: dict[str | None, list[str]] = {}
    for metric, field in mapping.items():
        if metric not in METRICS:
            problems.setdefault(None, []).append(_("“%(metric)s” is not a legacy number.") % {"metric": metric})
        elif field is not None and field not in ActivityType.METRIC_FIELDS:
            problems.setdefault(metric, []).append(_("“%(field)s” is not one of a type's numbers.") % {"field": field})
        elif field is not None and not getattr(activity_type, ActivityType.METRIC_FIELDS[field]):
            problems.setdefault(metric, []).append(
                _("%(metric)s goes to %(field)s, but the type has no label for that number.")
                % {"metric": metric, "field": field}
            )
    return problems


class Nomination(models.Model):
    """Someone nominated by an active MVP or an employee."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the MVP lead")
        INVITED = "invited", _("Nominee invited")
        CLAIMED = "claimed", _("Nominee documenting")
        CLOSED = "closed", _("Closed")

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
        indexes = [
            models.Index(fields=["state", "nominee_country"], name="nominations_state_country"),
            # The desks' history, latest first: a page of it is read in this order, never all sorted.
            models.Index(fields=["created_at", "id"], name="nominations_made"),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name} ({self.expertise})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def state_label(self) -> str:
        """``get_state_display()``, for lists: Django's builds a dictionary of the choices on each call."""
        return self.State(self.state).label


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
        NEW = "new", _("New")
        RENEWAL = "renewal", _("Renewal")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", pgettext_lazy("dossier state", "Submitted")
        RETURNED = "returned", _("Returned for changes")
        UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed without a decision")

    # The only moves a dossier's state may make (see services.dossier_transition).
    # CLOSED is reached only when the announcement closes its award date.
    TRANSITIONS: dict[str, set[str]] = {
        State.DRAFT: {State.SUBMITTED, State.CLOSED},
        State.SUBMITTED: {State.RETURNED, State.UNDER_EVALUATION, State.DECIDED, State.CLOSED},
        State.RETURNED: {State.SUBMITTED, State.CLOSED},
        State.UNDER_EVALUATION: {State.RETURNED, State.DECIDED, State.CLOSED},
        State.DECIDED: set(),
        State.CLOSED: set(),
    }
    EDITABLE_STATES = (State.DRAFT, State.RETURNED)
    # Out of the owner's hands: handed in, and everything after (what the staff's queues list).
    SUBMITTED_STATES = (State.SUBMITTED, State.UNDER_EVALUATION, State.DECIDED, State.CLOSED)
    # Handed in and waiting for staff: what the lead desk works on.
    IN_REVIEW_STATES = (State.SUBMITTED, State.UNDER_EVALUATION)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dossiers")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    nomination = models.OneToOneField(
        Nomination, null=True, blank=True, on_delete=models.PROTECT, related_name="dossier"
    )
    expertise = models.ForeignKey(Expertise, on_delete=models.PROTECT, related_name="dossiers")
    country = CountryField(
        blank=True,
        help_text="Whose lead looks after it: the owner's country (else the nomination's), "
        "recorded again when it is submitted",
    )
    award_date = models.DateField(help_text="The quarterly award date it is evaluated for")
    period_start = models.DateField(help_text="First day of the documented period")
    period_end = models.DateField(help_text="Last day of the documented period")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_message = models.TextField(blank=True)
    deadline_extended_to = models.DateField(
        null=True,
        blank=True,
        help_text="A program admin's extension of this dossier's submission deadline "
        "(services.dossier_deadline_extend; the log says who and why)",
    )

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
        indexes = [
            models.Index(fields=["award_date", "state"], name="nominations_dossier_cycle"),
            models.Index(fields=["country", "award_date", "state"], name="nominations_dossier_desk"),
            # The admin's cycle page reads its two lists in these orders, 50 rows of a cycle of any size.
            models.Index(fields=["award_date", "submitted_at"], name="nominations_dossier_waiting"),
            models.Index(fields=["award_date", "kind", "id"], name="nominations_dossier_kinds"),
        ]

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
        PUBLIC = "public", _("Public: may appear on my directory profile")
        PRIVATE = "private", _("Private: only program staff see it")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="activities")
    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="activities")
    title = models.CharField(max_length=200)
    started_on = models.DateField(_("date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    description = models.TextField(blank=True, max_length=4000)
    expertise = models.ForeignKey(
        Expertise, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("technology area")
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


# Sources: connected once, kept in sync (the code is in ``nominations/sources/``) --------------
class SourceConnection(models.Model):
    """A place where a person's work is already written down (a blog feed, a
    YouTube channel, a GitHub account, a Sessionize profile), connected once
    and read again every day. It belongs to the person, not to a dossier: what
    it finds is suggested for whichever dossier they can edit."""

    class Kind(models.TextChoices):
        FEED = "feed", _("Blog feed (RSS or Atom)")
        YOUTUBE = "youtube", _("YouTube channel")
        GITHUB = "github", _("GitHub account")
        SESSIONIZE = "sessionize", _("Sessionize speaker profile")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="source_connections")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    identifier = models.CharField(
        max_length=500, help_text="The feed URL, YouTube channel id, GitHub login or Sessionize endpoint id"
    )
    title = models.CharField(max_length=200, blank=True, help_text="What the source calls itself (a feed's title)")
    # Fernet-encrypted (nominations/sources/tokens.py); never shown, not even in the admin.
    token_encrypted = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    next_sync_at = models.DateTimeField(help_text="Due for a sync from this moment")
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True, help_text="The last sync that succeeded")
    failures = models.PositiveSmallIntegerField(default=0, help_text="Failed syncs in a row (the backoff)")
    last_error = models.CharField(max_length=500, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    items_found = models.PositiveIntegerField(default=0, help_text="Items of the period in the last answer")
    new_suggestions = models.PositiveIntegerField(default=0, help_text="Suggestions made by the last sync")
    sync_requested_at = models.DateTimeField(null=True, blank=True, help_text="The owner's last “sync now”")
    syncing_since = models.DateTimeField(null=True, blank=True, help_text="Claimed by a worker since")
    # Per fetched URL: {"etag": …, "last_modified": …} for conditional requests.
    validators = models.JSONField(default=dict, blank=True)
    # What a connector keeps between syncs (e.g. the GitHub repositories last listed).
    cache = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["kind", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind", "identifier"], name="nominations_source_once_per_owner")
        ]
        indexes = [models.Index(fields=["next_sync_at"], name="nominations_source_due")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == self.Kind.GITHUB:
            return _("GitHub (%(login)s)") % {"login": self.identifier}
        if self.kind == self.Kind.SESSIONIZE:
            return _("Sessionize (%(name)s)") % {"name": self.title or self.identifier}
        if self.kind == self.Kind.YOUTUBE:
            return _("YouTube channel “%(name)s”") % {"name": self.title or self.identifier}
        return _("the feed “%(name)s”") % {"name": self.title or self.identifier}

    @property
    def has_token(self) -> bool:
        return bool(self.token_encrypted)


class Suggestion(models.Model):
    """Something a source found: offered to its owner as an activity, never
    one until they accept it. Dismissed suggestions are kept so that the same
    item is never suggested again; ``key`` says what "the same" means."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for you")
        ACCEPTED = "accepted", _("Added to a dossier")
        DISMISSED = "dismissed", _("Dismissed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_suggestions")
    connection = models.ForeignKey(
        SourceConnection, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    source_kind = models.CharField(max_length=12, choices=SourceConnection.Kind.choices)
    source_name = models.CharField(max_length=200, help_text="The source as it was named when this was found")
    key = models.CharField(
        max_length=600, help_text="Its canonical URL; with the date for pages shared by many items (an event site)"
    )
    url = models.URLField("URL", max_length=500)
    canonical_url = models.CharField(max_length=500)
    title = models.CharField(max_length=200)
    occurred_on = models.DateField("date")
    ended_on = models.DateField("end date", null=True, blank=True)
    description = models.TextField(blank=True, max_length=1000)
    activity_type = models.ForeignKey(
        ActivityType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="proposed type"
    )
    quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_METRIC)])
    second_quantity = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_METRIC)])
    reach = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_METRIC)])
    metrics = models.JSONField(default=dict, blank=True, help_text="The public metrics as fetched (views, stars…)")
    fetched_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="nominations_suggestion_once_per_owner")]
        indexes = [models.Index(fields=["owner", "state"], name="nominations_suggestion_state")]

    def __str__(self) -> str:
        return self.title

    @property
    def metrics_text(self) -> str:
        from .sources.selectors import metrics_text

        return metrics_text(self.metrics)


class ActivityProvenance(models.Model):
    """Where an activity came from when a source suggested it: the source,
    the item's canonical URL and the public metrics as fetched, so that
    reviewers can tell verified numbers from numbers entered by hand. An
    activity without one was entered by hand."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, primary_key=True, related_name="provenance")
    connection = models.ForeignKey(SourceConnection, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_kind = models.CharField(max_length=12, choices=SourceConnection.Kind.choices)
    source_name = models.CharField(max_length=200)
    canonical_url = models.CharField(max_length=500)
    fetched_at = models.DateTimeField()
    metrics = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "activity provenances"

    def __str__(self) -> str:
        return f"{self.activity_id} from {self.source_name}"

    @property
    def metrics_text(self) -> str:
        """ "4,567 views, 120 likes": the public numbers as they were fetched."""
        from .sources.selectors import metrics_text

        return metrics_text(self.metrics)
