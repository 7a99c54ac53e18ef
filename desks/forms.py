"""The staff desks' forms: filters, assignment, return, recommendation,
decision, cycle deadlines and announcement. Rules stay in the domain services;
these only read input."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from evaluations.models import Decision, Recommendation, Reconsideration
from mvp_portal.accounts.models import Expertise
from mvp_portal.cycles.models import AwardCycle
from nominations.models import Dossier


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's own <form> carries the token
    return helper


class QueueFilterForm(forms.Form):
    award_date = forms.TypedChoiceField(label=_("Award date"), required=False, coerce=str)
    expertise = forms.ModelChoiceField(
        queryset=Expertise.objects.all(), required=False, empty_label=_("All expertises"), label=_("Expertise")
    )
    kind = forms.ChoiceField(
        choices=[("", _("New and renewal")), *Dossier.Kind.choices], required=False, label=_("Kind")
    )
    state = forms.ChoiceField(
        choices=[
            ("", _("Every state")),
            (Dossier.State.SUBMITTED, Dossier.State.SUBMITTED.label),
            (Dossier.State.UNDER_EVALUATION, Dossier.State.UNDER_EVALUATION.label),
            (Dossier.State.DECIDED, Dossier.State.DECIDED.label),
            (Dossier.State.CLOSED, Dossier.State.CLOSED.label),
        ],
        required=False,
        label=_("State"),
    )
    sort = forms.ChoiceField(
        choices=[
            ("score", _("Highest weighted mean first")),
            ("-score", _("Lowest weighted mean first")),
            ("normalised", _("Highest normalised score first")),
            ("-normalised", _("Lowest normalised score first")),
            ("discussion", _("Widest disagreement first")),
            ("name", _("Name")),
            ("submitted", _("Submitted first")),
        ],
        required=False,
        label=_("Sort by"),
    )

    def __init__(self, *args, award_dates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_date"].choices = [(d.isoformat(), date_format(d)) for d in award_dates]


class CycleChoiceForm(forms.Form):
    """Which cycle (award date) a page shows."""

    award_date = forms.TypedChoiceField(label=_("Award date"), required=False, coerce=str)

    def __init__(self, *args, award_dates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_date"].choices = [(d.isoformat(), date_format(d)) for d in award_dates]


class AssignForm(forms.Form):
    """Assign employees to one or many dossiers; the view fills the choices."""

    dossiers = forms.TypedMultipleChoiceField(coerce=int, label=_("Dossiers"))
    evaluators = forms.TypedMultipleChoiceField(
        coerce=int,
        label=_("Evaluators"),
        help_text=_(
            "Staff: employees, MVP leads and program admins. The nominee, the nominators and anyone "
            "who declared a conflict cannot be chosen."
        ),
        error_messages={"required": _("Choose at least one evaluator.")},
        # Tick boxes, not a multi-select that needs Ctrl-click and cuts the addresses off.
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, dossier_choices=(), evaluator_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].choices = list(dossier_choices)
        self.fields["dossiers"].error_messages["required"] = _("Tick at least one dossier.")
        self.fields["evaluators"].choices = list(evaluator_choices)
        self.helper = _helper()


class DossierReturnForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the nominee"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What should they add or change? They receive this by e-mail and see it on their dossier."),
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class RecommendationForm(forms.Form):
    verdict = forms.ChoiceField(
        choices=Recommendation.Verdict.choices,
        widget=forms.RadioSelect,
        label=_("Recommend"),
        error_messages={"required": _("Choose award or decline.")},
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Note for the program admins"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(InlineRadios("verdict"), "note")


class FeedbackForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Feedback for the person"),
        help_text=_(
            "Sent with the result and shown on their dossier once a program admin approves it: "
            "what they did well and what would make their contribution stronger. Not your internal notes."
        ),
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        # Its own ids: the recommendation form on the same page has a "note" too.
        kwargs.setdefault("auto_id", "id_feedback_%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ReconsiderationDecideForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            (Reconsideration.Outcome.UPHELD, _("Uphold the decline")),
            (Reconsideration.Outcome.OVERTURNED, _("Overturn it: award from the same award date")),
        ],
        widget=forms.RadioSelect,
        label=_("Outcome"),
        error_messages={"required": _("Choose uphold or overturn.")},
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("For the person"),
        help_text=_("Sent to them with the outcome, which is final."),
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_reconsideration_%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(InlineRadios("outcome"), "note")


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(
        choices=Decision.Verdict.choices,
        widget=forms.RadioSelect,
        label=_("Decision"),
        error_messages={"required": _("Choose award or decline.")},
    )
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Rationale"))
    confirm_without_evaluations = forms.BooleanField(
        required=False, label=_("Decide although the dossier has no submitted evaluation")
    )
    replaces_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            InlineRadios("verdict"), "rationale", "confirm_without_evaluations", "replaces_version"
        )


class CycleDeadlinesForm(forms.ModelForm):
    class Meta:
        model = AwardCycle
        fields = ["submission_deadline", "evaluation_deadline"]
        labels = {"submission_deadline": _("Submission deadline"), "evaluation_deadline": _("Evaluation deadline")}
        widgets = {
            "submission_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "evaluation_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AnnounceForm(forms.Form):
    undecided_action = forms.ChoiceField(
        choices=AwardCycle.UndecidedAction.choices,
        widget=forms.RadioSelect,
        required=False,
        label=_("The dossiers without a decision"),
    )


class AwardRevokeForm(forms.Form):
    """Revoking an award: the reason (kept in the audit record, not shown
    publicly) and an explicit confirmation."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Kept with the revocation for the program's records; the public verification page shows none."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the credential verifies as revoked from now on and that this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the revocation.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class CalibrationMarkForm(forms.Form):
    dossier = forms.IntegerField(
        min_value=1,
        label=_("Number of a past dossier"),
        help_text=_("Decided and announced in an earlier cycle; shown to the evaluators without who it is."),
        error_messages={"required": _("Give the dossier's number."), "invalid": _("Give the dossier's number.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_calibration_%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper()
