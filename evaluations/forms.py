"""Input of the evaluations app: every field through a form."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_SCORE, MIN_SCORE, Evaluation

SCORE_CHOICES = [(value, str(value)) for value in range(MIN_SCORE, MAX_SCORE + 1)]


def _helper(form_tag: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.disable_csrf = True  # the page's own <form> carries the token
    return helper


class EvaluationForm(forms.Form):
    """One radio group per criterion, a required comment, or abstain with a reason."""

    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), label=_("Comment"), help_text=_("Required: what you weighed.")
    )
    confidence = forms.ChoiceField(
        choices=Evaluation.Confidence.choices,
        widget=forms.RadioSelect,
        required=False,
        label=_("Your confidence in these scores"),
        help_text=_("Low if the dossier is outside your field or thin on evidence; high if you know the work well."),
    )
    abstain = forms.BooleanField(required=False, label=_("I abstain from scoring this dossier"))
    abstain_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Why you abstain")
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scored = {}
        for criterion in self.criteria:
            name = f"score_{criterion.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=_("%(criterion)s (weight %(weight)s)")
                % {"criterion": criterion.local_name, "weight": criterion.weight},
                help_text=criterion.local_guidance,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
            )
            scored[name] = criterion
        self.score_fields = scored
        order = list(scored) + ["confidence", "comment", "abstain", "abstain_reason"]
        self.order_fields(order)
        self.helper = _helper()
        self.helper.layout = Layout(
            *(InlineRadios(name) for name in scored), InlineRadios("confidence"), "comment", "abstain", "abstain_reason"
        )

    def clean(self):
        data = super().clean()
        if data.get("abstain"):
            if not (data.get("abstain_reason") or "").strip():
                self.add_error("abstain_reason", _("Say why you abstain."))
        else:
            for name in self.score_fields:
                if data.get(name) in (None, ""):
                    self.add_error(name, "Score this criterion, or abstain.")
            if not data.get("confidence"):
                self.add_error("confidence", _("Say how confident you are in your scores."))
        return data

    def typed_values(self) -> dict[str, str]:
        """Every field as typed, unvalidated: what a draft keeps."""
        return {name: self.data.get(name, "") for name in self.fields}

    def scores(self) -> dict[int, int]:
        return {
            criterion.pk: self.cleaned_data[name]
            for name, criterion in self.score_fields.items()
            if self.cleaned_data.get(name) not in (None, "")
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("What is the conflict?"),
        help_text=_("E.g. we work for the same company, or I am a friend of the nominee."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ReconsiderationForm(forms.Form):
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Why the decision should be looked at again"),
        max_length=4000,
    )
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label=_("New evidence"),
        help_text=_("Links or text, one per line: what the first decision did not see."),
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class CalibrationForm(forms.Form):
    """Every criterion of the rubric from 1 to 5: a calibration dossier has no comment or abstention."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(name)s (weight %(weight)d)") % {"name": criterion.name, "weight": criterion.weight},
                help_text=criterion.guidance,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Score this criterion.")},
            )
        self.helper = _helper()
        self.helper.layout = Layout(*(InlineRadios(name) for name in self.fields))

    def scores(self) -> dict[int, int]:
        return {int(name.removeprefix("score_")): value for name, value in self.cleaned_data.items()}
