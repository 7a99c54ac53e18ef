"""Personal access tokens and the idempotency records of API writes.

A token is shown once, when it is made, and stored only as the SHA-256 of
the whole token: ``mvp_<key id>_<secret>``. The key id is public (it is how a
token is listed and found); the secret has about 238 bits of entropy, so a
plain hash is enough (nothing to stretch, as for a password).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A personal access token: who it acts for, what it may do, until when."""

    class Scope(models.TextChoices):
        READ = "read", _("Read: see my dossiers and activities")
        WRITE = "write", _("Read and write: also add, change and delete activities")

    PREFIX = "mvp_"
    DEFAULT_DAYS = 90
    MAX_DAYS = 365
    # The last-used time is written at most this often, to spare writes on every request.
    TOUCH_EVERY = timedelta(minutes=1)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_id = models.CharField(max_length=16, unique=True, help_text=_("The public part: mvp_<key id>"))
    secret_hash = models.CharField(max_length=64, help_text=_("SHA-256 of the whole token, hex"))
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="api_token_expires_after_creation"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__lte=F("created_at") + timedelta(days=365)),
                name="api_token_lives_at_most_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.name})"

    @property
    def prefix(self) -> str:
        return f"{self.PREFIX}{self.key_id}"

    def state(self, now: datetime) -> str:
        """ "active", "revoked" or "expired" at ``now``."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "active"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class IdempotencyRecord(models.Model):
    """The first successful answer to a POST sent with an ``Idempotency-Key``.

    The same key with the same body, from the same token within
    ``KEEP_FOR``, gets this answer again instead of a second creation.
    """

    KEEP_FOR = timedelta(hours=24)

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="idempotency_records")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text=_("SHA-256 of the method, path and JSON body"))
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_one_per_token_key")]

    def __str__(self) -> str:
        return f"{self.key} → {self.status_code}"
