"""Every write of the directory app: the public pages after awards change, NDA acceptance, kit address,
kit shipping."""

from datetime import date, datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards.models import Award
from mvp_portal import public_cache
from mvp_portal.notices.services import notice_enqueue

from . import selectors
from .models import AwardKit, NdaAcceptance, NdaVersion


def public_directory_changed(*, today: date) -> None:
    """Awards changed (the daily run, an announcement): every public page is
    stale, and the front page's facet counts are counted again now, once the
    write commits, rather than by the next visitors."""
    public_cache.directory_changed()
    transaction.on_commit(lambda: facet_counts_precompute(today=today))


def facet_counts_precompute(*, today: date) -> selectors.FacetCounts:
    """Count the unfiltered facets of ``today`` and keep them under the current generation."""
    counts = selectors.count_facets(today=today, filters=selectors.DirectoryFilters())
    cache.set(selectors.facet_counts_key(today), counts, timeout=selectors.FACET_COUNTS_SECONDS)
    return counts


def nda_accept(*, user, version: NdaVersion, now: datetime) -> NdaAcceptance:
    """Record that ``user`` accepted ``version`` at ``now``; accepting twice keeps the first time."""
    if version.published_at is None or version.published_at > now:
        raise ValidationError("This NDA version is not published.")
    try:
        with transaction.atomic():
            acceptance, _ = NdaAcceptance.objects.get_or_create(
                user=user, version=version, defaults={"accepted_at": now}
            )
    except IntegrityError:  # accepted in a parallel request: the first acceptance stands
        acceptance = NdaAcceptance.objects.get(user=user, version=version)
    return acceptance


@transaction.atomic
def award_kit_confirm_address(*, award: Award, shipping_address: str, now: datetime) -> AwardKit:
    """The MVP confirms (or corrects) where the certificate and trophy go, until it ships."""
    kit, _ = AwardKit.objects.get_or_create(award=award)
    kit = AwardKit.objects.select_for_update().get(pk=kit.pk)
    if kit.shipped_on:
        raise ValidationError("Your award kit has already been shipped; the address cannot change now.")
    address = shipping_address.strip()
    if not address:
        raise ValidationError("Please give the address the kit should be sent to.")
    kit.shipping_address = address
    kit.address_confirmed_at = now
    kit.save(update_fields=["shipping_address", "address_confirmed_at", "updated_at"])
    return kit


@transaction.atomic
def award_kit_ship(*, kit_id: int, shipped_on: date, carrier: str, carrier_reference: str = "") -> AwardKit:
    """Program admins record the shipping of a kit whose address is confirmed."""
    kit = AwardKit.objects.select_for_update().get(pk=kit_id)
    if not kit.address_confirmed_at:
        raise ValidationError("The MVP has not confirmed the shipping address yet.")
    kit.shipped_on = shipped_on
    kit.carrier = carrier
    kit.carrier_reference = carrier_reference
    kit.save(update_fields=["shipped_on", "carrier", "carrier_reference", "updated_at"])
    award_kit_notify_shipped(kit=kit)
    return kit


def award_kit_notify_shipped(*, kit: AwardKit) -> None:
    """Tell the MVP their kit is on its way: once per kit and shipping date."""
    if not kit.shipped_on:
        return
    award = Award.objects.select_related("user", "expertise").get(pk=kit.award_id)
    notice_enqueue(
        key=f"directory:kit-shipped:{kit.pk}:{kit.shipped_on.isoformat()}",
        to=award.user,
        template="directory/emails/kit_shipped",
        context={"kit": kit, "award": award},
    )
