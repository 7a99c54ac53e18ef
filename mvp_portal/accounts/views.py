import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mvp_portal import kept_pages, public_cache
from mvp_portal.http import safe_next_url
from mvp_portal.program_calendar import program_today

from . import two_factor
from .forms import (
    TIME_ZONE_OPTIONS,
    AccountDeletionForm,
    AvatarForm,
    LanguageForm,
    LoginForm,
    OnlineIdentityFormSet,
    PasswordResetForm,
    ProfileForm,
    RoleChangeForm,
    TwoFactorCodeForm,
)
from .models import SecurityEvent, User
from .roles import is_program_admin
from .selectors import people_with_roles
from .services import (
    DELETION_GRACE_DAYS,
    ROLE_REFUSAL,
    account_deletion_cancel,
    account_deletion_request,
    avatar_remove,
    avatar_save,
    language_choose,
    password_reset_rate_allows,
    profile_save,
    role_change,
    security_event_record,
)
from .signin import client_address


@login_required
@kept_pages.keep
def profile_edit(request: HttpRequest) -> HttpResponse:
    """A person edits their own profile and online identities; nobody else's."""
    user = request.user
    if request.method == "GET":
        return kept_pages.page(request, "accounts/profile_edit.html", lambda: _profile_context(user))
    form = ProfileForm(request.POST or None, instance=user)
    identities = OnlineIdentityFormSet(request.POST or None, instance=user, prefix="identities")
    if request.method == "POST" and form.is_valid() and identities.is_valid():
        try:
            profile_save(form=form, identities=identities)
        except IntegrityError:
            # Another tab saved the same link between validation and saving.
            identities._non_form_errors = identities.error_class(
                ["One of these links was just added to your profile elsewhere; reload the page and try again."]
            )
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile-edit")
    return _profile_page(request, form=form, identities=identities)


def _profile_page(
    request: HttpRequest, *, form=None, identities=None, avatar_form=None, status: int = 200
) -> HttpResponse:
    context = _profile_context(request.user, form=form, identities=identities, avatar_form=avatar_form)
    return render(request, "accounts/profile_edit.html", context, status=status)


def _profile_context(user, *, form=None, identities=None, avatar_form=None) -> dict:
    return {
        "form": form or ProfileForm(instance=user),
        "identities": identities or OnlineIdentityFormSet(instance=user, prefix="identities"),
        "avatar_form": avatar_form or AvatarForm(),
        "time_zone_options": TIME_ZONE_OPTIONS,
    }


@login_required
@require_POST
def avatar_upload(request: HttpRequest) -> HttpResponse:
    """A new profile photo for the signed-in person; a bad file is refused beside the field."""
    form = AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        avatar_save(user=request.user, photo=form.cleaned_data["photo"], now=timezone.now())
        messages.success(request, _("Your photo is saved."))
        return redirect("accounts:profile-edit")
    return _profile_page(request, avatar_form=form, status=400)


@login_required
@require_POST
def avatar_delete(request: HttpRequest) -> HttpResponse:
    """The signed-in person removes their profile photo: their initials are shown instead."""
    if avatar_remove(user=request.user):
        messages.success(request, _("Your photo is removed."))
    return redirect("accounts:profile-edit")


class SignInView(auth_views.LoginView):
    """Django's sign-in page. Its plain form (no return address asked for, no message waiting)
    is the same for every visitor but their CSRF token: it is kept whole, per language, with
    a slot for the token (``public_cache.kept_shell``), rendered once instead of per visit."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        if request.GET or public_cache.messages_waiting(request):
            return super().get(request, *args, **kwargs)
        kept = public_cache.kept(
            "sign-in-page",
            (translation.get_language(),),
            # As the public pages: kept at most PUBLIC_PAGE_CACHE_SECONDS, so a deploy's new page shows within the hour.
            [public_cache.DIRECTORY],
            lambda: public_cache.kept_shell(request, self.template_name, self.get_context_data()),
            timeout=settings.PUBLIC_PAGE_CACHE_SECONDS,
        )
        return HttpResponse(public_cache.shell_for(request, kept))


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page through the outbox, rate-limited per address and per client."""

    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        allowed = password_reset_rate_allows(email=email, client=client_address(self.request))
        security_event_record(
            kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED,
            request=self.request,
            user=User.objects.filter(email__iexact=email.strip()).first(),
            username=email,
            refused="" if allowed else "rate limit",
        )
        if not allowed:
            form.add_error(
                "email",
                _(
                    "Too many reset requests for this address or from your network. "
                    "Wait an hour, then ask again; a link already sent keeps working."
                ),
            )
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        security_event_record(kind=SecurityEvent.Kind.PASSWORD_RESET_COMPLETED, request=self.request, user=form.user)
        return response


@login_required
@require_http_methods(["GET", "POST"])
def roles(request: HttpRequest) -> HttpResponse:
    """Program admins grant and revoke roles; every change is in the security log."""
    if not is_program_admin(request.user):
        raise PermissionDenied(ROLE_REFUSAL)
    form = RoleChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = role_change(
                actor=request.user,
                email=data["email"],
                role=data["role"],
                grant=data["action"] == "grant",
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            role = dict(form.fields["role"].choices)[data["role"]]
            text = (
                _("%(role)s granted to %(name)s.")
                if data["action"] == "grant"
                else _("%(role)s revoked from %(name)s.")
            )
            messages.success(request, text % {"role": role, "name": person.display_name})
            return redirect("accounts:roles")
    query = request.GET.get("q", "").strip()[:100]
    people = list(people_with_roles(query))
    return render(request, "accounts/roles.html", {"form": form, "people": people, "query": query})


# Two-factor authentication ---------------------------------------------------------------
CODE_HELP = gettext_lazy("The 6 digits your authenticator app shows, or one of your recovery codes.")
APP_CODE_HELP = gettext_lazy("The 6 digits your authenticator app shows now.")


def _next_url(request) -> str:
    return safe_next_url(request, request.POST.get("next") or request.GET.get("next"), reverse("home"))


def _codes_page(request, codes: list[str], *, title: str) -> HttpResponse:
    # Shown once, in the answer to the POST: never stored, never cached (no-store).
    return render(
        request, "accounts/two_factor_codes.html", {"codes": codes, "title": title, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), confirm with a first code, get the recovery codes."""
    user = request.user
    if two_factor.has_device(user):
        return redirect("accounts:two-factor" if user.is_verified() else "accounts:two-factor-verify")
    form = TwoFactorCodeForm(request.POST or None, help_text=APP_CODE_HELP)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.two_factor_enrol(user=user, code=form.cleaned_data["code"], request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            django_otp.login(request, two_factor.TOTPDevice.objects.get(user=user, confirmed=True))
            request.session[two_factor.SESSION_OPTED_IN] = True
            return _codes_page(request, codes, title=_("Two-factor authentication is on"))
    device = two_factor.totp_device_start(user=user)
    context = {
        "form": form,
        "qr": two_factor.totp_qr_data_uri(device),
        "secret": two_factor.totp_secret(device),
        "required": two_factor.two_factor_required(user),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified() or not two_factor.has_device(user):
        return HttpResponseRedirect(_next_url(request))
    form = TwoFactorCodeForm(request.POST or None, help_text=CODE_HELP)
    if request.method == "POST" and form.is_valid():
        device = two_factor.two_factor_verify(user=user, code=form.cleaned_data["code"], request=request)
        if device is None:
            form.add_error(
                "code",
                _("That code does not work. Wait for a new one in your app and try again, or use a recovery code."),
            )
        else:
            django_otp.login(request, device)
            if isinstance(device, two_factor.StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("You used a recovery code: %(left)d left. Make new ones in your two-factor settings.")
                    % {"left": left},
                )
            return HttpResponseRedirect(_next_url(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_GET
def two_factor_overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "enabled": two_factor.has_device(user),
        "required": two_factor.two_factor_required(user),
        "codes_left": two_factor.StaticToken.objects.filter(device__user=user).count(),
        "form": TwoFactorCodeForm(help_text=APP_CODE_HELP),
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), after a code from the app."""
    if not two_factor.has_device(request.user):
        return redirect("accounts:two-factor-setup")
    form = TwoFactorCodeForm(request.POST or None, help_text=APP_CODE_HELP)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.recovery_codes_renew(user=request.user, code=form.cleaned_data["code"], request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _codes_page(request, codes, title=_("Your new recovery codes"))
    return render(request, "accounts/two_factor_confirm.html", {"form": form, "action": "recovery"})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Remove (or, for staff, replace) the device, after a code."""
    if not two_factor.has_device(request.user):
        return redirect("accounts:two-factor-setup")
    form = TwoFactorCodeForm(request.POST or None, help_text=CODE_HELP)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.two_factor_remove(user=request.user, code=form.cleaned_data["code"], request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[two_factor.SESSION_OPTED_IN] = False
            if two_factor.two_factor_required(request.user):
                messages.info(request, _("Your device is removed: set up the new one now."))
                return redirect("accounts:two-factor-setup")
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("accounts:profile-edit")
    return render(request, "accounts/two_factor_confirm.html", {"form": form, "action": "remove"})


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The language menu: the chosen language for this browser (a cookie) and, for
    a signed-in person, on their account (every device, and their e-mails)."""
    form = LanguageForm(request.POST)
    response = HttpResponseRedirect(safe_next_url(request, request.POST.get("next"), reverse("home")))
    if not form.is_valid():
        return response
    language = form.cleaned_data["language"]
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    if request.user.is_authenticated:
        language_choose(user=request.user, language=language)
    return response


# Leaving ---------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """Ask for the account to be deleted; while the request waits, the page offers to cancel it."""
    user = request.user
    form = None
    if user.deletion_due_on is None:
        form = AccountDeletionForm(request.POST if request.method == "POST" else None, user=user)
        if form.is_bound and form.is_valid():
            now = timezone.now()
            try:
                account_deletion_request(user=user, now=now, today=program_today(now))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Your account will be deleted in %(days)d days.") % {"days": DELETION_GRACE_DAYS}
                )
                return redirect("accounts:account-delete")
    return render(
        request,
        "accounts/account_delete.html",
        {"form": form, "grace_days": DELETION_GRACE_DAYS},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def account_delete_cancel(request: HttpRequest) -> HttpResponse:
    try:
        account_deletion_cancel(user=request.user, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your account will not be deleted."))
    return redirect("accounts:account-delete")
