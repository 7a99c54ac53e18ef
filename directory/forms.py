from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext as _
from django_countries import countries

from .selectors import DirectoryFilters


class DirectoryFilterForm(forms.Form):
    """The directory's filters, read from the query string (a GET form: URLs are shareable).

    The template renders the selects itself so that each option carries its count.
    """

    q = forms.CharField(required=False, max_length=100, label="Keyword")
    expertise = forms.SlugField(required=False, max_length=80)
    country = forms.CharField(required=False, max_length=2)
    language = forms.CharField(required=False, max_length=12)

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].strip().upper()
        # Two ASCII letters of a known country, or nothing ("²" upper-cases to itself).
        if code and not (len(code) == 2 and code.isascii() and code.isalpha() and code in countries):
            raise forms.ValidationError(_("Choose a country from the list."))
        return code

    def filters(self) -> DirectoryFilters:
        """The valid filters; an invalid value (e.g. a mangled shared link) is dropped, not the rest."""
        self.is_valid()
        data = self.cleaned_data
        return DirectoryFilters(
            q=" ".join(data.get("q", "").split()),
            expertise=data.get("expertise", ""),
            country=data.get("country", "").upper(),
            language=data.get("language", ""),
        )


class NdaAcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.BooleanField(label="I have read this non-disclosure agreement and accept it", required=True)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the <form> (action, CSRF)
        self.helper.add_input(Submit("submit", "Accept the NDA"))


class KitAddressForm(forms.Form):
    shipping_address = forms.CharField(
        label="Shipping address",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where the certificate and trophy are sent by post: name, street, city, postcode, country.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the <form> (action, CSRF)
        self.helper.add_input(Submit("submit", "Confirm the address"))
