"""Long jobs (the announcement, the daily run, its account deletions, a source
sync): what each is doing, how far it got and when it last moved.

Not jobs: the import of a file and the data takeout run in the request that
asks for them (the upload is capped at 2 MB; the takeout is one person's data),
so they end with the request and there is nothing to resume.

A job is one row per piece of work (``kind`` and ``ref``, e.g. the announcement
of cycle 12): starting it again — a resume, a second press of a button —
reuses the row. Its ``heartbeat_at`` moves with every chunk the job commits;
a running job whose heartbeat is older than ``JOB_STALL_AFTER`` is *stalled*
(its worker died, or its task was lost with the broker) and the sweeper
(``tasks.sweep_jobs``, every minute) dispatches it again. Every resumable job
is idempotent, so a second run only finishes what the first left.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=40, help_text=_("What sort of job: its resumer is registered under this name"))
    ref = models.CharField(max_length=100, help_text=_("Which one: the cycle's id, the day of a daily run"))
    label = models.CharField(max_length=200, help_text=_("What it is doing, for people"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(help_text=_("When it last moved"))
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    resumed_at = models.DateTimeField(null=True, blank=True, help_text=_("When it was last dispatched again"))
    stalled_since = models.DateTimeField(
        null=True, blank=True, help_text=_("Its heartbeat when it was last found stalled; cleared when it moves")
    )
    resumes = models.PositiveSmallIntegerField(default=0, help_text=_("How often it was dispatched again"))
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "ref"], name="jobs_job_one_per_work"),
        ]
        indexes = [models.Index(fields=["state", "heartbeat_at"], name="jobs_state_heartbeat")]

    def __str__(self) -> str:
        return f"{self.label} ({self.state}, {self.done}/{self.total})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0
