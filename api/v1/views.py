"""/api/v1/: thin views over the domain apps' selectors and services.

Owner endpoints (a nominee's or MVP's own dossiers and activities) and, for
staff, read-only views of the queues they see on the pages, through the same
selectors and predicates as those pages.
"""

from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluations import selectors as evaluation_selectors
from mvp_portal import program_calendar as cal
from mvp_portal.accounts.models import Expertise
from mvp_portal.accounts.roles import Role, role_names
from mvp_portal.accounts.selectors import is_mvp_on
from nominations import selectors as nomination_selectors
from nominations.counting import dossier_picture, standings_of
from nominations.models import Activity, ActivityType, Dossier

from .. import idempotency, services
from ..exceptions import Conflict
from ..kept import kept_get
from ..permissions import Evaluator, LeadOrAdmin, TokenScope
from . import serializers as s
from .filters import ActivityFilter

# Documentation of the answers every endpoint may give ------------------------------------
ERROR_TEXT = {
    400: gettext_lazy("The request is not valid: `errors` lists the messages of each field (or query parameter)."),
    401: gettext_lazy(
        "No token, or a malformed, unknown, revoked or expired one: `code` says which "
        "(token_missing, token_malformed, token_unknown, token_revoked, token_expired, token_inactive)."
    ),
    403: gettext_lazy("Not allowed: a read token tried to write, or the endpoint is for another role."),
    404: gettext_lazy("No such object among yours (or no such page of the list)."),
    409: gettext_lazy(
        "The dossier is locked (code dossier_locked: submitted, under evaluation or decided), or the activity "
        "duplicates one already in the dossier (code duplicate_activity, with existing_id)."
    ),
    415: gettext_lazy("The body is not JSON: send Content-Type: application/json."),
    422: gettext_lazy("This Idempotency-Key was used in the last 24 hours with a different body."),
    429: gettext_lazy("Too many requests with this token: wait for Retry-After seconds."),
}
IDEMPOTENCY_KEY = OpenApiParameter(
    idempotency.HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    pattern=r"^[\x21-\x7e]{1,255}$",
    description=gettext_lazy(
        "Optional, e.g. a UUID: sending the same request again with the same key (within 24 hours, same token) "
        "answers the first response again instead of creating a second activity."
    ),
)


def answers(ok: dict, *codes: int, duplicate: bool = False) -> dict:
    documented = dict(ok)
    for code in (401, 429, *codes):
        serializer = s.DuplicateErrorSerializer if duplicate and code == 409 else s.ErrorSerializer
        documented[code] = OpenApiResponse(serializer, description=ERROR_TEXT[code])
    return documented


def today():
    return cal.program_today()


# Entry points ---------------------------------------------------------------------------------
# Plain Django views: exempt from CSRF like the DRF views (no session is ever used here), so
# that a client gets this JSON rather than Django's HTML CSRF page.
@csrf_exempt
def root(request: HttpRequest) -> JsonResponse:
    """/api/v1/: where things are (no token needed)."""
    if request.method not in ("GET", "HEAD"):
        return JsonResponse(
            {"detail": _("Only GET is answered here."), "code": "method_not_allowed"},
            status=405,
            headers={"Allow": "GET, HEAD"},
        )
    return JsonResponse(
        {
            "openapi": request.build_absolute_uri(reverse("api:v1:openapi")),
            "docs": request.build_absolute_uri(reverse("api:v1:docs")),
            "tokens": request.build_absolute_uri(reverse("api:token-list")),
        }
    )


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other path under /api/v1/: a JSON 404 rather than an HTML page."""
    return JsonResponse(
        {"detail": _("There is no such API endpoint: see /api/v1/openapi.json."), "code": "not_found"}, status=404
    )


class MeView(APIView):
    """Who the token acts for, and the token itself."""

    @extend_schema(responses=answers({200: s.MeSerializer}), summary=gettext_lazy("The token's owner"))
    def get(self, request):
        user, token = request.user, request.auth
        roles = sorted(Role(name).label for name in role_names(user) if name in Role.values)
        data = {
            "id": user.pk,
            "display_name": user.display_name,
            "email": user.email,
            "country": str(user.country or ""),
            "roles": roles,
            "is_mvp": is_mvp_on(user, today()),
            "token": {"prefix": token.prefix, "name": token.name, "scope": token.scope, "expires_at": token.expires_at},
        }
        return Response(s.MeSerializer(data).data)


# Reference data ---------------------------------------------------------------------------------
@extend_schema_view(
    get=extend_schema(
        responses=answers({200: s.ActivityTypeSerializer(many=True)}), summary=gettext_lazy("Activity types")
    )
)
class ActivityTypeList(generics.ListAPIView):
    """The activity types that can be documented, with the labels of their metrics."""

    serializer_class = s.ActivityTypeSerializer
    pagination_class = None
    queryset = ActivityType.objects.filter(is_active=True).order_by("position", "name")


@extend_schema_view(
    get=extend_schema(responses=answers({200: s.ExpertiseSerializer(many=True)}), summary=gettext_lazy("Expertises"))
)
class ExpertiseList(generics.ListAPIView):
    """The expertises (technology areas), by award category."""

    serializer_class = s.ExpertiseSerializer
    pagination_class = None
    queryset = Expertise.objects.filter(is_active=True).order_by("category", "name")


# Dossiers ------------------------------------------------------------------------------------------
@extend_schema_view(
    get=extend_schema(
        responses=answers({200: s.DossierSerializer(many=True)}, 400, 404), summary=gettext_lazy("My dossiers")
    )
)
class DossierList(generics.ListAPIView):
    """The token owner's dossiers, newest award date first."""

    serializer_class = s.DossierSerializer

    def get_queryset(self):
        return nomination_selectors.dossiers_owned_by(self.request.user)


class DossierDetail(APIView):
    """One of the token owner's dossiers, with its counts and totals per type."""

    @extend_schema(responses=answers({200: s.DossierDetailSerializer}, 404), summary=gettext_lazy("One of my dossiers"))
    def get(self, request, pk: int):
        dossier = owned_dossier(request.user, pk)
        picture = dossier_picture(dossier, today=today())
        deadline = nomination_selectors.dossier_deadline(dossier, request.user, today())
        dossier.activity_count = picture.total_count
        dossier.counted_activity_count = picture.counted_count
        dossier.totals = [total for total in picture.types if total.count]
        dossier.deadline_at = deadline.program_end
        dossier.evaluated_for = deadline.award_date
        return Response(s.DossierDetailSerializer(dossier).data)


def owned_dossier(user, pk: int) -> Dossier:
    """The dossier if ``user`` owns it; 404 for missing and others' alike (the pages' access helper)."""
    try:
        dossier = nomination_selectors.get_dossier_for(user, pk)
    except Http404:
        raise NotFound(_("No such dossier among yours.")) from None
    if dossier.owner_id != user.pk:
        raise NotFound(_("No such dossier among yours."))
    return dossier


# Activities ------------------------------------------------------------------------------------------
def owned_activities(user):
    return (
        Activity.objects.filter(dossier__owner=user)
        .select_related("dossier")
        .order_by("-started_on", "-pk")
        .defer("dossier__return_message")
    )


def owned_activity(user, pk: int) -> Activity:
    activity = owned_activities(user).filter(pk=pk).first()
    if activity is None:
        raise NotFound(_("No such activity among yours."))
    return activity


def activity_fields(validated: dict, current: Activity | None = None) -> dict:
    """The service's keyword arguments: the instance's values overlaid with what was sent."""
    names = [name for name in s.ActivityWriteSerializer.Meta.fields if name != "dossier"]
    fields = {name: getattr(current, name) for name in names} if current is not None else {}
    fields.update({name: value for name, value in validated.items() if name != "dossier"})
    for name in ("url", "description"):
        fields[name] = fields.get(name) or ""
    fields.setdefault("quantity", 1)
    fields.setdefault("visibility", Activity.Visibility.PUBLIC)
    return fields


def locked(exc: services.DossierLocked) -> Conflict:
    return Conflict(exc.message, "dossier_locked")


def with_standings(view, get_serializer, *args, **kwargs):
    """``get_serializer`` for activities, with whether each counts (the dossier's
    one rule), judged once per dossier for a whole page."""
    if args and args[0] is not None and not isinstance(args[0], dict):
        items = list(args[0]) if kwargs.get("many") else [args[0]]
        args = (items if kwargs.get("many") else items[0], *args[1:])
        kwargs["context"] = {**view.get_serializer_context(), "standings": standings_of(items, today=today())}
    return get_serializer(*args, **kwargs)


@extend_schema_view(
    get=extend_schema(
        responses=answers({200: s.ActivitySerializer(many=True)}, 400, 404), summary=gettext_lazy("My activities")
    ),
    post=extend_schema(
        request=s.ActivityWriteSerializer,
        responses=answers({201: s.ActivitySerializer}, 400, 403, 409, 415, 422, duplicate=True),
        parameters=[IDEMPOTENCY_KEY],
        summary=gettext_lazy("Add an activity"),
    ),
)
class ActivityList(generics.ListCreateAPIView):
    """The token owner's activities, newest first, filtered and paged; POST adds one to a dossier."""

    serializer_class = s.ActivitySerializer
    permission_classes = [IsAuthenticated, TokenScope]
    filter_backends = [DjangoFilterBackend]
    filterset_class = ActivityFilter

    @kept_get
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Activity.objects.none()
        return owned_activities(self.request.user)

    def get_serializer(self, *args, **kwargs):
        return with_standings(self, super().get_serializer, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        return idempotency.create_once(request, lambda: self._create(request))

    def _create(self, request) -> Response:
        serializer = s.ActivityWriteSerializer(data=request.data, owner=request.user)
        serializer.is_valid(raise_exception=True)
        dossier = serializer.validated_data["dossier"]
        try:
            activity = services.activity_create(
                actor=request.user, dossier_id=dossier.pk, today=today(), **activity_fields(serializer.validated_data)
            )
        except services.DossierLocked as exc:
            raise locked(exc) from None
        except services.DuplicateActivity as exc:
            raise Conflict(
                _("This activity is already in the dossier (same URL, or same title and date): activity %(id)s.")
                % {"id": exc.existing_id},
                "duplicate_activity",
                existing_id=exc.existing_id,
            ) from None
        activity = owned_activity(request.user, activity.pk)
        location = reverse("api:v1:activity-detail", kwargs={"pk": activity.pk})
        return Response(
            s.ActivitySerializer(activity).data, status=status.HTTP_201_CREATED, headers={"Location": location}
        )


@extend_schema_view(
    get=extend_schema(responses=answers({200: s.ActivitySerializer}, 404), summary=gettext_lazy("One activity")),
    put=extend_schema(
        request=s.ActivityWriteSerializer,
        responses=answers({200: s.ActivitySerializer}, 400, 403, 404, 409, 415),
        summary=gettext_lazy("Replace an activity"),
    ),
    patch=extend_schema(
        request=s.ActivityWriteSerializer,
        responses=answers({200: s.ActivitySerializer}, 400, 403, 404, 409, 415),
        summary=gettext_lazy("Change some fields of an activity"),
    ),
    delete=extend_schema(responses=answers({204: None}, 403, 404, 409), summary=gettext_lazy("Delete an activity")),
)
class ActivityDetail(generics.RetrieveUpdateDestroyAPIView):
    serializer_class = s.ActivitySerializer
    permission_classes = [IsAuthenticated, TokenScope]

    def get_serializer(self, *args, **kwargs):
        return with_standings(self, super().get_serializer, *args, **kwargs)

    def get_object(self):
        return owned_activity(self.request.user, self.kwargs["pk"])

    def update(self, request, *args, **kwargs):
        activity = self.get_object()
        serializer = s.ActivityWriteSerializer(
            activity, data=request.data, partial=kwargs.get("partial", False), owner=request.user
        )
        serializer.is_valid(raise_exception=True)
        try:
            services.activity_update(
                actor=request.user,
                activity=activity,
                today=today(),
                **activity_fields(serializer.validated_data, activity),
            )
        except services.DossierLocked as exc:
            raise locked(exc) from None
        return Response(s.ActivitySerializer(owned_activity(request.user, activity.pk)).data)

    def destroy(self, request, *args, **kwargs):
        activity = self.get_object()
        try:
            services.activity_delete(actor=request.user, activity=activity)
        except services.DossierLocked as exc:
            raise locked(exc) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


# Staff: the queues of the pages, read-only ------------------------------------------------------------
STAFF_NOTE = gettext_lazy("Staff only, read-only: the same list as the page, through the same permission functions.")


@extend_schema_view(
    get=extend_schema(
        responses=answers({200: s.StaffNominationSerializer(many=True)}, 400, 403, 404),
        summary=gettext_lazy("Nomination queue (MVP leads, program admins)"),
        description=STAFF_NOTE,
    )
)
class StaffNominationList(generics.ListAPIView):
    """The nominations of the countries the user is responsible for (the lead desk's), newest first."""

    serializer_class = s.StaffNominationSerializer
    permission_classes = [IsAuthenticated, TokenScope, LeadOrAdmin]

    def get_queryset(self):
        return nomination_selectors.nominations_on_desk(self.request.user).order_by("-created_at", "-pk")


@extend_schema_view(
    get=extend_schema(
        parameters=[s.QueueQuerySerializer],
        responses=answers({200: s.QueueDossierSerializer(many=True)}, 400, 403, 404),
        summary=gettext_lazy("Review queue (MVP leads, program admins)"),
        description=STAFF_NOTE,
    )
)
class StaffDossierList(generics.ListAPIView):
    """The dossiers of one award date in the staff member's scope (the desk's dossier list), with their scores."""

    serializer_class = s.QueueDossierSerializer
    permission_classes = [IsAuthenticated, TokenScope, LeadOrAdmin]

    def get_queryset(self):
        query = s.QueueQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        chosen = query.validated_data
        user = self.request.user
        scope = nomination_selectors.dossiers_in_staff_scope(user)
        award_date = chosen.get("award_date") or evaluation_selectors.default_award_date(
            evaluation_selectors.queue_award_dates(scope), today()
        )
        filters = evaluation_selectors.QueueFilters(
            award_date=award_date,
            expertise_id=chosen.get("expertise"),
            kind=chosen.get("kind", ""),
            state=chosen.get("state", ""),
            sort=chosen.get("sort", "score"),
        )
        return evaluation_selectors.queue_dossiers(user, scope, filters)

    def get_serializer(self, *args, **kwargs):
        if args:
            page = list(args[0])
            args = (page, *args[1:])
            medians = evaluation_selectors.medians_for([dossier.pk for dossier in page])
            kwargs["context"] = {**self.get_serializer_context(), "medians": medians}
        return super().get_serializer(*args, **kwargs)


@extend_schema_view(
    get=extend_schema(
        responses=answers({200: s.StaffAssignmentSerializer(many=True)}, 400, 403, 404),
        summary=gettext_lazy("My evaluation assignments (employees)"),
        description=STAFF_NOTE,
    )
)
class StaffAssignmentList(generics.ListAPIView):
    """The evaluator's own assignments (assignments_for), by award date."""

    serializer_class = s.StaffAssignmentSerializer
    permission_classes = [IsAuthenticated, TokenScope, Evaluator]

    def get_queryset(self):
        return evaluation_selectors.assignments_for(self.request.user)
