"""How the OpenAPI document describes the API: the Bearer scheme, and what every operation may answer."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description=_("Seconds to wait before the next request."),
)


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the ``Retry-After`` header of every operation's 429."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), RETRY_AFTER]


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "mvp_<key id>_<secret>",
            "description": str(
                _(
                    "A personal access token from your profile's API tokens page (or "
                    "`manage.py create_api_token`). Read tokens read; write tokens also change activities."
                )
            ),
        }
