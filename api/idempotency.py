"""``Idempotency-Key`` on POST: a retried request gets the first answer, not a second creation.

The key is kept per token for ``IdempotencyRecord.KEEP_FOR`` (24 hours). The
same key with the same method, path and JSON body replays the first successful
answer (with ``Idempotent-Replayed: true``); the same key with another body is
refused with 422. Only successful answers are kept: a request that failed may
be corrected and sent again with the same key.

Requests of one token that carry a key are serialised by a row lock on the
token, so two copies sent at the same moment create one thing.
"""

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from .models import ApiToken, IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# Visible ASCII, as Stripe and the IETF draft use in practice (a UUID is the usual choice).
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")


class IdempotencyKeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _(
        "This Idempotency-Key was used in the last 24 hours with a different request body: "
        "use a new key for a new request."
    )
    default_code = "idempotency_key_reused"


def key_from(request) -> str | None:
    """The request's key, None without one; 400 when it is not 1–255 visible ASCII characters."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not KEY_PATTERN.match(key):
        raise ValidationError({HEADER: [_("Use 1 to 255 visible ASCII characters, e.g. a UUID.")]})
    return key


def fingerprint(*, method: str, path: str, data) -> str:
    body = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{method}\n{path}\n{body}".encode()).hexdigest()


def run_once(
    *, token: ApiToken, key: str, fingerprint: str, now: datetime, produce: Callable[[], Response]
) -> Response:
    """The stored answer for ``key``, or ``produce()``'s, stored when it succeeds."""
    with transaction.atomic():
        ApiToken.objects.select_for_update().filter(pk=token.pk).values_list("pk", flat=True).first()
        record = IdempotencyRecord.objects.filter(token=token, key=key).first()
        if record is not None and record.created_at > now - IdempotencyRecord.KEEP_FOR:
            if record.fingerprint != fingerprint:
                raise IdempotencyKeyReused()
            headers = {REPLAYED_HEADER: "true"}
            if record.location:
                headers["Location"] = record.location
            return Response(record.body, status=record.status_code, headers=headers)
        response = produce()
        if status.is_success(response.status_code):
            IdempotencyRecord.objects.filter(token=token, created_at__lte=now - IdempotencyRecord.KEEP_FOR).delete()
            IdempotencyRecord.objects.filter(token=token, key=key).delete()
            IdempotencyRecord.objects.create(
                token=token,
                key=key,
                fingerprint=fingerprint,
                status_code=response.status_code,
                body=response.data,
                location=response.headers.get("Location", ""),
                created_at=now,
            )
        return response


def create_once(request, produce: Callable[[], Response]) -> Response:
    """A create as every API surface makes it: run ``produce`` once per ``Idempotency-Key``
    (a repeat answers what the first call answered), or every time without one."""
    key = key_from(request)
    if key is None:
        return produce()
    return run_once(
        token=request.auth,
        key=key,
        fingerprint=fingerprint(method=request.method, path=request.path, data=request.data),
        now=timezone.now(),
        produce=produce,
    )
