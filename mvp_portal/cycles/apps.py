from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "mvp_portal.cycles"
    label = "cycles"
    verbose_name = "Award cycles"
