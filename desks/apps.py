from django.apps import AppConfig


class DesksConfig(AppConfig):
    name = "desks"
    verbose_name = "Staff desks"

    def ready(self) -> None:
        from mvp_portal.attention import register_attention_provider

        from .attention import attention_items

        register_attention_provider(attention_items, shared=True)

        from evaluations.models import Decision
        from mvp_portal.public_cache import replaced_on_writes
        from nominations.models import Dossier, Nomination

        from .dashboard import PIPELINE

        # The rows the dashboard's pipeline counts read.
        replaced_on_writes(PIPELINE, (Nomination, Dossier, Decision))
