from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"

    def ready(self) -> None:
        from mvp_portal.attention import register_attention_provider

        from .attention import attention_items

        register_attention_provider(attention_items)
