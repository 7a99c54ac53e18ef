"""The tokens page's form."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from mvp_portal.validators import NUMBER_MESSAGES

from .models import ApiToken


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “PowerShell on my laptop”."),
    )
    scope = forms.ChoiceField(
        label=_("What it may do"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ, widget=forms.RadioSelect
    )
    days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=1,
        max_value=ApiToken.MAX_DAYS,
        initial=ApiToken.DEFAULT_DAYS,
        help_text=_("At most 365 days (one year). Revoke it as soon as you no longer need it."),
        error_messages=NUMBER_MESSAGES,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
