"""Reads about people that more than one app needs."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, Q, QuerySet

from .models import User


def is_mvp_on(user, day: date) -> bool:
    """Whether ``user`` holds an award that covers ``day`` (and was not revoked).

    The awards app owns ``Award``; this layer only reads its reverse relation
    ``user.awards`` so that it never imports the layer above.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    cache = user.__dict__.setdefault("_mvp_on", {})
    if day not in cache:
        cache[day] = user.awards.filter(starts_on__lte=day, ends_on__gte=day, revocation__isnull=True).exists()
    return cache[day]


# Award history: years as MVP and the first award year -------------------------
# Derived from the awards (each award started on or before ``today`` is one
# year as MVP), read through the reverse relation ``awards`` like is_mvp_on.
@dataclass(frozen=True)
class AwardHistory:
    first_award_year: int | None
    years_as_mvp: int


def with_award_history(users: QuerySet, *, today: date) -> QuerySet:
    """Annotate ``first_award_on`` and ``award_years`` on a queryset of users."""
    started = Q(awards__starts_on__lte=today)
    return users.annotate(
        first_award_on=Min("awards__starts_on", filter=started),
        award_years=Count("awards", filter=started, distinct=True),
    )


def award_histories(user_ids, *, today: date) -> dict[int, AwardHistory]:
    """Years as MVP and first award year of many people, in one query."""
    rows = with_award_history(User.objects.filter(pk__in=user_ids), today=today).values_list(
        "pk", "first_award_on", "award_years"
    )
    return {pk: AwardHistory(first.year if first else None, years) for pk, first, years in rows}


def award_history(user, *, today: date) -> AwardHistory:
    """Years as MVP and the first award year of one person."""
    return award_histories([user.pk], today=today).get(user.pk, AwardHistory(None, 0))


def people_with_roles(query: str = "") -> QuerySet:
    """Everyone holding a role, with their role names prefetched (two queries)."""
    from django.contrib.auth.models import Group
    from django.db.models import Prefetch

    from .roles import Role

    people = User.objects.filter(groups__name__in=Role.values).distinct()
    if query:
        people = people.filter(Q(email__icontains=query) | Q(display_name__icontains=query))
    return people.order_by("display_name", "pk").prefetch_related(
        Prefetch("groups", queryset=Group.objects.filter(name__in=Role.values).order_by("name"))
    )
