"""Awards: who holds the MVP award, in which expertise, from when to when."""

from django.conf import settings
from django.db import models

from mvp_portal.accounts.models import Expertise


class Award(models.Model):
    """One year of the award: held from ``starts_on`` to ``ends_on`` inclusive."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="awards")
    expertise = models.ForeignKey(Expertise, on_delete=models.PROTECT, related_name="awards")
    starts_on = models.DateField(help_text="The quarterly award date it was granted on")
    ends_on = models.DateField(help_text="The last day it is held")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="awards_award_period")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="awards_award_ends_after_start"
            ),
            models.UniqueConstraint(fields=["user", "starts_on"], name="awards_award_one_per_person_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.expertise} ({self.starts_on:%Y-%m-%d} to {self.ends_on:%Y-%m-%d})"

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on
