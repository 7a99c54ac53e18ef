from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"

    def ready(self) -> None:
        from mvp_portal.attention import register_attention_provider
        from mvp_portal.notices.services import notice_link_register

        from .attention import attention_items
        from .services import INVITATION_LINK, invitation_link

        register_attention_provider(attention_items)
        notice_link_register(INVITATION_LINK, invitation_link)
