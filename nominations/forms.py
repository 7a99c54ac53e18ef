"""Every input of the nominations app."""

from datetime import date

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from mvp_portal.accounts.models import Expertise, User
from mvp_portal.validators import NUMBER_MESSAGES, validate_program_date, validate_web_url

from .models import MAX_METRIC, Activity, ActivityType, Nomination
from .services import activity_problems

# A number's bounds in plain words (the kernel's wording for every form).
METRIC_MESSAGES = NUMBER_MESSAGES


class NominationForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["nominee_name", "nominee_email", "nominee_country", "expertise", "statement", "links"]
        labels = {
            "nominee_name": _("Nominee's name"),
            "nominee_email": _("Nominee's e-mail address"),
            "nominee_country": _("Country they live in"),
            "expertise": _("Technology area (expertise)"),
            "statement": _("Why should they receive the award?"),
            "links": _("Links to their work (optional)"),
        }
        help_texts = {
            "nominee_email": _("Their MVP lead sends the invitation to this address."),
            "statement": _("A few sentences at least: what they share, where, how often, and who it helps."),
            "links": _("Blog, forum profile, GitHub, talks — one URL per line."),
        }
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 6}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    MIN_STATEMENT_WORDS = 25

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].queryset = Expertise.objects.filter(is_active=True)
        self.fields["nominee_country"].widget.attrs["autocomplete"] = "country"
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_nominee_email(self) -> str:
        return self.cleaned_data["nominee_email"].strip().lower()

    def clean_statement(self) -> str:
        statement = self.cleaned_data["statement"].strip()
        words = len(statement.split())
        if words < self.MIN_STATEMENT_WORDS:
            raise forms.ValidationError(
                _(
                    "Please write a few sentences (at least %(minimum)d words; you wrote %(words)d): "
                    "what do they share, where, and who does it help?"
                )
                % {"minimum": self.MIN_STATEMENT_WORDS, "words": words}
            )
        return statement

    def clean_links(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        for line in lines:
            try:
                validate_web_url(line)
            except forms.ValidationError:
                raise forms.ValidationError(f"“{line}” is not a web address (it should start with https://).") from None
        return "\n".join(lines)


class ClaimNewAccountForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"), max_length=150, help_text=_("As it should appear in the program.")
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            probe = User(email=self.email, display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ActivityForm(forms.ModelForm):
    """One activity; the metric labels follow the chosen type, with or without JavaScript."""

    # Paid work never counts and the database refuses it: the form does not offer it
    # (the page says so beside the fields, ``PAID_WORK_NOTE``).

    class Meta:
        model = Activity
        fields = [
            "activity_type",
            "title",
            "started_on",
            "ended_on",
            "url",
            "quantity",
            "second_quantity",
            "reach",
            "description",
            "expertise",
            "visibility",
        ]
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "visibility": _("Visibility"),
            "activity_type": _("Type"),
            "started_on": _("Date"),
            "ended_on": _("End date (optional)"),
        }
        help_texts = {
            "started_on": _("When it happened (or started)."),
            "ended_on": _("Only for something that spans time, such as running a user group."),
        }
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, today: date, types: list[ActivityType], expertises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.types = {str(t.pk): t for t in types}
        self.fields["activity_type"].queryset = ActivityType.objects.filter(is_active=True)
        self.fields["activity_type"].choices = [("", _("Choose a type…"))] + [(t.pk, t.local_name) for t in types]
        self.fields["activity_type"].widget.attrs["autofocus"] = True
        self.fields["activity_type"].widget.attrs["data-activity-type-select"] = ""
        if expertises is not None:
            self.fields["expertise"].queryset = Expertise.objects.filter(is_active=True)
            self.fields["expertise"].choices = [("", _("Same as my dossier"))] + [
                (e.pk, e.local_name) for e in expertises
            ]
        self.fields["expertise"].label = _("Technology area (optional)")
        self.fields["url"].label = "URL"
        self.fields["url"].validators.append(validate_web_url)
        for name in ("started_on", "ended_on"):
            self.fields[name].validators.append(validate_program_date)
            # ISO only: 05/04/2026 means different days to different people.
            self.fields[name].input_formats = ["%Y-%m-%d"]
            self.fields[name].error_messages["invalid"] = _("Enter the date as YYYY-MM-DD, e.g. 2026-03-14.")
            self.fields[name].widget.attrs["max"] = today.isoformat()
        self.chosen_type = self._chosen_type()
        self._label_metrics(self.chosen_type)
        self.fields["quantity"].widget.attrs["min"] = 1
        for name in ("quantity", "second_quantity", "reach"):
            self.fields[name].error_messages.update(METRIC_MESSAGES)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def _chosen_type(self) -> ActivityType | None:
        key = None
        if self.is_bound:
            key = self.data.get(self.add_prefix("activity_type"))
        if not key:
            key = self.initial.get("activity_type") or (self.instance.activity_type_id if self.instance.pk else None)
        if isinstance(key, ActivityType):
            key = key.pk
        return self.types.get(str(key)) if key else None

    def _label_metrics(self, activity_type: ActivityType | None) -> None:
        labels = {
            "quantity": (activity_type.local_quantity_label if activity_type else "") or _("Quantity"),
            "second_quantity": activity_type.local_second_quantity_label if activity_type else _("Second quantity"),
            "reach": activity_type.local_reach_label if activity_type else _("Reach"),
        }
        for name, label in labels.items():
            field = self.fields[name]
            field.widget.attrs["data-metric"] = name
            if label:
                field.label = label
                field.help_text = ""
            else:
                field.label = _("Not used for this type")
                field.widget.attrs["disabled"] = True
                field.required = False
        self.fields["quantity"].help_text = _("How many (at least 1).")
        if activity_type and activity_type.url_required:
            self.fields["url"].help_text = _("Required for this type: the public page that shows the work.")
        else:
            self.fields["url"].help_text = _("Where evaluators can see it, if it is public.")

    def clean(self):
        cleaned = super().clean()
        problems = activity_problems(
            activity_type=cleaned.get("activity_type"),
            started_on=cleaned.get("started_on"),
            ended_on=cleaned.get("ended_on"),
            url=cleaned.get("url") or "",
            # Not offered any more; a page from before that says "paid" is still refused, not saved as unpaid.
            is_paid=self.data.get(self.add_prefix("is_paid")) == "yes",
            today=self.today,
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, message)
        return cleaned

    def activity_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class ActivityImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Our CSV template or an .xlsx with its columns, or an export of an MVP community tool (see the list). "
            "Up to 2 MB and 2,000 activities."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.json,.yml,.yaml,.txt,text/csv,application/json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ActivityRowForm(forms.Form):
    """One CSV row: the fields of the activity form, checked without a database
    query and cheap to build 2,000 times (type and technology area are resolved
    by the importer from memory and passed in)."""

    title = forms.CharField(max_length=200)
    started_on = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2026-03-14.")},
        validators=[validate_program_date],
    )
    ended_on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2026-03-14.")},
        validators=[validate_program_date],
    )
    url = forms.URLField(max_length=500, required=False, assume_scheme="https", validators=[validate_web_url])
    # The same bounds as the model's columns (a PostgreSQL integer).
    quantity = forms.IntegerField(min_value=1, max_value=MAX_METRIC, error_messages=METRIC_MESSAGES)
    second_quantity = forms.IntegerField(
        min_value=0, max_value=MAX_METRIC, required=False, error_messages=METRIC_MESSAGES
    )
    reach = forms.IntegerField(min_value=0, max_value=MAX_METRIC, required=False, error_messages=METRIC_MESSAGES)
    description = forms.CharField(max_length=4000, required=False)
    visibility = forms.ChoiceField(choices=Activity.Visibility.choices)
    is_paid = forms.TypedChoiceField(choices=[("no", "no"), ("yes", "yes")], coerce=lambda value: value == "yes")

    def __init__(self, *args, today: date, activity_type: ActivityType | None, expertise=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.activity_type = activity_type
        self.expertise = expertise

    def clean(self):
        cleaned = super().clean()
        problems = activity_problems(
            activity_type=self.activity_type,
            started_on=cleaned.get("started_on"),
            ended_on=cleaned.get("ended_on"),
            url=cleaned.get("url") or "",
            is_paid=bool(cleaned.get("is_paid")),
            today=self.today,
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        cleaned["activity_type"] = self.activity_type
        cleaned["expertise"] = self.expertise
        return cleaned
