"""Program admins publish NDA versions and briefings and record kit shipping here."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils import timezone

from mvp_portal.attention import everyone_attention_changed

from .models import AwardKit, Briefing, NdaAcceptance, NdaVersion
from .services import award_kit_notify_shipped


@admin.register(NdaVersion)
class NdaVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at", "acceptance_count", "created_at"]
    list_filter = [("published_at", admin.EmptyFieldListFilter), "published_at"]
    search_fields = ["version", "text"]
    actions = ["publish_now"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(acceptance_count=Count("acceptances"))

    @admin.display(description="Acceptances", ordering="acceptance_count")
    def acceptance_count(self, obj) -> int:
        return obj.acceptance_count

    # Every MVP's "Accept the NDA" item follows the current version.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        everyone_attention_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        everyone_attention_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        everyone_attention_changed()

    @admin.action(description="Publish the selected versions now (MVPs must accept the latest)")
    def publish_now(self, request, queryset):
        count = queryset.filter(published_at__isnull=True).update(published_at=timezone.now())
        everyone_attention_changed()
        self.message_user(request, f"{count} NDA version(s) published.", messages.SUCCESS)


@admin.register(NdaAcceptance)
class NdaAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["user", "version", "accepted_at", "language"]
    list_filter = ["version", "accepted_at"]
    search_fields = ["user__display_name", "user__email", "version__version"]
    list_select_related = ["user", "version"]
    raw_id_fields = ["user"]
    date_hierarchy = "accepted_at"

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a signed contract is a record, not an editable row


@admin.register(Briefing)
class BriefingAdmin(admin.ModelAdmin):
    list_display = ["title", "expertise", "published_at", "created_by"]
    list_filter = [("published_at", admin.EmptyFieldListFilter), "expertise__category", "expertise"]
    search_fields = ["title", "body", "expertise__name"]
    list_select_related = ["expertise", "created_by"]
    readonly_fields = ["created_by", "created_at"]
    actions = ["publish_now"]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish the selected briefings now")
    def publish_now(self, request, queryset):
        count = queryset.filter(published_at__isnull=True).update(published_at=timezone.now())
        self.message_user(request, f"{count} briefing(s) published.", messages.SUCCESS)


class KitStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return AwardKit.Status.choices

    def queryset(self, request, queryset):
        if self.value() == AwardKit.Status.SHIPPED:
            return queryset.filter(shipped_on__isnull=False)
        if self.value() == AwardKit.Status.READY_TO_SHIP:
            return queryset.filter(shipped_on__isnull=True, address_confirmed_at__isnull=False)
        if self.value() == AwardKit.Status.ADDRESS_NEEDED:
            return queryset.filter(Q(address_confirmed_at__isnull=True))
        return queryset


class AwardKitAdminForm(forms.ModelForm):
    class Meta:
        model = AwardKit
        fields = ["award", "shipping_address", "shipped_on", "carrier", "carrier_reference"]

    def clean(self):
        cleaned = super().clean()
        # address_confirmed_at is read-only here, so the model's constraint is not checked by the form.
        if cleaned.get("shipped_on") and not self.instance.address_confirmed_at:
            raise forms.ValidationError(
                "The MVP has not confirmed the shipping address yet; record the shipping once they have."
            )
        return cleaned


@admin.register(AwardKit)
class AwardKitAdmin(admin.ModelAdmin):
    form = AwardKitAdminForm
    list_display = ["award", "status_display", "address_confirmed_at", "shipped_on", "carrier", "carrier_reference"]
    list_filter = [KitStatusFilter, "carrier", "shipped_on", "award__expertise__category"]
    search_fields = [
        "award__user__display_name",
        "award__user__email",
        "carrier_reference",
        "shipping_address",
    ]
    list_select_related = ["award__user", "award__expertise"]
    raw_id_fields = ["award"]
    readonly_fields = ["address_confirmed_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["award"]}),
        ("Confirmed by the MVP", {"fields": ["shipping_address", "address_confirmed_at"]}),
        ("Shipping", {"fields": ["shipped_on", "carrier", "carrier_reference"]}),
        (None, {"fields": ["updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "shipped_on" in form.changed_data and obj.shipped_on:
            award_kit_notify_shipped(kit=obj)

    @admin.display(description="Status")
    def status_display(self, obj) -> str:
        return obj.get_status_display()
