from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"

    def ready(self) -> None:
        from mvp_portal.jobs.services import job_resumer_register

        from . import (
            checks,  # noqa: F401  (registers the deploy check of the signing key)
            services,
            tasks,
        )

        # Both are idempotent and resumable: a second run finishes what the first left.
        job_resumer_register(services.ANNOUNCE_JOB, lambda ref: tasks.announce_cycle.delay(int(ref)))
        job_resumer_register(services.DAILY_JOB, lambda ref: tasks.awards_daily.delay(date_iso=ref))
