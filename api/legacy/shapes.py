"""The 2022 API's shapes of the person: ``ProfileViewModel`` and ``OnlineIdentityViewModel``.

Contributions, types, areas and visibilities have theirs in ``nominations.legacy``
(the one vocabulary mapping); this module only adds what is about the account.
Like there, no ``null`` in a string field and no date-time without an offset.
"""

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from mvp_portal.accounts.models import OnlineIdentity
from mvp_portal.accounts.vocabulary import name_key, parse_uuid
from nominations.legacy import portal_id, visibility_to_legacy
from nominations.models import Activity

# The social networks the API named, by our kinds of link (and the names clients may send).
NETWORK_NAMES = {
    OnlineIdentity.Kind.WEBSITE: ("Blog", "Website", "Web site", "Website or blog"),
    OnlineIdentity.Kind.GITHUB: ("GitHub",),
    OnlineIdentity.Kind.LINKEDIN: ("LinkedIn",),
    OnlineIdentity.Kind.MASTODON: ("Mastodon",),
    OnlineIdentity.Kind.YOUTUBE: ("YouTube",),
    OnlineIdentity.Kind.X: ("Twitter", "X", "X / Twitter"),
    OnlineIdentity.Kind.STACK_OVERFLOW: ("Stack Overflow", "StackOverflow"),
    OnlineIdentity.Kind.OTHER: ("Other",),
}
_KIND_BY_NAME = {name_key(name): kind for kind, names in NETWORK_NAMES.items() for name in (kind, *names)}
_KIND_BY_ID = {portal_id("network", kind): kind for kind in OnlineIdentity.Kind.values}


def social_network(kind: str) -> dict[str, Any]:
    return {
        "Id": str(portal_id("network", kind)),
        "Name": NETWORK_NAMES[kind][0],
        "IconUrl": "",
        "SystemCollectionEnabled": False,
    }


def online_identity(identity: OnlineIdentity) -> dict[str, Any]:
    """One link as an ``OnlineIdentityViewModel``: public (a profile's links are), ``PrivateSiteId`` = our id."""
    return {
        "PrivateSiteId": identity.pk,
        "SocialNetwork": social_network(identity.kind),
        "Url": identity.url,
        "OnlineIdentityVisibility": visibility_to_legacy(Activity.Visibility.PUBLIC),
        "ContributionCollected": False,
        "DisplayName": "",
        "UserId": "",
        "MicrosoftAccount": "",
        "PrivacyConsentStatus": False,
        "PrivacyConsentCheckStatus": False,
        "Submitted": False,
    }


def online_identity_from_legacy(data: Mapping) -> tuple[str, str]:
    """(our kind, the URL) from an ``OnlineIdentityViewModel`` as clients send it; the network by
    ``Id`` then ``Name``, "other" when neither is known."""
    fields = {str(key).casefold(): value for key, value in data.items()}
    network = fields.get("socialnetwork")
    kind = OnlineIdentity.Kind.OTHER
    if isinstance(network, Mapping):
        network = {str(key).casefold(): value for key, value in network.items()}
        by_id = parse_uuid(network.get("id")) if isinstance(network.get("id"), str | uuid.UUID) else None
        name = network.get("name")
        kind = _KIND_BY_ID.get(by_id) or (_KIND_BY_NAME.get(name_key(name)) if isinstance(name, str) else None) or kind
    elif isinstance(network, str):
        kind = _KIND_BY_NAME.get(name_key(network), kind)
    url = fields.get("url")
    return kind, url.strip() if isinstance(url, str) else ""


def profile(user, *, awards: list, identities: list[OnlineIdentity], languages: list[str], today: date) -> dict:
    """The token owner as a ``ProfileViewModel``: years as MVP are the distinct award years held."""
    held = [award for award in awards if award.starts_on <= today]
    current = next((award for award in reversed(held) if award.ends_on >= today), None)
    return {
        "Metadata": {"PageTitle": user.display_name, "TemplateName": "", "Keywords": "", "Description": ""},
        "MvpId": str(user.pk),
        "YearsAsMvp": len({award.starts_on.year for award in held}),
        "FirstAwardYear": str(held[0].starts_on.year) if held else "",
        "AwardCategoryDisplay": current.expertise.category if current else "",
        "TechnicalExpertise": current.expertise.name if current else "",
        "InTheSpotlight": False,
        "Headline": user.headline or "",
        "Biography": user.biography or "",
        "DisplayName": user.display_name or "",
        "FullName": user.display_name or "",
        "PrimaryEmailAddress": user.email,
        "ShippingCountry": str(user.country.name) if user.country else "",
        "ShippingStateCity": "",
        "Languages": ", ".join(languages),
        "OnlineIdentities": [online_identity(identity) for identity in identities],
        "Certifications": [],
        "Activities": [],
        "CommunityAwards": [],
        "NewsHighlights": [],
        "UpcomingEvent": [],
    }
