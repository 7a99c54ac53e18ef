"""Take your data with you: everything the portal holds about a person, as one zip.

``portal-data.json`` holds the profile, the online identities (the legacy
API's shape), every dossier with its activities as 2022 ``ContributionsModel``
objects (so that they can be posted to any MVP-API-compatible service as they
are) and the awards; ``contributions.csv`` the same activities, one a row,
``online-identities.csv`` the links and ``photo.webp`` the profile photo, if
any. What a person is shown of a decision is its outcome (the dossier's state
and the award it granted); evaluators' scores and notes are not theirs and are
not included. Reads only: a handful of queries
whatever the number of activities.
"""

import csv
import io
import json
import zipfile
from datetime import datetime

from awards.models import Award
from mvp_portal.accounts.models import Avatar
from mvp_portal.spreadsheets import spreadsheet_cell
from nominations.legacy import METRICS, contribution_to_legacy
from nominations.models import Activity, Dossier

from .legacy.shapes import online_identity

PHOTO_FILE = "photo.webp"  # the profile photo, as the directory shows it (256 × 256)
CSV_COLUMNS = [
    "DossierAwardDate",
    "DossierState",
    "ContributionId",
    "ContributionType",
    "ContributionTypeId",
    "ContributionTechnology",
    "ContributionTechnologyId",
    "StartDate",
    "Title",
    "ReferenceUrl",
    "Visibility",
    *METRICS,
    "Description",
]


def takeout_data(user, *, now: datetime) -> dict:
    dossiers = list(Dossier.objects.filter(owner=user).select_related("expertise").order_by("award_date", "pk"))
    activities = (
        Activity.objects.filter(dossier__owner=user)
        .select_related("activity_type", "expertise", "dossier__expertise")
        .order_by("started_on", "pk")
    )
    by_dossier: dict[int, list] = {}
    for activity in activities:
        by_dossier.setdefault(activity.dossier_id, []).append(contribution_to_legacy(activity))
    awards = list(Award.objects.filter(user=user).select_related("expertise").order_by("starts_on"))
    granted = {award.dossier_id: award for award in awards if award.dossier_id}
    return {
        "exported_at": now.isoformat(),
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "headline": user.headline,
            "biography": user.biography,
            "country": str(user.country or ""),
            "languages": list(user.languages.order_by("name").values_list("name", flat=True)),
            "language": user.language,
            "time_zone": user.time_zone,
            "show_in_directory": user.show_in_directory,
            "date_joined": user.date_joined.isoformat(),
            "photo": PHOTO_FILE if user.avatar_digest else None,
        },
        "online_identities": [online_identity(identity) for identity in user.online_identities.all()],
        "dossiers": [
            {
                "id": dossier.pk,
                "kind": dossier.kind,
                "state": dossier.state,
                "state_label": dossier.get_state_display(),
                "award_date": dossier.award_date.isoformat(),
                "period_start": dossier.period_start.isoformat(),
                "period_end": dossier.period_end.isoformat(),
                "expertise": dossier.expertise.name,
                "award_category": dossier.expertise.category,
                "submitted_at": dossier.submitted_at.isoformat() if dossier.submitted_at else None,
                "award_granted": _award(granted[dossier.pk]) if dossier.pk in granted else None,
                "contributions": by_dossier.get(dossier.pk, []),
            }
            for dossier in dossiers
        ],
        "awards": [_award(award) for award in awards],
    }


def _award(award: Award) -> dict:
    return {
        "starts_on": award.starts_on.isoformat(),
        "ends_on": award.ends_on.isoformat(),
        "expertise": award.expertise.name,
        "award_category": award.expertise.category,
    }


def _csv(rows: list[list], header: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[spreadsheet_cell(value) for value in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: spreadsheets then read UTF-8


def takeout_zip(user, *, now: datetime) -> bytes:
    data = takeout_data(user, now=now)
    contributions = [
        [
            dossier["award_date"],
            dossier["state"],
            c["ContributionId"],
            c["ContributionType"]["Name"],
            c["ContributionType"]["Id"],
            c["ContributionTechnology"]["Name"],
            c["ContributionTechnology"]["Id"],
            c["StartDate"][:10],
            c["Title"],
            c["ReferenceUrl"],
            c["Visibility"]["Description"],
            *(c[metric] for metric in METRICS),
            c["Description"],
        ]
        for dossier in data["dossiers"]
        for c in dossier["contributions"]
    ]
    identities = [[i["SocialNetwork"]["Name"], i["Url"]] for i in data["online_identities"]]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("portal-data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("contributions.csv", _csv(contributions, CSV_COLUMNS))
        archive.writestr("online-identities.csv", _csv(identities, ["SocialNetwork", "Url"]))
        photo = Avatar.objects.filter(user=user).values_list("large", flat=True).first()
        if photo is not None:
            archive.writestr(PHOTO_FILE, bytes(photo))
    return buffer.getvalue()
