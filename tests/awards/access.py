"""Permission-matrix entries for the awards URLs (format: tests/test_permission_matrix.py).

Cycles belong to the program: only program admins see and run them; every
other signed-in persona gets the 403 page naming who may ("Only program
admins may run award cycles."). The cycle is far in the future so that the
empty POST to announce is refused by the date, re-rendering the page (200).
"""

from datetime import date

from tests.factories import AwardCycleFactory

EVERYONE = ["anonymous", "nominee", "other_nominee", "mvp", "employee", "lead", "other_lead", "admin"]


def admins_only(admin=200):
    return {"anonymous": "login", **dict.fromkeys(EVERYONE[1:-1], 403), "admin": admin}


def build(world):
    world.awards_cycle = AwardCycleFactory(award_date=date(2030, 1, 1))


CYCLE = lambda world: {"pk": world.awards_cycle.pk}  # noqa: E731

ACCESS = {
    "awards:cycle-list": {"method": "get", "expect": admins_only()},
    "awards:cycle-create-upcoming": [
        {"method": "get", "expect": {"anonymous": "login", **dict.fromkeys(EVERYONE[1:], 405)}},
        {"method": "post", "expect": admins_only(302)},
    ],
    "awards:cycle-detail": {"method": "get", "kwargs": CYCLE, "expect": admins_only()},
    "awards:cycle-edit": [
        {"method": "get", "kwargs": CYCLE, "expect": admins_only()},
        {"method": "post", "kwargs": CYCLE, "expect": admins_only()},
    ],
    "awards:cycle-announce": [
        {"method": "get", "kwargs": CYCLE, "expect": {"anonymous": "login", **dict.fromkeys(EVERYONE[1:], 405)}},
        {"method": "post", "kwargs": CYCLE, "expect": admins_only()},
    ],
    "awards:cycle-progress": {"method": "get", "kwargs": CYCLE, "expect": admins_only()},
}
