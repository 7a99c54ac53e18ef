from django.apps import AppConfig


class DesksConfig(AppConfig):
    name = "desks"
    verbose_name = "Staff desks"

    def ready(self) -> None:
        from mvp_portal.attention import register_attention_provider

        from .attention import attention_items

        register_attention_provider(attention_items, shared=True)
        self._connect_pipeline_counts()

    def _connect_pipeline_counts(self) -> None:
        """Every save and delete of the rows the dashboard's pipeline counts read
        replaces their generation (``desks.dashboard.pipeline_changed``)."""
        from django.db.models.signals import post_delete, post_save

        from evaluations.models import Decision
        from nominations.models import Dossier, Nomination

        from .dashboard import pipeline_changed

        for model in (Nomination, Dossier, Decision):
            for signal in (post_save, post_delete):
                signal.connect(pipeline_changed, sender=model, dispatch_uid=f"desks.pipeline.{model.__name__}")
