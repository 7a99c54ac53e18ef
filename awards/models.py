"""Awards: who holds the MVP award, in which expertise, from when to when.

The cycles themselves (award dates, deadlines, state) live in the kernel
(``mvp_portal.cycles``); an award records the cycle it was granted in."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from mvp_portal.accounts.models import Expertise
from mvp_portal.cycles.models import AwardCycle
from nominations.models import Dossier


class AwardQuerySet(models.QuerySet):
    def held_on(self, day) -> "AwardQuerySet":
        """Awards covering ``day`` and not revoked: their holders are the MVPs of that day."""
        return self.filter(starts_on__lte=day, ends_on__gte=day, revocation__isnull=True)


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
    credential_id = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="The public id of its verifiable credential (unguessable: hidden profiles stay hidden)",
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
        """Whether the award is held on ``day``: in its period and not revoked
        (``select_related("revocation")`` saves the query)."""
        return self.starts_on <= day <= self.ends_on and not self.is_revoked

    @property
    def is_revoked(self) -> bool:
        return hasattr(self, "revocation")  # the missing reverse one-to-one raises an AttributeError


class AwardRevocation(models.Model):
    """An award withdrawn by a program admin, and why: the audit record of the
    revocation (who, when, why) and what the credentials' status list reads.
    Written only by ``services.award_revoke``; never deleted."""

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="revocation")
    reason = models.TextField()
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Revocation of award {self.award_id}"


class AlumniCredential(models.Model):
    """The alumni credential of a person whose award lapsed without renewal:
    one per person (the daily run issues it; the unique user keeps it once)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alumni_credential")
    last_award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="+", help_text="The award that lapsed")
    first_award_on = models.DateField(help_text="The start of their first award")
    alumnus_since = models.DateField(help_text="The day after the lapsed award's last day")
    credential_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issued_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Alumni credential of {self.user}"


class ReadinessNote(models.Model):
    """The MVP lead's note on an MVP's renewal-readiness picture, left once the
    award's renewal window is open: seen by the MVP and the staff responsible
    for them, nobody else. Written only by ``services.readiness_note_save``,
    which records every version in ``ReadinessNoteEdit``."""

    award = models.OneToOneField(Award, on_delete=models.CASCADE, related_name="readiness_note")
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(help_text="When it was first written")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(help_text="When it was last changed")

    def __str__(self) -> str:
        return f"Readiness note on award {self.award_id}"

    @property
    def was_edited(self) -> bool:
        return self.updated_at != self.written_at


class ReadinessNoteEdit(models.Model):
    """One version of a readiness note: the log of who wrote what, when."""

    note = models.ForeignKey(ReadinessNote, on_delete=models.CASCADE, related_name="edits")
    text = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ["edited_at", "pk"]

    def __str__(self) -> str:
        return f"Edit of readiness note {self.note_id} at {self.edited_at:%Y-%m-%d %H:%M}"


class AwardLogEntry(models.Model):
    """An award's audit trail for what is done to it after it is granted by
    staff (the kit shipped, …): who, when, what. Written by
    ``services.award_log_add``; never edited."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="log_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    message = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "award log entries"
        indexes = [models.Index(fields=["award", "action"], name="awards_log_award_action")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
