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
        self._connect_queue_cache()

    def _connect_queue_cache(self) -> None:
        """Every save and delete of the rows the queue's kept reads depend on replaces
        their generation (``evaluations.selectors.queue_changed``)."""
        from django.db.models.signals import post_delete, post_save

        from nominations.models import Dossier, Nomination, NominationSupport

        from .models import Assignment, ConflictDeclaration, Decision, Evaluation, Recommendation
        from .selectors import queue_changed

        # The queue's rows and scores, and what makes a viewer's conflict (reviewer profiles leave those out).
        read = (Dossier, Assignment, Evaluation, Recommendation, Decision, ConflictDeclaration)
        for model in (*read, Nomination, NominationSupport):
            for signal in (post_save, post_delete):
                signal.connect(queue_changed, sender=model, dispatch_uid=f"evaluations.queue.{model.__name__}")
