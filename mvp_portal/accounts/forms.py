from zoneinfo import available_timezones

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mvp_portal.http import MAX_ID, parse_number
from mvp_portal.validators import validate_web_url

from .avatars import ProcessedAvatar, process_upload
from .models import Expertise, OnlineIdentity, Region, User
from .roles import Role

TIME_ZONES = sorted(available_timezones())
# The profile page's suggestions for its time zone field, written once: ~600 options through
# the template's loop were a fifth of the page's time.
TIME_ZONE_OPTIONS = format_html_join("", '<option value="{}">', ((zone,) for zone in TIME_ZONES))


class LinesField(forms.CharField):
    """A list of strings edited as text, one per line (aliases, legacy ids in the admin)."""

    widget = forms.Textarea(attrs={"rows": 6, "cols": 80})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            return [str(item).strip() for item in value if str(item).strip()]
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


class ExpertiseAdminForm(forms.ModelForm):
    legacy_ids = LinesField(
        label=_("Legacy area ids"),
        required=False,
        help_text=_(
            "GUIDs of the MVP API's contribution areas that mean this expertise, one per line; "
            "the first is the one the legacy API shows for it."
        ),
    )
    aliases = LinesField(
        label=_("Aliases"),
        required=False,
        help_text=_("Other names it is recognised by (legacy area names, old spellings), one per line."),
    )

    class Meta:
        model = Expertise
        fields = ["name", "slug", "category", "is_active", "legacy_ids", "aliases", "translations"]


class AdminUserCreationForm(auth_forms.BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "display_name"]


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Sign in")))


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids that no database integer can hold before looking them up
    (SQLite raises OverflowError on them instead of finding nothing)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            # A number (of any sign) that parse_number cannot read within MAX_ID is no id;
            # other text is left to Django's own check ("²" and "abc" are not numbers to it either).
            digits = text.removeprefix("-")
            if digits.isascii() and digits.isdigit() and parse_number(digits, high=MAX_ID) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:20] + "…"}
                )
        return super()._check_values(value)


class ProfileForm(forms.ModelForm):
    # A text field with a list of suggestions (a <datalist> on the page): a
    # <select> of ~600 zones costs more to render than the rest of the page.
    time_zone = forms.CharField(
        required=False,
        max_length=64,
        label=_("Time zone"),
        widget=forms.TextInput(
            attrs={"list": "time-zones", "autocomplete": "off", "placeholder": _("e.g. Europe/Dublin")}
        ),
        help_text=_("Deadlines are also shown in this zone. Leave empty to use the program's."),
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "country",
            "languages",
            "headline",
            "biography",
            "time_zone",
            "show_in_directory",
            "show_in_alumni",
        ]
        labels = {
            "display_name": _("Display name"),
            "country": _("Country"),
            "languages": _("Languages"),
            "headline": _("Headline"),
            "biography": _("Biography"),
            "show_in_directory": _("Show in directory"),
        }
        help_texts = {
            "headline": _("One line shown under your name"),
            "show_in_directory": _("While you hold an award, show your profile in the public directory"),
        }
        field_classes = {"languages": BoundedModelMultipleChoiceField}
        widgets = {
            "languages": forms.SelectMultiple(attrs={"size": 8}),
            "biography": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_time_zone(self) -> str:
        zone = self.cleaned_data["time_zone"].strip()
        if zone and zone not in TIME_ZONES:
            raise forms.ValidationError(
                _("Choose a time zone from the list, such as Europe/Dublin or America/Chicago.")
            )
        return zone


class AvatarForm(forms.Form):
    """A new profile photo: read, checked and made into small squares here
    (``avatars.process_upload``); ``cleaned_data["photo"]`` is what is kept."""

    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("A JPEG, PNG, WebP or GIF picture of at most 5 MB. It is cropped to a square."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_photo(self) -> ProcessedAvatar:
        return process_upload(self.cleaned_data["photo"])


class BaseOnlineIdentityFormSet(BaseInlineFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        form.fields["url"].validators.append(validate_web_url)

    def clean(self) -> None:
        """A link is listed once per person. The formset compares its own rows;
        this also compares them with the links already saved (another tab may
        have added one), which the form cannot, as ``user`` is not its field."""
        super().clean()
        if any(self.errors):
            return
        kept_ids = {form.instance.pk for form in self.forms if form.instance.pk and not self._should_delete_form(form)}
        deleted_ids = {form.instance.pk for form in self.deleted_forms if form.instance.pk}
        saved = dict(
            OnlineIdentity.objects.filter(user=self.instance)
            .exclude(pk__in=kept_ids | deleted_ids)
            .values_list("url", "pk")
        )
        for form in self.forms:
            url = form.cleaned_data.get("url")
            if url and not self._should_delete_form(form) and url in saved:
                form.add_error("url", _("This link is already in your profile."))


OnlineIdentityFormSet = inlineformset_factory(
    User,
    OnlineIdentity,
    formset=BaseOnlineIdentityFormSet,
    fields=["kind", "url"],
    labels={"kind": pgettext_lazy("online profile", "Kind"), "url": _("URL")},
    extra=1,
    can_delete=True,
    max_num=10,
    validate_max=True,
)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, but the e-mail goes through the outbox (which stores
    no link: it is made when the mail is sent, from ``SITE_URL``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email")  # the portal's word for it in each language, not Django's

    def save(self, *, domain_override=None, use_https=False, request=None, **kwargs):
        from .services import password_reset_send

        for user in self.get_users(self.cleaned_data["email"]):
            password_reset_send(user=user)


class RegionForm(forms.ModelForm):
    """A country belongs to one region at most, so that its nominations have
    one set of leads."""

    class Meta:
        model = Region
        fields = ["name", "countries", "leads"]

    def clean_countries(self):
        countries = self.cleaned_data["countries"]
        codes = {str(c) for c in countries}
        taken = {}
        for region in Region.objects.exclude(pk=self.instance.pk):
            for country in region.countries:
                if str(country) in codes:
                    taken[country.name] = region.name
        if taken:
            raise forms.ValidationError(
                "Already in another region: " + "; ".join(f"{c} ({r})" for c, r in sorted(taken.items()))
            )
        return countries


class RoleChangeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    action = forms.ChoiceField(
        label=_("Change"), choices=[("grant", _("Grant the role")), ("revoke", _("Revoke the role"))], initial="grant"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )

    def __init__(self, *args, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if help_text:
            self.fields["code"].help_text = help_text
        self.helper = FormHelper()
        self.helper.form_tag = False


class LanguageForm(forms.Form):
    """The language menu."""

    language = forms.ChoiceField(choices=settings.LANGUAGES)


class AccountDeletionForm(forms.Form):
    """Asking to be deleted: the password again (when the account has one) and a plain yes."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=_("I understand that after 14 days my personal data is erased and cannot be brought back"),
        required=True,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Delete my account"), css_class="btn-danger"))

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
