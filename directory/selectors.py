"""Reads of the directory and the perks. ``today`` and ``now`` always come from the caller."""

from __future__ import annotations

from dataclasses import astuple, dataclass, field, replace
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Case, CharField, Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from awards.models import Award
from mvp_portal import public_cache
from mvp_portal.accounts.avatars import LARGE, SMALL
from mvp_portal.accounts.countries import country_name
from mvp_portal.accounts.models import Avatar, Expertise, Language, User
from mvp_portal.accounts.selectors import award_history, with_award_history
from mvp_portal.search import search_key
from mvp_portal.translated import in_language, shown_language, translated
from nominations.models import Activity

from .models import AwardKit, Briefing, NdaAcceptance, NdaVersion, Summit, SummitRegistration, SummitSession


# Current awards ---------------------------------------------------------------
def current_awards(today: date) -> QuerySet[Award]:
    """Awards covering ``today``: their holders are the MVPs of the day."""
    return Award.objects.held_on(today)


def listed_awards(today: date) -> QuerySet[Award]:
    """Current awards whose holder shows in the public directory."""
    return current_awards(today).filter(user__show_in_directory=True, user__is_active=True)


def current_award_of(user, today: date) -> Award | None:
    """The award ``user`` holds on ``today`` (the latest, should two overlap)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        current_awards(today).filter(user=user).select_related("expertise", "revocation").order_by("-starts_on").first()
    )


# Alumni -----------------------------------------------------------------------
def alumni(today: date) -> QuerySet[User]:
    """The one rule of who is an alumnus on ``today``: a person whose award
    lapsed — they held one that ended before ``today`` and hold none today."""
    return User.objects.filter(
        Exists(Award.objects.filter(user=OuterRef("pk"), ends_on__lt=today)),
        ~Exists(current_awards(today).filter(user=OuterRef("pk"))),
    )


def is_alumnus(user, today: date) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return alumni(today).filter(pk=user.pk).exists()


def listed_alumni(today: date) -> QuerySet[User]:
    """Alumni who opted in to the alumni section, with their years as MVP
    (``award_years``, ``first_award_on``, ``last_award_ended_on``), by name."""
    return (
        with_award_history(alumni(today).filter(show_in_alumni=True, is_active=True), today=today)
        .annotate(last_award_ended_on=Max("awards__ends_on"))
        .prefetch_related("languages")
        .order_by("display_name", "pk")
    )


# The directory ----------------------------------------------------------------
@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    expertise: str = ""  # Expertise.slug
    country: str = ""  # ISO code
    language: str = ""  # Language.code

    def normalised(self) -> DirectoryFilters:
        """The same filters with the keywords as the search compares them: two
        queries that find the same people ("José", "jose") are one."""
        return replace(self, q=" ".join(search_key(self.q).split()))


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class ExpertiseGroup:
    category: str
    values: list[FacetValue] = field(default_factory=list)


@dataclass
class Facets:
    expertise_groups: list[ExpertiseGroup]
    countries: list[FacetValue]
    languages: list[FacetValue]


def _filtered(queryset: QuerySet[Award], filters: DirectoryFilters, *, skip: str = "") -> QuerySet[Award]:
    if filters.q:
        # Every word in the name, headline or biography, accents and case aside
        # (``User.search_text``; a trigram index serves it on PostgreSQL).
        for word in filters.normalised().q.split()[:8]:
            queryset = queryset.filter(user__search_text__contains=word)
    if filters.expertise and skip != "expertise":
        queryset = queryset.filter(expertise__slug=filters.expertise)
    if filters.country and skip != "country":
        queryset = queryset.filter(user__country=filters.country)
    if filters.language and skip != "language":
        # Exists, not a join: a join on the languages table could repeat a row.
        queryset = queryset.filter(
            Exists(User.languages.through.objects.filter(user_id=OuterRef("user_id"), language__code=filters.language))
        )
    return queryset


class DirectorySort(models.TextChoices):
    """The orders the directory offers (``?sort=``); the first is the default."""

    NAME = "name", _("Name (A–Z)")
    RECENT = "recent", _("Most recently awarded")
    COUNTRY = "country", _("Country")


def _country_order() -> Case:
    """Countries by their name in the active language, as django-countries lists
    them (people without a country last)."""
    codes = [country.code for country in countries]
    return Case(
        *(When(user__country=code, then=Value(index)) for index, code in enumerate(codes)),
        default=Value(len(codes)),
        output_field=IntegerField(),
    )


def directory_results(*, today: date, filters: DirectoryFilters, sort: str = DirectorySort.NAME) -> QuerySet[Award]:
    """The listed MVPs matching every filter, as their current awards, in the
    order ``sort`` names (``DirectorySort``; by name within equal keys)."""
    by_name = ("user__display_name", "user_id")
    if sort == DirectorySort.RECENT:
        order = ("-starts_on", *by_name)
    elif sort == DirectorySort.COUNTRY:
        order = (_country_order(), *by_name)
    else:
        order = by_name
    return (
        _filtered(listed_awards(today), filters)
        .select_related("user", "expertise")
        .prefetch_related("user__languages")
        .order_by(*order)
    )


@dataclass(frozen=True)
class FacetCounts:
    """How many listed MVPs each filter value would show (expertise id, country code, language code)."""

    by_expertise: dict[int, int]
    by_country: dict[str, int]
    by_language: dict[str, int]


# Kept until the next change of the directory (a new key), or a day at most.
FACET_COUNTS_SECONDS = 24 * 3600


def facet_counts_key(today: date) -> str:
    return f"public:facets:{today.isoformat()}:{public_cache.generations([public_cache.DIRECTORY])[0]}"


def facet_counts(*, today: date, filters: DirectoryFilters) -> FacetCounts:
    """The counts beside each filter value, each computed in SQL with the *other*
    filters applied (three grouped queries). Unfiltered — the directory's front
    page — they are precomputed when awards change (``directory.services.
    public_directory_changed``) and read from the cache, not counted per request."""
    if any(astuple(filters)):
        return count_facets(today=today, filters=filters)
    key = facet_counts_key(today)
    counts = cache.get(key)
    if counts is None:  # a profile edit since the last precompute: counted once more, then kept
        counts = count_facets(today=today, filters=filters)
        cache.set(key, counts, timeout=FACET_COUNTS_SECONDS)
    return counts


def count_facets(*, today: date, filters: DirectoryFilters) -> FacetCounts:
    base = listed_awards(today)
    by_expertise = dict(
        _filtered(base, filters, skip="expertise")
        .order_by()
        .values_list("expertise_id")
        .annotate(n=Count("id"))
        .values_list("expertise_id", "n")
    )
    by_country = dict(
        _filtered(base, filters, skip="country")
        .order_by()
        .values_list("user__country")
        .annotate(n=Count("id"))
        .values_list("user__country", "n")
    )
    by_language = dict(
        Language.objects.filter(
            speakers__in=_filtered(base, filters, skip="language").values("user_id"),
        )
        .order_by()
        .values_list("code")
        .annotate(n=Count("speakers"))
        .values_list("code", "n")
    )
    return FacetCounts(by_expertise, by_country, by_language)


def directory_facets(*, today: date, filters: DirectoryFilters) -> Facets:
    """A count beside each filter value, labelled in the visitor's language.

    Whatever the size: expertises and language names, plus the three counts
    (none when unfiltered and precomputed).
    """
    counts = facet_counts(today=today, filters=filters)
    by_expertise, by_country, by_language = counts.by_expertise, counts.by_country, counts.by_language
    language_names = dict(
        Language.objects.filter(code__in=[*by_language, filters.language]).values_list("code", "name")
    )

    # Only the expertises that would show someone, and the one chosen even if it shows nobody.
    groups: list[ExpertiseGroup] = []
    shown = [pk for pk, n in by_expertise.items() if n]
    chosen = Q(slug=filters.expertise) if filters.expertise else Q(pk__in=[])
    expertises = Expertise.objects.filter(Q(pk__in=shown) | chosen).order_by("category", "name")
    for expertise in expertises:
        if not groups or groups[-1].category != expertise.local_category:
            groups.append(ExpertiseGroup(category=expertise.local_category))
        groups[-1].values.append(
            FacetValue(
                value=expertise.slug,
                label=expertise.local_name,
                count=by_expertise.get(expertise.pk, 0),
                selected=expertise.slug == filters.expertise,
            )
        )
    countries = sorted(
        (
            FacetValue(value=code, label=country_name(code) or code, count=n, selected=code == filters.country)
            for code, n in by_country.items()
            if code
        ),
        key=lambda v: v.label,
    )
    if filters.country and filters.country not in by_country:
        countries.insert(0, FacetValue(filters.country, country_name(filters.country) or filters.country, 0, True))
    languages = sorted(
        (
            FacetValue(value=code, label=language_names.get(code, code), count=n, selected=code == filters.language)
            for code, n in by_language.items()
        ),
        key=lambda v: v.label,
    )
    if filters.language and filters.language not in by_language:
        languages.insert(
            0, FacetValue(filters.language, language_names.get(filters.language, filters.language), 0, True)
        )
    return Facets(expertise_groups=groups, countries=countries, languages=languages)


# Profiles ---------------------------------------------------------------------
@dataclass
class Profile:
    user: User
    award: Award
    first_award_year: int
    years_as_mvp: int
    activities: list[Activity]


def profile_for(*, pk: int, today: date) -> Profile | None:
    """The public profile of a listed MVP, or None (hidden, lapsed, unknown)."""
    award = (
        listed_awards(today)
        .filter(user_id=pk)
        .select_related("user", "expertise")
        .prefetch_related("user__languages", "user__online_identities")
        .order_by("-starts_on")
        .first()
    )
    if award is None:
        return None
    history = award_history(award.user, today=today)
    activities = list(
        Activity.objects.filter(
            dossier__owner_id=pk,
            visibility=Activity.Visibility.PUBLIC,
            started_on__gte=award.starts_on,
            started_on__lte=min(award.ends_on, today),
        )
        .select_related("activity_type")
        .order_by("-started_on", "-pk")[:50]
    )
    return Profile(
        user=award.user,
        award=award,
        first_award_year=history.first_award_year,
        years_as_mvp=history.years_as_mvp,
        activities=activities,
    )


# Profile photos -----------------------------------------------------------------
@dataclass(frozen=True)
class PhotoState:
    digest: str  # the version of the photo ("" for none)
    listed: bool  # whether its person shows in the public directory today


def photo_state(*, user_id: int, today: date) -> PhotoState | None:
    """Whether ``user_id`` has a photo and is listed today (one query); None for no such person."""
    row = (
        User.objects.filter(pk=user_id)
        .annotate(listed=Exists(listed_awards(today).filter(user_id=OuterRef("pk"))))
        .values_list("avatar_digest", "listed")
        .first()
    )
    return PhotoState(*row) if row else None


def photo_bytes(*, user_id: int, size: int) -> tuple[bytes, str] | None:
    """The square of ``size`` pixels of the person's photo and its content type, or None."""
    field = {LARGE: "large", SMALL: "small"}.get(size)
    if field is None:
        return None
    row = Avatar.objects.filter(user_id=user_id).values_list(field, "content_type").first()
    return (bytes(row[0]), row[1]) if row else None


# NDA and briefings ------------------------------------------------------------
def current_nda(now: datetime) -> NdaVersion | None:
    """The latest NDA version published by ``now``."""
    return NdaVersion.objects.filter(published_at__lte=now).order_by("-published_at", "-pk").first()


def has_accepted(user, version: NdaVersion | None) -> bool:
    return acceptance_of(user, version) is not None


def acceptance_of(user, version: NdaVersion | None) -> NdaAcceptance | None:
    if version is None or not getattr(user, "is_authenticated", False):
        return None
    return NdaAcceptance.objects.filter(user=user, version=version).first()


def nda_as_read(version: NdaVersion, acceptance: NdaAcceptance | None) -> tuple[str, str]:
    """(text, language) of ``version`` as its reader reads it: once accepted, in the language
    they accepted it in; before, in the active language (English where it has no translation)."""
    language = None
    if acceptance is not None:
        # Accepted before the language was recorded: the English text.
        language = acceptance.language or settings.LANGUAGE_CODE
    return in_language(version, "text", language), shown_language(version, "text", language)


def latest_acceptance(user) -> NdaAcceptance | None:
    return NdaAcceptance.objects.filter(user=user).select_related("version").order_by("-accepted_at").first()


def briefings_for(award: Award, now: datetime) -> QuerySet[Briefing]:
    """Published briefings of the expertise of ``award``."""
    return Briefing.objects.filter(expertise_id=award.expertise_id, published_at__lte=now).select_related("expertise")


# Award kits -------------------------------------------------------------------
def awards_with_kits(user) -> list[Award]:
    """Every award of ``user``, latest first, with its kit (or None)."""
    awards = list(
        Award.objects.filter(user=user)
        .select_related("expertise", "revocation", "renewal_dossier")
        .order_by("-starts_on")
    )
    kits = {kit.award_id: kit for kit in AwardKit.objects.filter(award__in=[a.pk for a in awards])}
    for award in awards:
        award.kit_or_none = kits.get(award.pk)
    return awards


KIT_LIMIT = 100


@dataclass
class KitFilters:
    award_date: date | None = None
    status: str = "ready_to_ship"  # an AwardKit.Status value, or "" for every award
    country: str = ""


def kits_for_shipping(filters: KitFilters) -> QuerySet[Award]:
    """Awards (not revoked) with the state of their kit, for the shipping page:
    ``kit_status`` (an ``AwardKit.Status``), the kit itself by ``kit`` (or none
    yet: the address is needed). Filtered by award date, status and the
    holder's country; oldest award date first, then by name."""
    status = Case(
        When(kit__shipped_on__isnull=False, then=Value(AwardKit.Status.SHIPPED)),
        When(kit__address_confirmed_at__isnull=False, then=Value(AwardKit.Status.READY_TO_SHIP)),
        default=Value(AwardKit.Status.ADDRESS_NEEDED),
        output_field=CharField(),
    )
    awards = (
        Award.objects.filter(revocation__isnull=True)
        .annotate(kit_status=status)
        .select_related("user", "expertise", "kit")
        .order_by("starts_on", "user__display_name", "pk")
    )
    if filters.award_date:
        awards = awards.filter(starts_on=filters.award_date)
    if filters.status:
        awards = awards.filter(kit_status=filters.status)
    if filters.country:
        awards = awards.filter(user__country=filters.country)
    return awards


def kit_counts(filters: KitFilters) -> dict[str, int]:
    """How many awards of the filters' date and country are at each kit status (one query)."""
    counts = (
        kits_for_shipping(KitFilters(award_date=filters.award_date, status="", country=filters.country))
        .order_by()
        .values("kit_status")
        .annotate(n=Count("pk"))
    )
    found = {row["kit_status"]: row["n"] for row in counts}
    return {value: found.get(value, 0) for value in AwardKit.Status.values}


# The Summit -------------------------------------------------------------------
def summit_invitees(summit: Summit) -> QuerySet[User]:
    """Who is invited: the people holding an award on the summit's first day."""
    return User.objects.filter(
        is_active=True, pk__in=Award.objects.held_on(summit.starts_on).values("user_id")
    ).order_by("pk")


def is_summit_invitee(user, summit: Summit) -> bool:
    return getattr(user, "is_authenticated", False) and summit_invitees(summit).filter(pk=user.pk).exists()


def summit_expertise_of(user, summit: Summit) -> Expertise | None:
    """The expertise ``user`` holds on the summit's first day: the sessions offered follow it."""
    award = Award.objects.held_on(summit.starts_on).filter(user=user).select_related("expertise").first()
    return award.expertise if award else None


def summit_sessions_for(user, summit: Summit) -> QuerySet[SummitSession]:
    """The sessions open to ``user``: those of their expertise and those for everyone."""
    expertise = summit_expertise_of(user, summit)
    return summit.sessions.filter(Q(expertise__isnull=True) | Q(expertise=expertise)).select_related("expertise")


def has_accepted_summit_nda(user, summit: Summit) -> bool:
    """The summit's NDA version, or a later one, accepted."""
    return NdaAcceptance.objects.filter(user=user, version__published_at__gte=summit.nda_version.published_at).exists()


def summits_for(user, today: date) -> list[Summit]:
    """Summits not yet over to which ``user`` is invited, each with ``registration`` (theirs or None)."""
    summits = [
        summit
        for summit in Summit.objects.filter(ends_on__gte=today).order_by("starts_on", "pk")
        if is_summit_invitee(user, summit)
    ]
    mine = {
        registration.summit_id: registration
        for registration in SummitRegistration.objects.filter(user=user, summit__in=[s.pk for s in summits])
    }
    for summit in summits:
        summit.registration = mine.get(summit.pk)
    return summits


def summit_registration_of(user, summit: Summit) -> SummitRegistration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return SummitRegistration.objects.filter(summit=summit, user=user).prefetch_related("sessions").first()


def summit_counts(summit: Summit) -> dict[str, int]:
    counts = dict(
        summit.registrations.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in SummitRegistration.State.values}


def summit_waitlist_position(registration: SummitRegistration) -> int | None:
    if registration.state != SummitRegistration.State.WAITLISTED:
        return None
    return (
        SummitRegistration.objects.filter(summit_id=registration.summit_id, state=SummitRegistration.State.WAITLISTED)
        .filter(Q(queued_at__lt=registration.queued_at) | Q(queued_at=registration.queued_at, pk__lt=registration.pk))
        .count()
        + 1
    )


def summit_attendees(summit: Summit) -> QuerySet[SummitRegistration]:
    """Registered and waiting people, seated first, each queue in its order."""
    return (
        summit.registrations.exclude(state=SummitRegistration.State.CANCELLED)
        .select_related("user")
        .prefetch_related("sessions")
        .order_by("state", "queued_at", "pk")  # "registered" sorts before "waitlisted"
    )


def summit_badges(summit: Summit) -> list[SummitRegistration]:
    """The seated attendees, by name, each with ``expertise`` (held on the first day): one badge each."""
    registrations = list(
        summit.registrations.filter(state=SummitRegistration.State.REGISTERED)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
    held = {
        user_id: translated(translations, "name", name)
        for user_id, name, translations in Award.objects.held_on(summit.starts_on)
        .filter(user_id__in=[r.user_id for r in registrations])
        .order_by("starts_on")
        .values_list("user_id", "expertise__name", "expertise__translations")
    }
    for registration in registrations:
        registration.expertise_name = held.get(registration.user_id, "")
    return registrations
