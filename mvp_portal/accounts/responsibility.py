"""Who is responsible for a person or a dossier: the one rule every queue,
notice and permission uses.

A country's MVP lead(s) — the active leads of the region that lists it — are
responsible for the people and dossiers of that country; where no active lead
covers a country (or none is known), the program admins are. Program admins
also oversee every country: they *may act* wherever a lead may, but only the
responsible staff are told and find the work on their desk.

The country of a dossier is the one recorded on it (at submission); of a
nomination, the nominee's; of a person, their profile's.
"""

from collections.abc import Callable

from django.db.models import Q
from django_countries.fields import Country

from .models import Region, User
from .roles import Role, is_mvp_lead, is_program_admin


def leads_by_country() -> dict[str, list[User]]:
    """Country code → its active MVP leads, for every country at once (two
    queries whatever the number of regions and people)."""
    mapping: dict[str, set[User]] = {}
    for region in Region.objects.prefetch_related("leads"):
        for code in region.countries:
            mapping.setdefault(str(code), set()).update(lead for lead in region.leads.all() if lead.is_active)
    return {code: sorted(leads, key=lambda lead: lead.display_name) for code, leads in mapping.items() if leads}


def program_admins() -> list[User]:
    return list(
        User.objects.filter(is_active=True, groups__name=Role.PROGRAM_ADMIN).order_by("display_name").distinct()
    )


def responsible_staff(country: str | Country | None) -> list[User]:
    """The people responsible for ``country``: its MVP leads, else the program admins."""
    return responsible_staff_resolver()(country)


def responsible_staff_resolver() -> Callable[[str | Country | None], list[User]]:
    """``responsible_staff`` for many countries at a fixed cost (three queries):
    for the daily run and announcements, which tell staff about many people."""
    leads = leads_by_country()
    admins: list[User] | None = None

    def resolve(country) -> list[User]:
        nonlocal admins
        found = leads.get(str(country or ""), [])
        if found:
            return found
        if admins is None:
            admins = program_admins()
        return admins

    return resolve


def countries_with_a_lead() -> set[str]:
    """Countries that an active MVP lead covers."""
    return set(leads_by_country())


def countries_led_by(user) -> set[str]:
    """Country codes of every region ``user`` leads (read once per user object)."""
    if not getattr(user, "is_authenticated", False) or not is_mvp_lead(user):
        return set()
    cached = user.__dict__.get("_countries_led")
    if cached is None:
        cached = {str(code) for region in user.led_regions.all() for code in region.countries}
        user.__dict__["_countries_led"] = cached
    return cached


def is_responsible_for(user, country: str | Country | None) -> bool:
    """Whether ``user`` is among ``responsible_staff(country)``."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    country = str(country or "")
    if country and country in countries_led_by(user):
        return True
    return is_program_admin(user) and country not in countries_with_a_lead()


def may_act_for_country(user, country: str | Country | None) -> bool:
    """Whether ``user`` may act as staff for ``country``: the responsible staff,
    and program admins everywhere (oversight)."""
    return is_program_admin(user) or is_responsible_for(user, country)


def responsible_country_filter(user, field: str) -> Q:
    """The queryset form of ``is_responsible_for`` on a country column
    ``field``: what lands on ``user``'s desk."""
    led = sorted(countries_led_by(user))
    nothing = Q(pk__in=[])
    mine = Q(**{f"{field}__in": led}) if led else nothing
    if is_program_admin(user):
        return mine | ~Q(**{f"{field}__in": sorted(countries_with_a_lead())})
    return mine
