from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import TIME_ZONES, OnlineIdentityFormSet, PasswordResetForm, ProfileForm, RoleChangeForm
from .models import SecurityEvent, User
from .roles import is_program_admin
from .selectors import people_with_roles
from .services import ROLE_REFUSAL, password_reset_rate_allows, role_change, security_event_record
from .signin import client_address


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    """A person edits their own profile and online identities; nobody else's."""
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    identities = OnlineIdentityFormSet(request.POST or None, instance=user, prefix="identities")
    if request.method == "POST" and form.is_valid() and identities.is_valid():
        try:
            with transaction.atomic():
                form.save()
                identities.save()
        except IntegrityError:
            # Another tab saved the same link between validation and saving.
            identities._non_form_errors = identities.error_class(
                ["One of these links was just added to your profile elsewhere; reload the page and try again."]
            )
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("accounts:profile-edit")
    return render(
        request, "accounts/profile_edit.html", {"form": form, "identities": identities, "time_zones": TIME_ZONES}
    )


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
