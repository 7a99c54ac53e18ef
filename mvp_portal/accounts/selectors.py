"""Reads about people that more than one app needs."""

from datetime import date

from django_countries.fields import Country

from .models import Region, User


def is_mvp_on(user, day: date) -> bool:
    """Whether ``user`` holds an award that covers ``day``.

    The awards app owns ``Award``; this layer only reads its reverse relation
    ``user.awards`` so that it never imports the layer above.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    cache = user.__dict__.setdefault("_mvp_on", {})
    if day not in cache:
        cache[day] = user.awards.filter(starts_on__lte=day, ends_on__gte=day).exists()
    return cache[day]


def leads_for_country(country: str | Country) -> list[User]:
    """The MVP leads of the region(s) holding ``country`` (may be empty)."""
    code = str(country)
    regions = Region.objects.prefetch_related("leads")
    return sorted(
        {lead for region in regions if code in region.countries for lead in region.leads.all() if lead.is_active},
        key=lambda lead: lead.display_name,
    )


def countries_led_by(user) -> set[str]:
    """Country codes of every region ``user`` leads."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {str(c) for region in user.led_regions.all() for c in region.countries}


def program_admins() -> list[User]:
    from .roles import Role

    return list(
        User.objects.filter(is_active=True, groups__name=Role.PROGRAM_ADMIN).order_by("display_name").distinct()
    )
