"""``Authorization: Bearer <token>`` for Django REST framework.

Every refusal is a 401 that says which problem it is (missing, malformed,
unknown, revoked, expired) with ``WWW-Authenticate: Bearer`` and, for a token
that was sent, RFC 6750's ``error="invalid_token"``.
"""

from django.utils import timezone
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from . import services
from .tokens import TokenProblem, token_from_header

REALM = "MVP Portal API"


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return None  # DRF answers NotAuthenticated; the exception handler says "missing"
        now = timezone.now()
        try:
            token = token_from_header(header, now=now)
        except TokenProblem as problem:
            request._api_token_problem = problem.kind
            raise AuthenticationFailed(problem.message, code=f"token_{problem.kind}") from None
        services.token_touch(token=token, now=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        kind = getattr(request, "_api_token_problem", None)
        if kind is None:
            return f'Bearer realm="{REALM}"'
        return f'Bearer realm="{REALM}", error="invalid_token", error_description="token {kind}"'
