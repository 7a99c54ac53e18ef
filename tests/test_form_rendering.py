"""Selects are written in Python (``mvp_portal.form_rendering``), byte for byte as
Django's own templates write them."""

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from desks.forms import QueueFilterForm
from mvp_portal.accounts.forms import ProfileForm
from mvp_portal.accounts.models import Expertise
from mvp_portal.form_rendering import QuickSelectRenderer
from nominations.forms import ActivityForm
from nominations.models import ActivityType


def selects_of(form: forms.BaseForm) -> list[forms.BoundField]:
    return [field for field in form if isinstance(field.field.widget, forms.Select | forms.SelectMultiple)]


def both_ways(field: forms.BoundField) -> list[str]:
    attrs = {"class": "form-select is-invalid", "aria-describedby": "x_help", "required": True, "disabled": False}
    written = []
    for renderer in (QuickSelectRenderer(), DjangoTemplates()):
        field.form.renderer = renderer
        written.append(field.as_widget(attrs=attrs))
    return written


class Sample(forms.Form):
    grouped = forms.ChoiceField(
        choices=[("", "—"), ("Fruit", [("a&b", "Apples & <pears>"), ("c", mark_safe("<b>Cherries</b>"))]), (3, "Three")]
    )
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", 'Y "quoted"')])
    empty = forms.ChoiceField(choices=[])


@pytest.mark.parametrize("data", [None, {"grouped": "a&b", "several": ["x", "y"]}, {"grouped": "3"}])
def test_a_sample_select_is_written_as_django_writes_it(data):
    form = Sample(data)
    for field in selects_of(form):
        quick, django = both_ways(field)
        assert quick == django


def test_every_select_of_the_busiest_forms_is_written_as_django_writes_it(db, mvp):
    forms_to_check = [
        ProfileForm(instance=mvp),
        ProfileForm({"country": "DE", "time_zone": "Europe/Berlin"}, instance=mvp),
        ActivityForm(
            today=date(2026, 11, 28),
            types=list(ActivityType.objects.all()),
            expertises=list(Expertise.objects.filter(is_active=True)),
        ),
        QueueFilterForm({"award_date": "2027-01-01"}, award_dates=[date(2027, 1, 1), date(2026, 10, 1)]),
    ]
    checked = 0
    for form in forms_to_check:
        for field in selects_of(form):
            quick, django = both_ways(field)
            assert quick == django, field.name
            checked += 1
    assert checked >= 5


def test_the_portal_renders_forms_with_the_quick_renderer(settings):
    assert settings.FORM_RENDERER == "mvp_portal.form_rendering.QuickSelectRenderer"
    assert isinstance(Sample().renderer, QuickSelectRenderer)
