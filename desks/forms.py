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
from mvp_portal.validators import NUMBER_MESSAGES
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


class ChosenCheckboxes(forms.CheckboxSelectMultiple):
    """Tick boxes for the chosen values only: the page never lists every employee.
    Others are added by the search box (``static/desks/evaluator_search.js``),
    or typed as e-mail addresses without a script."""

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if v not in (None, "")}
        every = self.choices
        self.choices = [(key, label) for key, label in every if str(key) in chosen]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = every


class AssignForm(forms.Form):
    """Assign employees to one or many dossiers; the view fills the choices.

    The evaluators come as ticked boxes (``evaluators``: the search box adds
    them) and as typed e-mail addresses (``evaluator_emails``, the page's
    fallback without a script); both are checked against the same choices."""

    dossiers = forms.TypedMultipleChoiceField(coerce=int, label=_("Dossiers"))
    evaluators = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label=_("Evaluators"),
        help_text=_(
            "Staff: employees, MVP leads and program admins. The nominee, the nominators and anyone "
            "who declared a conflict cannot be chosen."
        ),
        widget=ChosenCheckboxes,
    )
    evaluator_emails = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Find an evaluator"),
        help_text=_("Type a name to search, or e-mail addresses separated by commas."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, dossier_choices=(), evaluator_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].choices = list(dossier_choices)
        self.fields["dossiers"].error_messages["required"] = _("Tick at least one dossier.")
        self.fields["evaluators"].choices = list(evaluator_choices)
        self.helper = _helper()

    def _by_email(self) -> dict[str, int]:
        # The choices' labels are "Name <address>" (desks.views.lead.evaluator_choices).
        return {
            str(label).rsplit("<", 1)[-1].rstrip(">").strip().lower(): key
            for key, label in self.fields["evaluators"].choices
        }

    def clean(self):
        cleaned = super().clean()
        chosen = list(cleaned.get("evaluators") or [])
        typed = [a.strip().lower() for a in (cleaned.get("evaluator_emails") or "").replace(";", ",").split(",")]
        typed = [address for address in typed if address]
        if typed:
            by_email = self._by_email()
            unknown = [address for address in typed if address not in by_email]
            if unknown:
                self.add_error(
                    "evaluator_emails",
                    _("Nobody who may evaluate these dossiers has the address %(addresses)s.")
                    % {"addresses": ", ".join(unknown)},
                )
            chosen += [by_email[address] for address in typed if address in by_email]
        if not chosen and "evaluator_emails" not in self.errors and "evaluators" not in self.errors:
            # Beside the search box: the page shows the tick boxes only once someone is chosen.
            self.add_error("evaluator_emails", _("Choose at least one evaluator."))
        cleaned["evaluators"] = sorted(set(chosen))
        return cleaned


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
        error_messages={
            **NUMBER_MESSAGES,
            "required": _("Give the dossier's number."),
            "invalid": _("Give the dossier's number."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_calibration_%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ReadinessNoteForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Your note to the MVP"),
        help_text=_(
            "Shown to the MVP beside their readiness picture, with your name and the time: what to document "
            "before the renewal, where the year is thin. Other people do not see it."
        ),
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class DeadlineExtendForm(forms.Form):
    """A later submission deadline for one dossier (or a selection), with a reason."""

    new_deadline = forms.DateField(
        label=_("New submission deadline"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Until 23:59:59 program time; no later than the cycle's evaluation deadline."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the dossier's log with your name."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class DossierChaseForm(DeadlineExtendForm):
    """The selection of the page "Without a decision": remind or extend each.
    Reminding needs no date nor reason; a row's own Remind button names its dossier."""

    ACTIONS = [("remind", _("Remind")), ("extend", _("Extend"))]

    action = forms.ChoiceField(choices=ACTIONS, required=False)
    remind = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    dossiers = forms.TypedMultipleChoiceField(coerce=int, required=False, label=_("Dossiers"))

    def __init__(self, *args, dossier_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].choices = [(pk, str(pk)) for pk in dossier_ids]
        self.fields["new_deadline"].required = False
        self.fields["reason"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("remind"):
            cleaned["action"] = "remind"
            cleaned["dossiers"] = [cleaned["remind"]]
            return cleaned
        if not cleaned.get("action"):
            raise forms.ValidationError(_("Choose what to do with the selected dossiers."))
        if not cleaned.get("dossiers"):
            self.add_error("dossiers", _("Select at least one dossier."))
        if cleaned.get("action") == "extend":
            if not cleaned.get("new_deadline") and "new_deadline" not in self.errors:
                self.add_error("new_deadline", _("Give the new deadline."))
            if not (cleaned.get("reason") or "").strip():
                self.add_error("reason", _("Say why the deadline is extended."))
        return cleaned
