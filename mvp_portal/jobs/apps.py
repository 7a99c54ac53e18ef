from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "mvp_portal.jobs"
    label = "jobs"
    verbose_name = "Long jobs"
