from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mvp_portal.accounts.forms import LinesField

from .legacy import METRICS, legacy_labels, legacy_quantity_map
from .models import (
    Activity,
    ActivityType,
    Dossier,
    DossierLogEntry,
    Invitation,
    Nomination,
    NominationSupport,
    legacy_quantity_problems,
)


class ActivityTypeAdminForm(forms.ModelForm):
    """The type's fields, its aliases one per line, and where each legacy number goes as three choices."""

    aliases = LinesField(
        label=_("Aliases"),
        required=False,
        help_text=_(
            "Other names it is recognised by, one per line: its legacy names of 2017-2022 and those of legacy "
            "types merged into it (whose ids then resolve to this type)."
        ),
    )

    class Meta:
        model = ActivityType
        fields = [
            "name",
            "slug",
            "help_text",
            "quantity_label",
            "second_quantity_label",
            "reach_label",
            "url_required",
            "spans_dates",
            "position",
            "is_active",
            "legacy_id",
            "aliases",
            "translations",
        ]

    # Where each legacy number goes; the choices name the type's own labels (see __init__).
    AnnualQuantity = forms.ChoiceField(label=_("AnnualQuantity is"), required=False)
    SecondAnnualQuantity = forms.ChoiceField(label=_("SecondAnnualQuantity is"), required=False)
    AnnualReach = forms.ChoiceField(label=_("AnnualReach is"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = legacy_quantity_map(self.instance if self.instance.pk else None)
        for metric in METRICS:
            self.fields[metric].choices = self._choices()
            self.fields[metric].initial = current[metric] or ""

    def _choices(self) -> list[tuple[str, str]]:
        instance = self.instance
        return [
            ("quantity", _("the first number (%(label)s)") % {"label": instance.quantity_label or "quantity"}),
            (
                "second_quantity",
                _("the second number (%(label)s)") % {"label": instance.second_quantity_label or _("no label")},
            ),
            ("reach", _("the reach (%(label)s)") % {"label": instance.reach_label or _("no label")}),
            ("", _("left out: the type has no such number")),
        ]

    def clean(self):
        cleaned = super().clean()
        mapping = {metric: cleaned.get(metric) or None for metric in METRICS}
        for label_field in ActivityType.METRIC_FIELDS.values():
            setattr(self.instance, label_field, cleaned.get(label_field, getattr(self.instance, label_field)))
        problems = legacy_quantity_problems(mapping, self.instance)
        for metric, messages in problems.items():
            for message in messages:
                self.add_error(metric, message)
        # On errors the form is not saved; an empty mapping keeps the model's own check from repeating them
        # under a field this form does not have.
        self.instance.legacy_quantities = {} if problems else mapping
        return cleaned


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    form = ActivityTypeAdminForm
    list_display = [
        "name",
        "slug",
        "quantity_label",
        "second_quantity_label",
        "reach_label",
        "url_required",
        "legacy_id",
        "position",
        "is_active",
    ]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "url_required", "spans_dates"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["legacy_labels"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "help_text",
                    "quantity_label",
                    "second_quantity_label",
                    "reach_label",
                    "url_required",
                    "spans_dates",
                    "position",
                    "is_active",
                ]
            },
        ),
        (_("In other languages"), {"fields": ["translations"]}),
        (
            _("MVP API (2017-2022) vocabulary"),
            {"fields": ["legacy_id", "aliases", "legacy_labels", *METRICS]},
        ),
    ]

    @admin.display(description=_("what the legacy numbers counted"))
    def legacy_labels(self, activity_type: ActivityType) -> str:
        return legacy_labels(activity_type.legacy_id) or "—"


class NominationSupportInline(admin.TabularInline):
    model = NominationSupport
    extra = 0
    raw_id_fields = ["supporter"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["invited_by", "created_at", "used_at", "used_by"]
    readonly_fields = fields
    can_delete = False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["nominee_name", "nominee_email", "nominee_country", "expertise", "nominator", "state", "created_at"]
    list_filter = ["state", "nominee_country", "expertise__category"]
    search_fields = ["nominee_name", "nominee_email", "nominator__display_name", "nominator__email"]
    raw_id_fields = ["nominator", "nominee"]
    readonly_fields = ["state", "created_at", "invited_at", "claimed_at"]
    date_hierarchy = "created_at"
    inlines = [NominationSupportInline, InvitationInline]


@admin.register(NominationSupport)
class NominationSupportAdmin(admin.ModelAdmin):
    list_display = ["nomination", "supporter", "created_at"]
    search_fields = ["nomination__nominee_name", "nomination__nominee_email", "supporter__display_name"]
    list_filter = ["nomination__state"]
    raw_id_fields = ["nomination", "supporter"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["nomination", "invited_by", "created_at", "used_at"]
    list_filter = [("used_at", admin.EmptyFieldListFilter)]
    search_fields = ["nomination__nominee_name", "nomination__nominee_email"]
    # The token stays out of the admin: with the site's key it makes a working link.
    exclude = ["token"]
    readonly_fields = ["created_at", "used_at", "used_by", "revoked_at"]
    raw_id_fields = ["nomination", "invited_by"]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["started_on", "activity_type", "title", "quantity", "second_quantity", "reach", "visibility"]
    show_change_link = True


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["owner", "kind", "state", "expertise", "award_date", "submitted_at"]
    list_filter = ["state", "kind", "award_date", "expertise__category"]
    search_fields = ["owner__display_name", "owner__email"]
    raw_id_fields = ["owner", "nomination"]
    readonly_fields = ["state", "created_at", "updated_at", "submitted_at", "returned_at"]
    list_select_related = ["owner", "expertise"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "activity_type", "started_on", "dossier", "visibility"]
    list_filter = ["activity_type", "visibility"]
    search_fields = ["title", "url", "dossier__owner__display_name", "dossier__owner__email"]
    raw_id_fields = ["dossier", "expertise"]
    list_select_related = ["activity_type", "dossier__owner"]
    date_hierarchy = "started_on"


@admin.register(DossierLogEntry)
class DossierLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "dossier", "action", "actor"]
    list_filter = ["action"]
    search_fields = ["dossier__owner__display_name", "dossier__owner__email", "message"]
    raw_id_fields = ["dossier", "actor"]
    list_select_related = ["dossier__owner", "actor"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the audit trail is append-only

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# The sources' models are registered by their own module.
from .sources import admin as _sources_admin  # noqa: E402, F401
