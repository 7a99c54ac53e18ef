"""Evaluations of dossiers and the binary decision on each."""

from django.conf import settings
from django.db import models

from nominations.models import Dossier


class Decision(models.Model):
    """Award or decline, exactly one per dossier (enforced by the database).

    Changeable until the awards side announces the dossier's cycle and sets
    ``announced_at``; frozen after.
    """

    class Verdict(models.TextChoices):
        AWARD = "award", "Award"
        DECLINE = "decline", "Decline"

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="decision")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    rationale = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    announced_at = models.DateTimeField(null=True, blank=True, help_text="Set when the cycle is announced")

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.dossier}"

    @property
    def is_frozen(self) -> bool:
        return self.announced_at is not None
