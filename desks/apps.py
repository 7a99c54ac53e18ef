from django.apps import AppConfig


class DesksConfig(AppConfig):
    name = "desks"
    verbose_name = "Staff desks"

    def ready(self) -> None:
        from mvp_portal.attention import register_attention_provider

        from .attention import attention_items

        register_attention_provider(attention_items, shared=True)
