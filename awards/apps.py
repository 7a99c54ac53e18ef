from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy check of the signing key)
