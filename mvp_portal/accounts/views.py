from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .forms import TIME_ZONES, OnlineIdentityFormSet, PasswordResetForm, ProfileForm
from .services import password_reset_rate_allows
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
        if not password_reset_rate_allows(email=form.cleaned_data["email"], client=client_address(self.request)):
            form.add_error(
                "email",
                _(
                    "Too many reset requests for this address or from your network. "
                    "Wait an hour, then ask again; a link already sent keeps working."
                ),
            )
            return self.form_invalid(form)
        return super().form_valid(form)
