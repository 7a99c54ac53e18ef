"""The Summit's seats under concurrent registrations, on PostgreSQL: the summit row lock
means never more people seated than seats, however the requests interleave."""

from datetime import date

from django.utils import timezone

from directory import services
from directory.models import Summit, SummitRegistration
from mvp_portal.notices.models import Notice
from tests.awards.test_concurrency import run_together
from tests.conftest import TODAY
from tests.factories import AwardFactory, UserFactory
from tests.factories.directory import NdaAcceptanceFactory, NdaVersionFactory

PEOPLE = 8
SEATS = 3


def test_concurrent_registrations_never_exceed_the_capacity(transactional_db, postgres, expertise):
    nda = NdaVersionFactory()
    summit = Summit.objects.create(
        name="Race Summit",
        place="Redmond",
        starts_on=date(2027, 3, 10),
        ends_on=date(2027, 3, 12),
        capacity=SEATS,
        registration_opens_on=date(2026, 11, 1),
        registration_closes_on=date(2027, 2, 1),
        nda_version=nda,
    )
    people = []
    for n in range(PEOPLE):
        person = UserFactory(display_name=f"Racer {n}")
        AwardFactory(user=person, expertise=expertise, starts_on=date(2026, 10, 1))
        NdaAcceptanceFactory(user=person, version=nda)
        people.append(person)
    queue = list(people)

    def register_one():
        person = queue.pop()
        return services.summit_register(
            summit_id=summit.pk, user=person, sessions=[], today=TODAY, now=timezone.now()
        ).state

    states = run_together(register_one, threads=PEOPLE)
    assert sorted(states) == ["registered"] * SEATS + ["waitlisted"] * (PEOPLE - SEATS)
    assert SummitRegistration.objects.filter(state="registered").count() == SEATS

    # Everyone seated cancels at once: exactly the freed seats go to the waitlist, in order.
    seated = list(SummitRegistration.objects.filter(state="registered").values_list("user_id", flat=True))
    cancellers = [p for p in people if p.pk in seated]

    def cancel_one():
        return services.summit_cancel(summit_id=summit.pk, user=cancellers.pop(), today=TODAY).state

    run_together(cancel_one, threads=SEATS)
    assert SummitRegistration.objects.filter(state="registered").count() == SEATS
    assert SummitRegistration.objects.filter(state="waitlisted").count() == PEOPLE - 2 * SEATS
    assert Notice.objects.filter(template="directory/emails/summit_moved_up").count() == SEATS
