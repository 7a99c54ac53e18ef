"""Permission-matrix entries for the staff desks (format: tests/test_permission_matrix.py).

The desks are for MVP leads and program admins (others: 403 naming who may).
The Irish renewal dossier under evaluation (``world.ev_dossier``, from the
evaluations entries) is the lead of Ireland's and every admin's; the other lead
gets 404. Staff never act on their own dossier, nor on one they have a conflict
with: the lead's own dossier and a dossier the lead nominated answer 404 to the
lead (a program admin acts instead), the admin's own dossier 404 to the admin.
The cycle is far in the future, so announcing it is refused by the date (400).
"""

from datetime import date

from nominations.models import Dossier
from tests.factories import AwardCycleFactory, AwardFactory, DossierFactory, UserFactory

EVERYONE = ["anonymous", "nominee", "other_nominee", "mvp", "employee", "lead", "other_lead", "admin"]


def desk(default=403, **answers):
    """Leads and admins only: everybody else is told who may (403)."""
    return {"anonymous": "login", **dict.fromkeys(EVERYONE[1:], default), **answers}


def build(world):
    world.desk_cycle = AwardCycleFactory(award_date=date(2030, 1, 1))
    submitted = {"state": Dossier.State.SUBMITTED, "expertise": world.expertise, "award_date": date(2027, 4, 1)}
    world.desk_lead_own = DossierFactory(owner=world.lead, country="IE", **submitted)
    world.desk_admin_own = DossierFactory(owner=world.admin, country="IE", **submitted)
    world.desk_nominated_by_lead = DossierFactory(owner=UserFactory(country="IE"), **submitted)
    world.desk_nominated_by_lead.nomination.nominator = world.lead
    world.desk_nominated_by_lead.nomination.save(update_fields=["nominator"])
    # An Irish MVP in the renewal window today (granted 2026-01-01: window 2026-10-01 to 2026-12-31);
    # world.dir_award (world.mvp's, granted 2026-10-01) is before its window.
    world.desk_renewing_award = AwardFactory(
        user=UserFactory(display_name="Matrix Renewing", email="matrix-renewing@example.org"),
        expertise=world.expertise,
        starts_on=date(2026, 1, 1),
    )
    draft = {"expertise": world.expertise, "award_date": date(2030, 1, 1)}
    world.desk_draft = DossierFactory(owner=UserFactory(country="IE"), **draft)
    world.desk_admin_draft = DossierFactory(owner=world.admin, country="IE", kind=Dossier.Kind.RENEWAL, **draft)


DOSSIER = lambda world: {"pk": world.ev_dossier.pk}  # noqa: E731
LEAD_OWN = lambda world: {"pk": world.desk_lead_own.pk}  # noqa: E731
ADMIN_OWN = lambda world: {"pk": world.desk_admin_own.pk}  # noqa: E731
NOMINATED_BY_LEAD = lambda world: {"pk": world.desk_nominated_by_lead.pk}  # noqa: E731
CYCLE = lambda world: {"pk": world.desk_cycle.pk}  # noqa: E731
RENEWING = lambda world: {"pk": world.desk_renewing_award.pk}  # noqa: E731
BEFORE_WINDOW = lambda world: {"pk": world.dir_award.pk}  # noqa: E731
STAFF = {"lead": 200, "other_lead": 200, "admin": 200}
ADMIN = {"admin": 200}

ACCESS = {
    "desks:home": {"method": "get", "expect": desk(lead=302, other_lead=302, admin=302)},
    "desks:lead": {"method": "get", "expect": desk(**STAFF)},
    "desks:dossier-list": {"method": "get", "expect": desk(**STAFF)},
    "desks:dossier": [
        {"kwargs": DOSSIER, "method": "get", "expect": desk(lead=200, other_lead=404, admin=200)},
        # Staff on their own dossier, or with a conflict of interest: 404, never a way in.
        {"kwargs": LEAD_OWN, "method": "get", "expect": desk(lead=404, other_lead=404, admin=200)},
        {"kwargs": ADMIN_OWN, "method": "get", "expect": desk(lead=200, other_lead=404, admin=404)},
        {"kwargs": NOMINATED_BY_LEAD, "method": "get", "expect": desk(lead=404, other_lead=404, admin=200)},
    ],
    # Empty forms re-render the dossier page with the errors (400).
    "desks:dossier-return": [
        {"kwargs": DOSSIER, "method": "post", "expect": desk(lead=400, other_lead=404, admin=400)},
        {"kwargs": LEAD_OWN, "method": "post", "expect": desk(lead=404, other_lead=404, admin=400)},
        {"kwargs": ADMIN_OWN, "method": "post", "expect": desk(lead=400, other_lead=404, admin=404)},
    ],
    "desks:recommendation-save": [
        {"kwargs": DOSSIER, "method": "post", "expect": desk(lead=400, other_lead=404, admin=400)},
        {"kwargs": NOMINATED_BY_LEAD, "method": "post", "expect": desk(lead=404, other_lead=404, admin=400)},
    ],
    "desks:decision-record": {"kwargs": DOSSIER, "method": "post", "expect": desk(admin=400)},
    # Feedback for the person: the staff of the dossier draft it (an empty form: 400), an admin approves it
    # (nothing drafted yet: back to the page with the message, 302).
    "desks:feedback-save": [
        {"kwargs": DOSSIER, "method": "post", "expect": desk(lead=400, other_lead=404, admin=400)},
        {"kwargs": NOMINATED_BY_LEAD, "method": "post", "expect": desk(lead=404, other_lead=404, admin=400)},
    ],
    "desks:feedback-approve": {"kwargs": DOSSIER, "method": "post", "expect": desk(admin=302)},
    # Deciding a reconsideration: program admins who took no part in the decision (an empty form: 400).
    "desks:reconsideration-decide": {
        "kwargs": lambda world: {"pk": world.ev_declined.pk},
        "method": "post",
        "expect": desk(admin=400),
    },
    # Marking a calibration dossier: program admins, on the cycle page (an empty form: 400).
    "desks:calibration-mark": {"kwargs": CYCLE, "method": "post", "expect": desk(admin=400)},
    # Renewal readiness: the staff responsible for the MVP (never the MVP: no desk). The note is written
    # in the renewal window (an empty form: 400); before it, it is refused with the day the window opens
    # (403, in tests/awards/test_readiness.py).
    "desks:readiness": [
        {"kwargs": RENEWING, "method": "get", "expect": desk(lead=200, other_lead=404, admin=200)},
        {"kwargs": BEFORE_WINDOW, "method": "get", "expect": desk(lead=200, other_lead=404, admin=200)},
    ],
    "desks:readiness-note-save": {
        "kwargs": RENEWING,
        "method": "post",
        "expect": desk(lead=400, other_lead=404, admin=400),
    },
    "desks:assignment-create": {"method": "post", "expect": desk(lead=400, other_lead=400, admin=400)},
    # Removing the evaluator goes back to the dossier page.
    "desks:assignment-remove": {
        "kwargs": lambda world: {"pk": world.ev_assignment.pk},
        "method": "post",
        "expect": desk(lead=302, other_lead=404, admin=302),
    },
    # Reviewer profiles: leads and admins, over the dossiers on their own desk.
    "desks:reviewer-profiles": {"method": "get", "expect": desk(**STAFF)},
    # Without a query: an empty page of people (tests/desks/test_evaluator_search.py searches).
    "desks:evaluator-search": {"method": "get", "expect": desk(**STAFF)},
    "desks:nomination-list": {"method": "get", "expect": desk(**STAFF)},
    "desks:nomination": {
        "kwargs": lambda world: {"pk": world.nom_nomination.pk},
        "method": "get",
        "expect": desk(lead=200, other_lead=404, admin=200),
    },
    "desks:nomination-invite": {
        "kwargs": lambda world: {"pk": world.nom_nomination.pk},
        "method": "post",
        "expect": desk(lead=302, other_lead=404, admin=302),
    },
    "desks:admin": {"method": "get", "expect": desk(**ADMIN)},
    "desks:cycle-list": {"method": "get", "expect": desk(**ADMIN)},
    "desks:cycle-create-upcoming": [
        {"method": "get", "expect": {"anonymous": "login", **dict.fromkeys(EVERYONE[1:], 405)}},
        {"method": "post", "expect": desk(admin=302)},
    ],
    "desks:cycle": {"kwargs": CYCLE, "method": "get", "expect": desk(**ADMIN)},
    "desks:cycle-edit": [
        {"kwargs": CYCLE, "method": "get", "expect": desk(**ADMIN)},
        {"kwargs": CYCLE, "method": "post", "expect": desk(admin=400)},
    ],
    "desks:cycle-announce": [
        {"kwargs": CYCLE, "method": "get", "expect": {"anonymous": "login", **dict.fromkeys(EVERYONE[1:], 405)}},
        {"kwargs": CYCLE, "method": "post", "expect": desk(admin=400)},
    ],
    "desks:cycle-progress": {"kwargs": CYCLE, "method": "get", "expect": desk(**ADMIN)},
    # Revoking an award: program admins only; an empty POST re-renders the form (400).
    "desks:award-revoke": [
        {"kwargs": lambda world: {"pk": world.dir_award.pk}, "method": "get", "expect": desk(**ADMIN)},
        {"kwargs": lambda world: {"pk": world.dir_award.pk}, "method": "post", "expect": desk(admin=400)},
    ],
    "desks:export": {"method": "get", "expect": desk(**ADMIN)},
    "desks:dashboard": {"method": "get", "expect": desk(**ADMIN)},
    # Chasing the dossiers without a decision: program admins; an empty POST chooses nothing (400).
    "desks:cycle-undecided": {"kwargs": CYCLE, "method": "get", "expect": desk(**ADMIN)},
    "desks:cycle-undecided-act": {"kwargs": CYCLE, "method": "post", "expect": desk(admin=400)},
    # Extending one draft's deadline: program admins; never their own dossier (404); an empty form 400.
    "desks:dossier-deadline-extend": [
        {"kwargs": lambda world: {"pk": world.desk_draft.pk}, "method": "get", "expect": desk(**ADMIN)},
        {"kwargs": lambda world: {"pk": world.desk_draft.pk}, "method": "post", "expect": desk(admin=400)},
        {"kwargs": lambda world: {"pk": world.desk_admin_draft.pk}, "method": "get", "expect": desk(admin=404)},
    ],
}
