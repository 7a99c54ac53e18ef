from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API: personal access tokens and the REST surface under ``/api/v1/``.

    An audience app: it reads and writes only through the domain apps'
    selectors and services, and nothing imports it.
    """

    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from . import schema  # noqa: F401  (registers the OpenAPI extension of the token authentication)
