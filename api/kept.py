"""API answers kept for their token's owner until what they read is written (``mvp_portal.kept_pages``)."""

import functools
from collections.abc import Callable

from django.http import HttpResponse

from mvp_portal import kept_pages


def kept_get(get: Callable) -> Callable:
    """An API view's ``get`` answered with what was kept for this token's owner, address, language
    and media type while nothing it read has changed. Authentication, the token's scope and the
    rate limits run before, on every request (``APIView.initial``); only a 200 is kept."""

    @functools.wraps(get)
    def kept(view, request, *args, **kwargs):
        if not kept_pages.keeping(request.user):
            return get(view, request, *args, **kwargs)
        key = kept_pages.key_for(type(view), request, request.accepted_media_type)
        found = kept_pages.kept(key)
        if found is not None:
            status, content_type, body = found
            return HttpResponse(body, status=status, content_type=content_type)
        with kept_pages.reading_from_here(key):
            response = view.finalize_response(request, get(view, request, *args, **kwargs), *args, **kwargs)
            response.render()
            if response.status_code == 200:
                kept_pages.keep_value((200, response["Content-Type"], response.content))
        return response

    return kept
