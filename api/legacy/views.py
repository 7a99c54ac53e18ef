"""/mvp/api/: the 2022 MVP API's surface, so that the community's tools can be pointed at the portal.

Shapes and vocabulary come from ``nominations.legacy`` (the one mapping);
writes go through the same services as /api/v1/ (``api.services``: the
dossier's lock, duplicates, then ``nominations.services``), with the same
token, scope and rate limit. "Contributions" are the activities of the
current dossier (``api.selectors.current_dossier``); ``historical`` pages the
older dossiers' activities. Errors are the API's one JSON shape
(``{"detail", "code"}``, ``errors`` by legacy field name on a 400).
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from awards.models import Award
from mvp_portal import program_calendar as cal
from mvp_portal.accounts import services as account_services
from mvp_portal.http import parse_number
from nominations.legacy import (
    LegacyVocabulary,
    contribution_from_legacy,
    contribution_to_legacy,
    legacy_sharing_preferences,
)
from nominations.models import Activity

from .. import idempotency, selectors, services
from ..exceptions import Conflict
from ..kept import kept_get
from ..v1.serializers import ActivityWriteSerializer
from ..v1.views import activity_fields, locked
from . import shapes

# Our field names in a refusal, as the legacy client knows them.
LEGACY_FIELD = {
    "activity_type": "ContributionType",
    "expertise": "ContributionTechnology",
    "title": "Title",
    "started_on": "StartDate",
    "url": "ReferenceUrl",
    "description": "Description",
    "visibility": "Visibility",
    "dossier": "ContributionId",
    "kind": "SocialNetwork",
}
MAX_INT32 = 2_147_483_647


class TextJSONParser(JSONParser):
    """``text/json``: the definition's second request type."""

    media_type = "text/json"


class JSONWhateverTheyAccept(BaseContentNegotiation):
    """JSON for every ``Accept``: the legacy clients send ``application/json``, ``text/json`` or
    nothing, and an error must never turn into a 406."""

    def select_parser(self, request, parsers):
        content_type = request.content_type.split(";")[0].strip().lower()
        return next((parser for parser in parsers if parser.media_type == content_type), None)

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class LegacyView(APIView):
    # Described by the published 2022 definition (tests/fixtures/legacy/), not by our OpenAPI document.
    schema = None
    parser_classes = [JSONParser, TextJSONParser]
    content_negotiation_class = JSONWhateverTheyAccept


def today():
    return cal.program_today()


def refused(problems: Mapping) -> ValidationError:
    """A 400 whose ``errors`` use the legacy field names."""
    return ValidationError({LEGACY_FIELD.get(name, name): messages for name, messages in problems.items()})


def from_django(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return refused(
            {("non_field_errors" if name == "__all__" else name): msgs for name, msgs in exc.message_dict.items()}
        )
    return ValidationError({"non_field_errors": exc.messages})


def body_object(request) -> dict:
    if not isinstance(request.data, Mapping):
        raise ValidationError({"non_field_errors": [_("Send one JSON object.")]})
    return dict(request.data)


def whole_number(value, name: str) -> int:
    """An id from the query string or the body: a whole number (digits in a string too), else 400."""
    if isinstance(value, bool) or value in (None, ""):
        raise ValidationError({name: [_("Give the id, a whole number.")]})
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    number = parse_number(text, high=MAX_INT32)
    if number is None:
        raise ValidationError({name: [_("“%(value)s” is not an id.") % {"value": text[:40]}]})
    return number


# Contributions -----------------------------------------------------------------------------------
def legacy_activities():
    return Activity.objects.select_related("activity_type", "expertise", "dossier__expertise").order_by(
        "-started_on", "-pk"
    )


def owned_contribution(user, pk: int) -> Activity:
    """One of ``user``'s activities, in any of their dossiers; 404 for missing and others' alike."""
    activity = legacy_activities().filter(dossier__owner=user, pk=pk).first()
    if activity is None:
        raise NotFound(_("No such contribution among yours."))
    return activity


def checked_fields(user, legacy: dict, *, dossier, activity: Activity | None = None) -> dict:
    """The service's keyword arguments from a legacy body, checked like /api/v1/'s (same serializer)."""
    fields, warnings = contribution_from_legacy(legacy, vocabulary=LegacyVocabulary.load())
    problems = {}
    if fields["activity_type"] is None:
        # The type is the first thing contribution_from_legacy reads: its warning comes first.
        problems["activity_type"] = [
            warnings[0],
            _("Give a ContributionType from contributions/contributiontypes."),
        ]
    if fields["started_on"] is None:
        problems["started_on"] = [_("Give the StartDate, e.g. 2026/03/14 or 2026-03-14T10:00:00Z.")]
    if problems:
        raise refused(problems)
    data = {
        "dossier": dossier.pk,
        "activity_type": fields["activity_type"].pk,
        "expertise": fields["expertise"].pk if fields["expertise"] is not None else None,
        "title": fields["title"],
        "started_on": fields["started_on"].isoformat(),
        "url": fields["url"],
        "description": fields["description"],
        "visibility": fields["visibility"],
        "quantity": fields["quantity"],
        "second_quantity": fields["second_quantity"],
        "reach": fields["reach"],
    }
    serializer = ActivityWriteSerializer(activity, data=data, owner=user)
    if not serializer.is_valid():
        raise refused(serializer.errors)
    return activity_fields(serializer.validated_data, activity)


def contribution_answer(user, pk: int, status_code: int = 200, **kwargs) -> Response:
    return Response(contribution_to_legacy(owned_contribution(user, pk)), status=status_code, **kwargs)


class ContributionPage(LegacyView):
    """``GET contributions/{offset}/{limit}`` (also ``current/`` and ``historical/``): a slice, newest
    first, with the total; ``0/0`` answers only the total."""

    which = "current"

    @kept_get
    def get(self, request, offset: str, limit: str):
        offset, limit = int(offset), int(limit)
        if offset < 0 or limit < 0:
            raise ValidationError({"non_field_errors": [_("offset and limit are 0 or more.")]})
        offset, limit = min(offset, MAX_INT32), min(limit, MAX_INT32)
        current = selectors.current_dossier(request.user)
        activities = legacy_activities()
        if self.which == "current":
            activities = activities.filter(dossier=current) if current is not None else activities.none()
        else:
            activities = activities.filter(dossier__owner=request.user)
            if current is not None:
                activities = activities.exclude(dossier=current)
        total = activities.count()
        page = list(activities[offset : offset + limit]) if limit and offset < total else []
        return Response(
            {
                "Contributions": [contribution_to_legacy(activity) for activity in page],
                "TotalContributions": total,
                "PagingIndex": offset,
            }
        )


class ContributionDetail(LegacyView):
    """``GET contributions/{id}``: one of the token owner's contributions."""

    def get(self, request, pk: str):
        if int(pk) > MAX_INT32:  # beyond the database's ids, like every id in the portal's URLs
            raise NotFound(_("No such contribution among yours."))
        return contribution_answer(request.user, int(pk))


class Contributions(LegacyView):
    """``POST contributions`` adds to the current dossier, ``PUT`` changes (id in the body),
    ``DELETE contributions?id=`` removes."""

    def post(self, request):
        return idempotency.create_once(request, lambda: self._create(request))

    def _create(self, request) -> Response:
        legacy = body_object(request)
        dossier = selectors.current_dossier(request.user)
        if dossier is None:
            raise Conflict(_("You have no dossier to add contributions to."), "no_dossier")
        fields = checked_fields(request.user, legacy, dossier=dossier)
        try:
            activity = services.activity_create(actor=request.user, dossier_id=dossier.pk, today=today(), **fields)
        except services.DossierLocked as exc:
            raise locked(exc) from None
        except services.DuplicateActivity as exc:
            raise Conflict(
                _("This contribution is already in the dossier (same URL, or same title and date): %(id)s.")
                % {"id": exc.existing_id},
                "duplicate_activity",
                existing_id=exc.existing_id,
                ContributionId=exc.existing_id,
            ) from None
        except DjangoValidationError as exc:
            raise from_django(exc) from None
        location = reverse("legacy:contribution-detail", kwargs={"pk": activity.pk})
        return contribution_answer(request.user, activity.pk, status.HTTP_201_CREATED, headers={"Location": location})

    def put(self, request):
        sent = body_object(request)
        lowered = {str(key).casefold(): value for key, value in sent.items()}
        activity = owned_contribution(request.user, whole_number(lowered.get("contributionid"), "ContributionId"))
        # Null-tolerant: what is left out or null keeps its value (MVP Companion sends explicit nulls).
        legacy = {key.casefold(): value for key, value in contribution_to_legacy(activity).items()}
        legacy.update({key: value for key, value in lowered.items() if value is not None})
        fields = checked_fields(request.user, legacy, dossier=activity.dossier, activity=activity)
        try:
            services.activity_update(actor=request.user, activity=activity, today=today(), **fields)
        except services.DossierLocked as exc:
            raise locked(exc) from None
        except DjangoValidationError as exc:
            raise from_django(exc) from None
        return contribution_answer(request.user, activity.pk)

    def delete(self, request):
        activity = owned_contribution(request.user, whole_number(request.query_params.get("id"), "id"))
        try:
            services.activity_delete(actor=request.user, activity=activity)
        except services.DossierLocked as exc:
            raise locked(exc) from None
        return Response({})


# Reference data ------------------------------------------------------------------------------
class ContributionTypes(LegacyView):
    def get(self, request):
        return Response(LegacyVocabulary.load().contribution_types())


class ContributionAreas(LegacyView):
    """Nested ``AwardCategory → AwardName → ContributionArea``; the areas of the category of the
    owner's current dossier come first, as "My Awards"."""

    @kept_get
    def get(self, request):
        dossier = selectors.current_dossier(request.user)
        category = dossier.expertise.category if dossier is not None else None
        return Response(LegacyVocabulary.load().contribution_areas(awarded_category=category))


class SharingPreferences(LegacyView):
    def get(self, request):
        return Response(legacy_sharing_preferences())


# The person ------------------------------------------------------------------------------------
class Profile(LegacyView):
    def get(self, request):
        user = request.user
        awards = list(Award.objects.filter(user=user).select_related("expertise").order_by("starts_on"))
        identities = list(user.online_identities.all())
        languages = list(user.languages.order_by("name").values_list("name", flat=True))
        return Response(shapes.profile(user, awards=awards, identities=identities, languages=languages, today=today()))


class OnlineIdentities(LegacyView):
    """The profile's links: GET lists, POST adds, PUT changes (``PrivateSiteId`` in the body),
    ``DELETE onlineidentities?id=`` removes."""

    def get(self, request):
        return Response([shapes.online_identity(identity) for identity in request.user.online_identities.all()])

    def post(self, request):
        return self._save(request, identity_id=None)

    def put(self, request):
        sent = {str(key).casefold(): value for key, value in body_object(request).items()}
        identity_id = whole_number(sent.get("privatesiteid"), "PrivateSiteId")
        if not request.user.online_identities.filter(pk=identity_id).exists():
            raise NotFound(_("No such online identity among yours."))
        return self._save(request, identity_id=identity_id)

    def _save(self, request, *, identity_id: int | None) -> Response:
        kind, url = shapes.online_identity_from_legacy(body_object(request))
        try:
            identity = account_services.online_identity_save(
                user=request.user, kind=kind, url=url, identity_id=identity_id
            )
        except DjangoValidationError as exc:
            problems = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            raise ValidationError(
                {("Url" if name == "url" else LEGACY_FIELD.get(name, name)): msgs for name, msgs in problems.items()}
            ) from None
        return Response(shapes.online_identity(identity), status=200 if identity_id else 201)

    def delete(self, request):
        identity_id = whole_number(request.query_params.get("id"), "id")
        if not account_services.online_identity_delete(user=request.user, identity_id=identity_id):
            raise NotFound(_("No such online identity among yours."))
        return Response({})


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other path under /mvp/api/: a JSON 404 rather than an HTML page."""
    return JsonResponse(
        {"detail": _("The portal does not offer this part of the MVP API."), "code": "not_found"}, status=404
    )
