"""The soak's write traffic: resolve the forms to post, one Django process.

Prints one JSON document: for each write, its name and its variants (several
people, so no one dossier grows without bound), each with the path, the
session cookie and the form's fields (the CSRF token is read at each post from
the form page, as a browser does). Every variant is tried once here through
the test client; one that does not redirect (the form refused it) is left out
and said so.
"""

import json
from datetime import timedelta

import django

# Writes rotate over this many people: a nominee saves about one activity in a minute or two
# of a 30-minute run (~3,600 saves / 120), as on a busy day, instead of one dossier growing by
# hundreds of activities and slowing its own form page (a first 30-minute run rotated over 10).
VARIANTS = 120


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from evaluations.forms import SCORE_CHOICES
    from evaluations.models import Assignment
    from evaluations.selectors import active_criteria
    from mvp_portal.accounts.models import User
    from nominations.csv_import import HEADER
    from nominations.models import ActivityType, Dossier
    from nominations.selectors import dossiers_on_desk
    from tests.support.clients import Client

    def session_of(user) -> str:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    def tried(name: str, user, path: str, data: dict) -> dict | None:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        response = client.post(path, data)
        if response.status_code != 302:
            return None
        return {"path": path, "cookie": f"{settings.SESSION_COOKIE_NAME}={session_of(user)}", "data": data}

    out = []
    kind = (
        ActivityType.objects.filter(is_active=True, slug="blog").first()
        or ActivityType.objects.filter(is_active=True, second_quantity_label="", reach_label="").first()
    )
    saving = []
    for dossier in (
        Dossier.objects.filter(state__in=Dossier.EDITABLE_STATES).select_related("owner").order_by("pk")[: VARIANTS * 2]
    ):
        day = max(dossier.period_start, dossier.period_end - timedelta(days=30))
        data = {
            "activity_type": kind.pk,
            "title": "A soak-test post",
            "started_on": day.isoformat(),
            "quantity": 1,
            "description": "Written by the soak run.",
            "visibility": "public",
            "is_paid": "no",
        }
        expertise = dossier.owner.awards.values_list("expertise_id", flat=True).first()
        if expertise:
            data["expertise"] = expertise
        variant = tried("save", dossier.owner, reverse("nominations:dossier-edit", kwargs={"pk": dossier.pk}), data)
        if variant:
            saving.append(variant)
        if len(saving) == VARIANTS:
            break
    out.append({"name": "nominee saves an activity (POST)", "variants": saving})

    criteria = active_criteria()
    scoring = []
    for assignment in Assignment.objects.filter(dossier__state=Dossier.State.UNDER_EVALUATION).select_related(
        "evaluator"
    )[: VARIANTS * 2]:
        data = {f"score_{c.pk}": SCORE_CHOICES[len(SCORE_CHOICES) // 2][0] for c in criteria}
        data |= {"confidence": "medium", "comment": "Scored by the soak run."}
        path = reverse("evaluations:evaluate", kwargs={"pk": assignment.dossier_id})
        variant = tried("score", assignment.evaluator, path, data)
        if variant:
            scoring.append(variant)
        if len(scoring) == VARIANTS:
            break
    out.append({"name": "evaluator scores a dossier (POST)", "variants": scoring})

    # A nominee imports two activities from our CSV template: upload, preview, confirm. "{n}" is the
    # soak's turn, so that each import adds its rows instead of repeating the last one's.
    importing = []
    for dossier in (
        Dossier.objects.filter(state__in=Dossier.EDITABLE_STATES)
        .select_related("owner")
        .order_by("-pk")[: VARIANTS * 2]
    ):
        day = max(dossier.period_start, dossier.period_end - timedelta(days=45))
        lines = [",".join(HEADER)] + [
            ",".join({"type": kind.slug, "title": f"Imported by the soak run {{n}}-{row}", "date": day.isoformat(),
                      "quantity": "1", "visibility": "public"}.get(column, "") for column in HEADER)
            for row in (1, 2)
        ]  # fmt: skip
        path = reverse("nominations:dossier-import", kwargs={"pk": dossier.pk})
        confirm = reverse("nominations:dossier-import-confirm", kwargs={"pk": dossier.pk})
        csv_text = "\n".join(lines) + "\n"
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(dossier.owner)
        upload = SimpleUploadedFile("activities.csv", csv_text.replace("{n}", "0").encode(), content_type="text/csv")
        if client.post(path, {"file": upload}).status_code == 200 and client.post(confirm).status_code == 302:
            cookie = f"{settings.SESSION_COOKIE_NAME}={session_of(dossier.owner)}"
            importing.append({"path": path, "confirm": confirm, "cookie": cookie, "csv": csv_text, "data": {}})
        if len(importing) == VARIANTS:
            break
    out.append({"name": "nominee imports a CSV (POST)", "variants": importing})

    # The lead recommends on the dossiers of their countries that wait for a decision.
    lead = User.objects.get(email="lead@mvp.example")
    recommending = []
    for dossier in (
        dossiers_on_desk(lead).filter(state__in=Dossier.IN_REVIEW_STATES, decision__isnull=True).order_by("pk")
    )[: VARIANTS * 2]:
        data = {"verdict": "award", "note": "Recommended by the soak run."}
        action = reverse("desks:recommendation-save", kwargs={"pk": dossier.pk})
        variant = tried("recommend", lead, action, data)
        if variant:
            recommending.append(
                variant | {"path": reverse("desks:dossier", kwargs={"pk": dossier.pk}), "action": action}
            )
        if len(recommending) == VARIANTS:
            break
    out.append({"name": "lead recommends (POST)", "variants": recommending})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
