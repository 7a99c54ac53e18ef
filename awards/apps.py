from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"

    def ready(self) -> None:
        from evaluations.signals import decline_overturned
        from mvp_portal.jobs.services import job_resumer_register

        from . import (
            checks,  # noqa: F401  (registers the deploy check of the signing key)
            services,
            tasks,
        )

        decline_overturned.connect(_grant_overturned, dispatch_uid="awards_grant_overturned")

        # Both are idempotent and resumable: a second run finishes what the first left.
        job_resumer_register(services.ANNOUNCE_JOB, lambda ref: tasks.announce_cycle.delay(int(ref)))
        job_resumer_register(services.DAILY_JOB, lambda ref: tasks.awards_daily.delay(date_iso=ref))


def _grant_overturned(sender, *, dossier_id: int, actor=None, **kwargs) -> None:
    from .services import award_grant_overturned

    award_grant_overturned(dossier_id=dossier_id, actor=actor)
