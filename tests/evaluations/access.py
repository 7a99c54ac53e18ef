"""Permission-matrix entries for the evaluations URLs (merged by the project's matrix runner).

The nominee owns a renewal dossier under evaluation in Ireland (award date
2027-04-01) to which the employee is assigned as evaluator. Role failures
answer 403; dossiers outside one's region or assignments answer 404.
"""

from datetime import date

from django.utils import timezone

from evaluations.models import Assignment, CalibrationDossier, Decision, Reconsideration
from mvp_portal.accounts.roles import Role
from nominations.models import Dossier
from tests.factories import DossierFactory, UserFactory

EVERYONE = ["anonymous", "nominee", "other_nominee", "mvp", "employee", "lead", "other_lead", "admin"]


def only(default=403, **answers):
    return {"anonymous": "login", **dict.fromkeys(EVERYONE[1:], default), **answers}


def build(world):
    world.ev_dossier = DossierFactory(
        owner=world.nominee,
        kind=Dossier.Kind.RENEWAL,
        state=Dossier.State.UNDER_EVALUATION,
        expertise=world.expertise,
        award_date=date(2027, 4, 1),
        period_end=date(2027, 2, 18),
        period_start=date(2026, 2, 18),
    )
    world.ev_assignment = Assignment.objects.create(
        dossier=world.ev_dossier,
        evaluator=world.employee,
        assigned_by=world.lead,
        batch="00000000-0000-0000-0000-000000000001",
    )

    # The nominee's earlier renewal, declined by another admin and announced today, with a reconsideration asked for.
    world.ev_declined = DossierFactory(
        owner=world.nominee,
        kind=Dossier.Kind.RENEWAL,
        state=Dossier.State.DECIDED,
        expertise=world.expertise,
        award_date=date(2026, 7, 1),
        period_end=date(2026, 5, 18),
        period_start=date(2025, 5, 18),
    )
    Decision.objects.create(
        dossier=world.ev_declined,
        verdict=Decision.Verdict.DECLINE,
        rationale="Thin year",
        decided_by=UserFactory(email="first-admin@example.org", roles=[Role.PROGRAM_ADMIN]),
        announced_at=timezone.now(),
    )
    Reconsideration.objects.create(dossier=world.ev_declined, statement="Please look again")
    # That past dossier calibrates the cycle of the dossier under evaluation.
    world.ev_calibration = CalibrationDossier.objects.create(
        award_date=world.ev_dossier.award_date, dossier=world.ev_declined, marked_by=world.admin
    )


DOSSIER = lambda world: {"pk": world.ev_dossier.pk}  # noqa: E731
DECLINED = lambda world: {"pk": world.ev_declined.pk}  # noqa: E731
LEADS = {"lead": 200, "other_lead": 200, "admin": 200}

ACCESS = {
    # Employees' pages; leads and admins who are not asked to evaluate have none (the nav hides it).
    "evaluations:my-assignments": {"method": "get", "expect": only(employee=200, **LEADS)},
    # Only the assigned evaluator; other staff (even leads and admins) are not assigned: 404.
    "evaluations:evaluate": {
        "kwargs": DOSSIER,
        "method": "get",
        "expect": only(employee=200, lead=404, other_lead=404, admin=404),
    },
    "evaluations:conflict-declare": {
        "kwargs": DOSSIER,
        "method": "post",
        "expect": only(employee=200, lead=404, other_lead=404, admin=404),
    },
    # Only evaluators assigned in the calibrated cycle; other staff 404 (nothing about it is theirs).
    "evaluations:calibrate": [
        {
            "kwargs": lambda world: {"pk": world.ev_calibration.pk},
            "method": method,
            "expect": only(employee=status, lead=404, other_lead=404, admin=404),
        }
        for method, status in (("get", 200), ("post", 400))
    ],
    # The person's own announced decline only; everybody else, staff included, 404 (staff see it on the desk).
    "evaluations:reconsideration": [
        {"kwargs": DECLINED, "method": "get", "expect": only(404, nominee=200)},
        # Asked already: a second request is refused (400); others 404.
        {"kwargs": DECLINED, "method": "post", "expect": only(404, nominee=400)},
    ],
}
