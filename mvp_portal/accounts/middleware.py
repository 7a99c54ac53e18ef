"""Two-factor authentication before anything else, for those who need it; and the
signed-in person's own language."""

from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import urlencode

from .two_factor import SESSION_OPTED_IN, has_device, two_factor_required

# What a signed-in person may reach before giving their code.
EXEMPT_VIEWS = {
    "accounts:two-factor-setup",
    "accounts:two-factor-verify",
    "accounts:logout",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "healthz",
}


def needs_code(request) -> bool:
    """Signed in, not yet verified, and either staff or opted in."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if two_factor_required(user):
        return True
    opted_in = request.session.get(SESSION_OPTED_IN)
    if opted_in is None:
        opted_in = request.session[SESSION_OPTED_IN] = has_device(user)
    return opted_in


class TwoFactorMiddleware:
    """After ``viewer.ViewerOTPMiddleware`` (django-otp's): a signed-in person who must
    give a code and has not is sent to the code page (or, staff without a
    device, to set one up) before any page — staff desks and the Django admin
    included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in EXEMPT_VIEWS or not needs_code(request):
            return None
        target = "accounts:two-factor-verify" if has_device(request.user) else "accounts:two-factor-setup"
        from django.urls import reverse

        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class AccountLanguageMiddleware:
    """After ``AuthenticationMiddleware``: a signed-in person who chose a language
    sees every page in it, on any device (``LocaleMiddleware`` before it has
    already taken the cookie or the browser's ``Accept-Language``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        language = getattr(user, "language", "") if user.is_authenticated else ""
        if language and translation.check_for_language(language):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
