"""Every API error has one JSON shape: ``{"detail", "code"}``, plus ``"errors"`` per field on a 400.

Set as Django REST framework's ``EXCEPTION_HANDLER``. A ``ValidationError``
raised by a domain service (Django's, with field names) becomes the same
field-by-field 400 as a serializer's.
"""

import math

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from .tokens import TokenProblem

NON_FIELD = "non_field_errors"


def field_errors(detail) -> dict[str, list[str]]:
    """DRF's error detail (dict, list or string) as {field: [messages]}, nested fields dotted."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for name, value in detail.items():
            for inner, messages in field_errors(value).items():
                key = str(name) if inner == NON_FIELD else f"{name}.{inner}"
                flat.setdefault(key, []).extend(messages)
        return flat
    if isinstance(detail, list):
        messages: list[str] = []
        nested: dict[str, list[str]] = {}
        for index, item in enumerate(detail):
            if isinstance(item, dict | list) and not isinstance(item, str):
                for key, values in field_errors(item).items():
                    nested.setdefault(f"{index}.{key}" if key != NON_FIELD else str(index), []).extend(values)
            else:
                messages.append(str(item))
        return {NON_FIELD: messages, **nested} if messages else nested
    return {NON_FIELD: [str(detail)]}


def from_django(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {(NON_FIELD if name == "__all__" else name): messages for name, messages in exc.message_dict.items()}
        )
    return exceptions.ValidationError({NON_FIELD: exc.messages})


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = from_django(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500
    if isinstance(exc, exceptions.ValidationError):
        data = {
            "detail": _("The request is not valid: see the errors of each field."),
            "code": "invalid",
            "errors": field_errors(exc.detail),
        }
    elif isinstance(exc, exceptions.NotAuthenticated):
        data = {"detail": TokenProblem("missing").message, "code": "token_missing"}
    elif isinstance(exc, exceptions.Throttled):
        wait = max(1, math.ceil(exc.wait or 1))
        response["Retry-After"] = str(wait)
        data = {
            "detail": _("Too many requests with this token: try again in %(seconds)s seconds.") % {"seconds": wait},
            "code": "throttled",
        }
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        data = {"detail": str(exc.detail), "code": codes if isinstance(codes, str) else "error"}
        data.update(getattr(exc, "extra", {}))
    else:  # pragma: no cover - DRF answers only APIException, Http404 and PermissionDenied
        data = response.data
    response.data = data
    return response


class Conflict(exceptions.APIException):
    """409: the request clashes with the state of the data (a locked dossier, a duplicate)."""

    status_code = 409
    default_code = "conflict"

    def __init__(self, detail: str, code: str, **extra):
        super().__init__(detail, code)
        self.extra = extra
