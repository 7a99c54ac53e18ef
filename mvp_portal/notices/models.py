"""The outbox: every e-mail the portal sends is first a row here.

A notice is written in the same transaction as the change that causes it, so
a rolled-back change never sends mail; the unique ``key`` makes enqueuing
idempotent; the ``state`` column is claimed by compare-and-set so that two
workers never both send one notice.

A notice never holds a live secret. A mail that carries a sign-in link
(password reset, invitation) stores a reference instead (``link_kind`` and
``link_ref``, e.g. the invitation's id) and a slot in its bodies; the link is
made when the mail is sent (see ``services.notice_send``).
"""

from django.conf import settings
from django.db import models


class Notice(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled: its link no longer applies"

    key = models.CharField(max_length=200, unique=True, help_text="Idempotency key: one notice per key, ever")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    to_email = models.EmailField(max_length=254)
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    template = models.CharField(max_length=120, help_text="The templates it was rendered from")
    language = models.CharField(
        max_length=10, blank=True, help_text="The language it was written in: the recipient's, when it was queued"
    )
    link_kind = models.CharField(
        max_length=60, blank=True, help_text="The kind of link written into the mail when it is sent, if any"
    )
    link_ref = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The id the link is made from (a person, an invitation)"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True, help_text="Last handed to the broker")
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="Last claimed by a worker for sending")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "dispatched_at"], name="notices_state_dispatched")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_email} ({self.state})"
