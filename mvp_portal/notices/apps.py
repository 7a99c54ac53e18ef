from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "mvp_portal.notices"
    label = "notices"
    verbose_name = "Outbox"
