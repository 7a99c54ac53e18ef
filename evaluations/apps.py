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

        from mvp_portal.public_cache import replaced_on_writes
        from nominations.models import Dossier, Nomination, NominationSupport

        from .models import Assignment, ConflictDeclaration, Decision, Evaluation, Recommendation
        from .selectors import QUEUE

        # The queue's rows and scores, and what makes a viewer's conflict (reviewer profiles leave those out).
        read = (Dossier, Assignment, Evaluation, Recommendation, Decision, ConflictDeclaration)
        replaced_on_writes(QUEUE, (*read, Nomination, NominationSupport))
