"""The admin: program admins edit the rubric; everything else is read-only here,
because every other change must go through the services (rules and audit trail)."""

from django.contrib import admin

from .models import Assignment, ConflictDeclaration, Criterion, Decision, Evaluation, Recommendation, Score


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "weight", "position", "is_active", "readiness_signal"]
    list_editable = ["weight", "position", "is_active", "readiness_signal"]
    list_filter = ["is_active", "weight"]
    search_fields = ["name", "guidance"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable, searchable and filterable; changed only through the app's pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    fields = ["criterion", "value", "weight"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "evaluator", "weighted_score", "abstained", "submitted_at"]
    list_filter = ["abstained", "dossier__award_date", "dossier__kind"]
    search_fields = ["dossier__owner__display_name", "dossier__owner__email", "evaluator__display_name", "comment"]
    list_select_related = ["dossier__owner", "evaluator"]
    inlines = [ScoreInline]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["evaluation", "criterion", "value", "weight"]
    list_filter = ["criterion", "value"]
    search_fields = ["evaluation__evaluator__display_name", "evaluation__dossier__owner__display_name"]
    list_select_related = ["evaluation__evaluator", "evaluation__dossier__owner", "criterion"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "evaluator", "assigned_by", "assigned_at"]
    list_filter = ["dossier__award_date", "dossier__state"]
    search_fields = ["dossier__owner__display_name", "evaluator__display_name", "evaluator__email", "batch"]
    list_select_related = ["dossier__owner", "evaluator", "assigned_by"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "verdict", "recommended_by", "updated_at"]
    list_filter = ["verdict", "dossier__award_date"]
    search_fields = ["dossier__owner__display_name", "recommended_by__display_name", "note"]
    list_select_related = ["dossier__owner", "recommended_by"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "employee", "declared_at"]
    list_filter = ["dossier__award_date"]
    search_fields = ["dossier__owner__display_name", "employee__display_name", "reason"]
    list_select_related = ["dossier__owner", "employee"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "verdict", "decided_by", "decided_at", "changed_by", "announced_at"]
    list_filter = ["verdict", "dossier__award_date", ("announced_at", admin.EmptyFieldListFilter)]
    search_fields = ["dossier__owner__display_name", "dossier__owner__email", "rationale"]
    list_select_related = ["dossier__owner", "decided_by", "changed_by"]
