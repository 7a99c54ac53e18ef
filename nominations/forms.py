"""Every input of the nominations app."""

from crispy_forms.helper import FormHelper
from django import forms


class DossierReturnForm(forms.Form):
    message = forms.CharField(
        label="Message to the nominee",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What should they add or change? They receive this by e-mail and see it on their dossier.",
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
