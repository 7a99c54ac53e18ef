"""The MVP's perks on the home page: an NDA to accept, a kit address to confirm."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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
            title=_("Award kits to ship"),
            url=reverse("directory:kit-list"),
            detail=_("The MVPs confirmed their address; record the shipping when the kit is posted."),
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
                title=_("Accept the NDA (version %(version)s)") % {"version": version.version},
                url=reverse("directory:nda"),
                detail=_("Confidential briefings open once you accept the current NDA."),
            )
        )
    if not AwardKit.objects.filter(award=award, address_confirmed_at__isnull=False).exists():
        items.append(
            AttentionItem(
                title=_("Confirm where to send your certificate and trophy"),
                url=reverse("directory:my-award"),
                detail=_("Your award kit for %(expertise)s ships once you confirm the address.")
                % {"expertise": award.expertise.local_name},
            )
        )
    return items
