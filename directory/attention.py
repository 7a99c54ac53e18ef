"""The MVP's perks on the home page: an NDA to accept, a kit address to confirm."""

from django.urls import reverse
from django.utils import timezone

from mvp_portal.accounts.roles import is_program_admin
from mvp_portal.attention import AttentionItem
from mvp_portal.program_calendar import program_today

from . import selectors
from .models import AwardKit


def directory_attention(user) -> list[AttentionItem]:
    return admin_attention(user) + mvp_attention(user)


def admin_attention(user) -> list[AttentionItem]:
    """The kits every MVP's confirmation adds to (a shared provider: computed per request)."""
    if not is_program_admin(user):
        return []
    ready = AwardKit.objects.filter(address_confirmed_at__isnull=False, shipped_on__isnull=True).count()
    if not ready:
        return []
    return [
        AttentionItem(
            title="Award kits to ship",
            url=reverse("directory:kit-list"),
            detail="The MVPs confirmed their address; record the shipping when the kit is posted.",
            count=ready,
        )
    ]


def mvp_attention(user) -> list[AttentionItem]:
    """The person's own NDA and kit (a personal provider: cached, see ``mvp_portal.attention``)."""
    now = timezone.now()
    award = selectors.current_award_of(user, program_today(now))
    if award is None:
        return []
    items = []
    version = selectors.current_nda(now)
    if version is not None and not selectors.has_accepted(user, version):
        items.append(
            AttentionItem(
                title=f"Accept the NDA (version {version.version})",
                url=reverse("directory:nda"),
                detail="Confidential briefings open once you accept the current NDA.",
            )
        )
    if not AwardKit.objects.filter(award=award, address_confirmed_at__isnull=False).exists():
        items.append(
            AttentionItem(
                title="Confirm where to send your certificate and trophy",
                url=reverse("directory:my-award"),
                detail=f"Your award kit for {award.expertise.local_name} ships once you confirm the address.",
            )
        )
    return items
