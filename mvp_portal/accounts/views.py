from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import OnlineIdentityFormSet, ProfileForm


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    """A person edits their own profile and online identities; nobody else's."""
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    identities = OnlineIdentityFormSet(request.POST or None, instance=user, prefix="identities")
    if request.method == "POST" and form.is_valid() and identities.is_valid():
        with transaction.atomic():
            form.save()
            identities.save()
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile-edit")
    return render(request, "accounts/profile_edit.html", {"form": form, "identities": identities})
