"""The shapes of /api/v1/: what goes out, and what a write may send in.

Input serializers check types and limits only (they follow the model's
fields); the program's rules are the nominations services', applied when the
view calls them.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluations.models import Assignment
from mvp_portal import program_calendar as cal
from mvp_portal.accounts.models import Expertise
from mvp_portal.cycles.selectors import submission_deadlines_for, with_extension
from nominations.counting import standings_of
from nominations.models import Activity, ActivityType, Dossier, Nomination


# Errors (documentation only: api.exceptions writes them) ------------------------------
class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in words for a person."))
    code = serializers.CharField(help_text=_("The same, for a program: e.g. token_expired, dossier_locked."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("400 only: the messages of each field (non_field_errors for the request as a whole)."),
    )


class DuplicateErrorSerializer(ErrorSerializer):
    existing_id = serializers.IntegerField(
        required=False, help_text=_("409 duplicate only: the id of the activity already in the dossier.")
    )


# Reference data -----------------------------------------------------------------------
# Names: ``name`` (and the labels) are the English ones, stable for matching and
# integrations; each ``local_*`` twin is the same text in the request's language
# (the Accept-Language header, or the account's language), English when not translated.
LOCAL_HELP = _("In the request's language (Accept-Language), or English when not translated.")


def local() -> serializers.CharField:
    return serializers.CharField(read_only=True, help_text=LOCAL_HELP)


class ExpertiseSerializer(serializers.ModelSerializer):
    local_name = local()
    local_category = local()

    class Meta:
        model = Expertise
        fields = ["id", "name", "slug", "category", "local_name", "local_category"]


class ActivityTypeSerializer(serializers.ModelSerializer):
    local_name = local()
    local_help_text = local()
    local_quantity_label = local()
    local_second_quantity_label = local()
    local_reach_label = local()

    class Meta:
        model = ActivityType
        fields = [
            "id",
            "slug",
            "name",
            "help_text",
            "quantity_label",
            "second_quantity_label",
            "reach_label",
            "url_required",
            "spans_dates",
            "local_name",
            "local_help_text",
            "local_quantity_label",
            "local_second_quantity_label",
            "local_reach_label",
        ]
        extra_kwargs = {
            "second_quantity_label": {"help_text": _("Blank: this type has no second quantity (it is ignored).")},
            "reach_label": {"help_text": _("Blank: this type has no reach (it is ignored).")},
        }


class MeTokenSerializer(serializers.Serializer):
    prefix = serializers.CharField()
    name = serializers.CharField()
    scope = serializers.ChoiceField(choices=["read", "write"])
    expires_at = serializers.DateTimeField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    email = serializers.EmailField()
    country = serializers.CharField(allow_blank=True, help_text=_("ISO 3166 code; blank when not given."))
    roles = serializers.ListField(child=serializers.CharField(), help_text=_("Employee, MVP lead, Program admin."))
    is_mvp = serializers.BooleanField(help_text=_("Holds an award that covers today."))
    token = MeTokenSerializer()


# Dossiers -------------------------------------------------------------------------------
class DossierSerializer(serializers.ModelSerializer):
    expertise = ExpertiseSerializer()
    submission_deadline = serializers.SerializerMethodField(
        help_text=_("The last day to submit for the award date (until 23:59:59 in the program's time zone).")
    )
    editable = serializers.SerializerMethodField(help_text=_("Whether its activities may be changed now."))
    activity_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "kind",
            "state",
            "award_date",
            "period_start",
            "period_end",
            "submission_deadline",
            "editable",
            "expertise",
            "activity_count",
            "created_at",
            "updated_at",
            "submitted_at",
            "return_message",
        ]

    @extend_schema_field(serializers.DateField())
    def get_submission_deadline(self, dossier: Dossier) -> str:
        """Its award date's deadline as the cycle has it, moved by the dossier's own
        extension (one query for a whole page of dossiers)."""
        deadlines = self.context.setdefault("_submission_deadlines", {})
        if dossier.award_date not in deadlines:
            page = getattr(self.parent, "instance", None) or [dossier]
            deadlines.update(submission_deadlines_for({d.award_date for d in page} | {dossier.award_date}))
        return with_extension(deadlines[dossier.award_date], dossier.deadline_extended_to).isoformat()

    def get_editable(self, dossier: Dossier) -> bool:
        return dossier.is_editable


class TypeTotalSerializer(serializers.Serializer):
    activity_type = serializers.IntegerField(source="activity_type.pk")
    name = serializers.CharField(source="activity_type.name")
    local_name = serializers.CharField(source="activity_type.local_name", help_text=LOCAL_HELP)
    count = serializers.IntegerField()
    quantity = serializers.IntegerField()
    second_quantity = serializers.IntegerField()
    reach = serializers.IntegerField()


class DossierDetailSerializer(DossierSerializer):
    evaluated_for = serializers.DateField(
        read_only=True,
        help_text=_(
            "The award date it is evaluated for if submitted now: its own, or for a new draft past its "
            "deadline, the next one still open."
        ),
    )
    deadline_at = serializers.DateTimeField(
        read_only=True, help_text=_("The moment the submission deadline ends, with the program's offset.")
    )
    counted_activity_count = serializers.IntegerField(
        read_only=True,
        help_text=_("Activities that count: in the period, not dated in the future, not a repeat of another."),
    )
    totals = TypeTotalSerializer(many=True, read_only=True, help_text=_("Counted activities per type."))

    class Meta(DossierSerializer.Meta):
        fields = [*DossierSerializer.Meta.fields, "evaluated_for", "deadline_at", "counted_activity_count", "totals"]


# Activities ------------------------------------------------------------------------------
class ActivitySerializer(serializers.ModelSerializer):
    counted = serializers.SerializerMethodField(
        help_text=_(
            "Whether it counts towards its dossier: in the period, not dated in the future, not a repeat "
            "of another activity (the rule every page of the portal uses)."
        )
    )
    not_counted_reasons = serializers.SerializerMethodField(
        help_text=_("Why it does not count, in words; empty when it does.")
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "dossier",
            "activity_type",
            "title",
            "started_on",
            "ended_on",
            "url",
            "description",
            "expertise",
            "quantity",
            "second_quantity",
            "reach",
            "visibility",
            "is_paid",
            "counted",
            "not_counted_reasons",
            "created_at",
            "updated_at",
        ]

    def _standing(self, activity: Activity):
        standings = self.context.get("standings")
        if standings is None or activity.pk not in standings:
            standings = standings_of([activity], today=cal.program_today())
        return standings[activity.pk]

    @extend_schema_field(serializers.BooleanField())
    def get_counted(self, activity: Activity) -> bool:
        return self._standing(activity).counts

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_not_counted_reasons(self, activity: Activity) -> list[str]:
        return list(self._standing(activity).reasons)


class ActivityWriteSerializer(serializers.ModelSerializer):
    """What a client sends to add or change an activity. On a change the dossier is fixed."""

    is_paid = serializers.BooleanField(
        default=False, help_text=_("Paid work such as consulting does not count: true is refused.")
    )

    class Meta:
        model = Activity
        fields = [
            "dossier",
            "activity_type",
            "title",
            "started_on",
            "ended_on",
            "url",
            "description",
            "expertise",
            "quantity",
            "second_quantity",
            "reach",
            "visibility",
            "is_paid",
        ]
        extra_kwargs = {
            "dossier": {"help_text": _("One of your dossiers (only when adding; an activity never moves).")},
            "activity_type": {"help_text": _("An id from /api/v1/activity-types/.")},
            "expertise": {"help_text": _("An id from /api/v1/expertises/; null means the dossier's.")},
            "started_on": {"help_text": _("When it happened or started (YYYY-MM-DD; not in the future).")},
            "ended_on": {"help_text": _("Only for something that spans time (YYYY-MM-DD).")},
            "quantity": {"help_text": _("The type's first metric (quantity_label), at least 1.")},
            "second_quantity": {"help_text": _("The type's second metric, if it has one.")},
            "reach": {"help_text": _("The type's reach metric, if it has one.")},
        }

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].queryset = ActivityType.objects.filter(is_active=True)
        self.fields["expertise"].queryset = Expertise.objects.filter(is_active=True)
        if self.instance is not None:
            self.fields["dossier"].read_only = True
        else:
            self.fields["dossier"].queryset = Dossier.objects.filter(owner=owner)


# Staff queues ------------------------------------------------------------------------------
class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    country = serializers.CharField(allow_blank=True)


class StaffNominationSerializer(serializers.ModelSerializer):
    expertise = ExpertiseSerializer()
    nominator = PersonSerializer()
    support_count = serializers.IntegerField(read_only=True)
    nominee_country = serializers.CharField()

    class Meta:
        model = Nomination
        fields = [
            "id",
            "nominee_name",
            "nominee_country",
            "expertise",
            "nominator",
            "support_count",
            "state",
            "created_at",
            "invited_at",
            "claimed_at",
        ]


class QueueDossierSerializer(serializers.ModelSerializer):
    owner = PersonSerializer()
    expertise = ExpertiseSerializer()
    evaluation_count = serializers.IntegerField()
    abstention_count = serializers.IntegerField()
    assignment_count = serializers.IntegerField()
    scores_hidden = serializers.BooleanField(
        help_text=_("You are assigned and have not evaluated yet: the scores stay hidden until you do.")
    )
    weighted_mean = serializers.SerializerMethodField()
    median = serializers.SerializerMethodField()
    recommendation = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = [
            "id",
            "owner",
            "expertise",
            "kind",
            "state",
            "award_date",
            "submitted_at",
            "evaluation_count",
            "abstention_count",
            "assignment_count",
            "scores_hidden",
            "weighted_mean",
            "median",
            "recommendation",
            "decision",
        ]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_weighted_mean(self, dossier: Dossier) -> float | None:
        if dossier.scores_hidden or dossier.weighted_mean is None:
            return None
        return float(round(dossier.weighted_mean, 4))

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_median(self, dossier: Dossier) -> float | None:
        aggregate = self.context["medians"].get(dossier.pk)
        if dossier.scores_hidden or aggregate is None or aggregate.median is None:
            return None
        return float(round(aggregate.median, 4))

    @extend_schema_field(serializers.ChoiceField(choices=["award", "decline"], allow_null=True))
    def get_recommendation(self, dossier: Dossier) -> str | None:
        recommendation = getattr(dossier, "recommendation", None)
        return recommendation.verdict if recommendation is not None else None

    @extend_schema_field(serializers.ChoiceField(choices=["award", "decline"], allow_null=True))
    def get_decision(self, dossier: Dossier) -> str | None:
        decision = getattr(dossier, "decision", None)
        return decision.verdict if decision is not None else None


class AssignedDossierSerializer(serializers.ModelSerializer):
    owner = PersonSerializer()
    expertise = ExpertiseSerializer()

    class Meta:
        model = Dossier
        fields = ["id", "owner", "expertise", "kind", "state", "award_date"]


class StaffAssignmentSerializer(serializers.ModelSerializer):
    dossier = AssignedDossierSerializer()
    assigned_by = PersonSerializer()
    evaluated = serializers.BooleanField(help_text=_("You have submitted your evaluation (or abstained)."))
    abstained = serializers.BooleanField()

    class Meta:
        model = Assignment
        fields = ["id", "dossier", "assigned_by", "assigned_at", "evaluated", "abstained"]


class QueueQuerySerializer(serializers.Serializer):
    """The review queue's filters, as on the page."""

    award_date = serializers.DateField(
        required=False, help_text=_("Default: the next award date with dossiers in your queue.")
    )
    expertise = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    kind = serializers.ChoiceField(choices=Dossier.Kind.choices, required=False)
    state = serializers.ChoiceField(
        choices=[
            (Dossier.State.SUBMITTED, Dossier.State.SUBMITTED.label),
            (Dossier.State.UNDER_EVALUATION, Dossier.State.UNDER_EVALUATION.label),
            (Dossier.State.DECIDED, Dossier.State.DECIDED.label),
        ],
        required=False,
    )
    sort = serializers.ChoiceField(choices=["score", "-score", "name", "submitted"], required=False)
