from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import AdminUserCreationForm, ExpertiseAdminForm, RegionForm
from .models import Expertise, Language, OnlineIdentity, Region, User


class OnlineIdentityInline(admin.TabularInline):
    model = OnlineIdentity
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = AdminUserCreationForm
    ordering = ["display_name"]
    list_display = ["display_name", "email", "country", "is_active", "is_staff", "date_joined"]
    list_filter = ["groups", "is_active", "is_staff", "country", "show_in_directory"]
    search_fields = ["display_name", "email", "headline"]
    filter_horizontal = ["groups", "user_permissions", "languages"]
    inlines = [OnlineIdentityInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "country", "languages", "headline", "biography", "time_zone"]}),
        (_("Directory"), {"fields": ["show_in_directory"]}),
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]}),
    ]


@admin.register(Expertise)
class ExpertiseAdmin(admin.ModelAdmin):
    form = ExpertiseAdminForm
    list_display = ["name", "category", "is_active", "legacy_id_count"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "category", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "is_active"]}),
        (_("MVP API (2017-2022) vocabulary"), {"fields": ["legacy_ids", "aliases"]}),
    ]

    @admin.display(description=_("legacy ids"))
    def legacy_id_count(self, expertise: Expertise) -> int:
        return len(expertise.legacy_ids or [])


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    form = RegionForm
    list_display = ["name", "country_list", "lead_list"]
    search_fields = ["name", "leads__display_name", "leads__email"]
    list_filter = ["leads"]
    filter_horizontal = ["leads"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("leads")

    @admin.display(description="countries")
    def country_list(self, region: Region) -> str:
        return ", ".join(c.name for c in region.countries)

    @admin.display(description="leads")
    def lead_list(self, region: Region) -> str:
        return ", ".join(str(lead) for lead in region.leads.all())


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(OnlineIdentity)
class OnlineIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["user__display_name", "user__email", "url"]
    raw_id_fields = ["user"]
