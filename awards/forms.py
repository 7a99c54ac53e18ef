from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from .models import AwardCycle


class CycleDeadlinesForm(forms.ModelForm):
    class Meta:
        model = AwardCycle
        fields = ["submission_deadline", "evaluation_deadline"]
        widgets = {
            "submission_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "evaluation_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save deadlines"))


class AnnounceForm(forms.Form):
    confirm_undecided = forms.BooleanField(
        required=False,
        label="Announce anyway: the dossiers listed without a decision are not awarded in this cycle",
    )
