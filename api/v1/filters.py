"""The activity list's filters (django-filter): bad, empty or repeated values answer 400
field by field; unknown parameters are ignored."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from mvp_portal.http import MAX_ID
from nominations.models import Activity


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A whole-number id within the database's integers (not a decimal, not 10**300)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class StrictFilterForm(forms.Form):
    """A filter sent empty or twice is a mistake to report, not a filter to drop."""

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if name not in self.data:
                continue
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data[name]]
            if len(values) > 1:
                self.add_error(name, _("Give this filter once."))
            elif values[0] == "":
                self.add_error(name, _("Give a value, or leave the filter out."))
        return cleaned


class ActivityFilter(django_filters.FilterSet):
    dossier = IdFilter(field_name="dossier_id", label=_("Only the activities of this dossier (an id)."))
    activity_type = IdFilter(field_name="activity_type_id", label=_("Only activities of this type (an id)."))
    date_from = django_filters.DateFilter(
        field_name="started_on", lookup_expr="gte", label=_("Dated on or after this day (YYYY-MM-DD).")
    )
    date_to = django_filters.DateFilter(
        field_name="started_on", lookup_expr="lte", label=_("Dated on or before this day (YYYY-MM-DD).")
    )
    visibility = django_filters.ChoiceFilter(choices=Activity.Visibility.choices, label=_("public or private."))

    class Meta:
        model = Activity
        form = StrictFilterForm
        fields = ["dossier", "activity_type", "date_from", "date_to", "visibility"]
