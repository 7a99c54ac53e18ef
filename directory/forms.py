from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MinValueValidator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from mvp_portal.accounts.models import Expertise
from mvp_portal.validators import NUMBER_MESSAGES

from .models import AwardKit, NdaVersion, Summit, SummitSession
from .selectors import DirectoryFilters, DirectorySort, KitFilters


class DirectoryFilterForm(forms.Form):
    """The directory's filters, read from the query string (a GET form: URLs are shareable).

    The template renders the selects itself so that each option carries its count.
    """

    q = forms.CharField(required=False, max_length=100, label=_("Keyword"))
    expertise = forms.SlugField(required=False, max_length=80)
    country = forms.CharField(required=False, max_length=2)
    language = forms.CharField(required=False, max_length=12)
    sort = forms.ChoiceField(required=False, choices=DirectorySort.choices, label=_("Sort by"))

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

    def chosen_sort(self) -> str:
        """The order asked for; none, or one the directory does not offer: the default (by name)."""
        self.is_valid()
        return self.cleaned_data.get("sort") or DirectorySort.NAME


class NdaAcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.BooleanField(label=_("I have read this non-disclosure agreement and accept it"), required=True)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the <form> (action, CSRF)
        self.helper.add_input(Submit("submit", _("Accept the NDA")))


class KitAddressForm(forms.Form):
    shipping_address = forms.CharField(
        label=_("Shipping address"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Where the certificate and trophy are sent by post: name, street, city, postcode, country."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the <form> (action, CSRF)
        self.helper.add_input(Submit("submit", _("Confirm the address")))


# The Summit -------------------------------------------------------------------
class SummitForm(forms.ModelForm):
    """Program admins create or change a summit; the cross-field rules are the service's."""

    class Meta:
        model = Summit
        fields = [
            "name",
            "place",
            "starts_on",
            "ends_on",
            "capacity",
            "registration_opens_on",
            "registration_closes_on",
            "nda_version",
        ]
        widgets = {
            field: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for field in ("starts_on", "ends_on", "registration_opens_on", "registration_closes_on")
        }
        labels = {
            "name": _("Name"),
            "place": _("Place"),
            "starts_on": _("First day"),
            "ends_on": _("Last day"),
            "capacity": _("Seats"),
            "registration_opens_on": _("Registration opens on"),
            "registration_closes_on": _("Registration closes on"),
            "nda_version": _("NDA version required"),
        }
        help_texts = {
            "place": _("City and venue"),
            "ends_on": _("The last day of the summit"),
            "capacity": _("Registrations beyond this number join the waitlist"),
            "registration_closes_on": _("The last day to register or cancel"),
            "nda_version": _("Registering requires having accepted this version of the NDA (or a later one)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nda_version"].queryset = NdaVersion.objects.filter(published_at__isnull=False)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].max_value = 100_000
        self.fields["capacity"].validators.append(MinValueValidator(1))
        self.fields["capacity"].error_messages.update(NUMBER_MESSAGES)
        self.fields["capacity"].widget.attrs.update(min=1, max=100_000)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Save the summit")))


class SummitSessionForm(forms.ModelForm):
    class Meta:
        model = SummitSession
        fields = ["title", "expertise"]
        labels = {"title": _("Title"), "expertise": _("Expertise")}
        help_texts = {"expertise": _("Empty: for everyone")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].queryset = Expertise.objects.filter(is_active=True).order_by("name")
        self.fields["expertise"].empty_label = _("Everyone")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Add the session")))


class SummitRegistrationForm(forms.Form):
    sessions = forms.ModelMultipleChoiceField(
        queryset=SummitSession.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sessions"),
        help_text=_("The sessions of your expertise and those for everyone"),
    )
    dietary_needs = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Dietary needs"),
        help_text=_("Erased 30 days after the summit"),
    )
    accessibility_needs = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Accessibility needs"),
        help_text=_("Erased 30 days after the summit"),
    )

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sessions is not None:
            self.fields["sessions"].queryset = sessions
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Register")))


class KitFilterForm(forms.Form):
    """Which kits the shipping page lists: award date, status, the holder's country."""

    award_date = forms.TypedChoiceField(
        label=_("Award date"), required=False, coerce=date.fromisoformat, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, award_dates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_date"].choices = [("", _("Every award date"))] + [
            (day.isoformat(), date_format(day)) for day in award_dates
        ]
        self.fields["status"].choices = [*AwardKit.Status.choices, ("all", _("Every status"))]
        self.fields["country"].choices = [("", _("Every country")), *countries]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self) -> KitFilters:
        """The filters chosen (the defaults for anything not valid: never an error page)."""
        data = {}
        if self.is_bound:
            self.is_valid()  # the fields that are valid stay in cleaned_data
            data = self.cleaned_data
        status = data.get("status") or AwardKit.Status.READY_TO_SHIP
        return KitFilters(
            award_date=data.get("award_date"),
            status="" if status == "all" else status,
            country=data.get("country") or "",
        )


class KitShipForm(forms.Form):
    """Mark the selected kits shipped: the date, and an optional carrier and tracking note."""

    kits = forms.TypedMultipleChoiceField(coerce=int, label=_("Kits"))
    shipped_on = forms.DateField(
        label=_("Shipped on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    carrier = forms.CharField(label=_("Carrier"), max_length=80, required=False)
    tracking_note = forms.CharField(
        label=_("Tracking note"),
        max_length=120,
        required=False,
        help_text=_("Optional: a tracking number or a note, the same for every kit selected."),
    )

    def __init__(self, *args, kit_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kits"].choices = [(pk, str(pk)) for pk in kit_ids]
        self.fields["kits"].error_messages["required"] = _("Select at least one kit.")
        self.fields["kits"].error_messages["invalid_choice"] = _(
            "A kit selected is not among those listed; reload the page."
        )
