from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "evaluations"

    def ready(self) -> None:
        from mvp_portal.attention import register_attention_provider

        from .attention import attention_items

        register_attention_provider(attention_items)

        from mvp_portal.daily import register_daily_job

        from .services import declined_dossiers_erase

        register_daily_job("declined_dossiers_erased", declined_dossiers_erase)
