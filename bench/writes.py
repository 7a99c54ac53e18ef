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
    from django.urls import reverse

    from evaluations.forms import SCORE_CHOICES
    from evaluations.models import Assignment
    from evaluations.selectors import active_criteria
    from nominations.models import ActivityType, Dossier
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
    print(json.dumps(out))


if __name__ == "__main__":
    main()
