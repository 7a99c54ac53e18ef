from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"

    def ready(self) -> None:
        from mvp_portal.attention import register_attention_provider
        from mvp_portal.notices.services import notice_link_register

        from .attention import attention_items
        from .services import INVITATION_LINK, invitation_link

        register_attention_provider(attention_items)

        # The sources' Celery tasks live in a sub-package that autodiscovery does not look into.
        from .sources import attention as sources_attention
        from .sources import tasks  # noqa: F401

        register_attention_provider(sources_attention.attention_items)
        from mvp_portal.jobs.services import job_resumer_register

        from .sources.services import SYNC_JOB

        # A sync is idempotent (suggestions are unique per person and key): a stalled one is simply run again.
        job_resumer_register(SYNC_JOB, lambda ref: tasks.source_sync.delay(int(ref), resumed=True))
        notice_link_register(INVITATION_LINK, invitation_link)

        from mvp_portal.accounts.erasure import register_personal_data_eraser

        from .services import nominations_erase_person

        register_personal_data_eraser("nominations", nominations_erase_person)
