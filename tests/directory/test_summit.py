"""The Summit: created by program admins, invitations, registration, waitlist, cancelling,
the NDA, sessions by expertise, the export, and the daily run's reminders and erasure."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.tasks import awards_daily
from directory import services
from directory.models import Summit, SummitRegistration, SummitSession
from mvp_portal.notices.models import Notice
from tests.conftest import TODAY
from tests.factories import AwardFactory, ExpertiseFactory, UserFactory
from tests.factories.directory import NdaAcceptanceFactory, NdaVersionFactory

STARTS, ENDS = date(2027, 3, 10), date(2027, 3, 12)


@pytest.fixture
def nda(db):
    return NdaVersionFactory(version="2026.summit")


@pytest.fixture
def summit(db, nda):
    return Summit.objects.create(
        name="MVP Summit 2027",
        place="Redmond",
        starts_on=STARTS,
        ends_on=ENDS,
        capacity=2,
        registration_opens_on=date(2026, 11, 1),
        registration_closes_on=date(2027, 2, 1),
        nda_version=nda,
    )


@pytest.fixture
def make_mvp(db, expertise, nda):
    def make(name, *, accepted=True, starts_on=date(2026, 10, 1), expertise_=None):
        person = UserFactory(display_name=name)
        AwardFactory(user=person, expertise=expertise_ or expertise, starts_on=starts_on)
        if accepted:
            NdaAcceptanceFactory(user=person, version=nda)
        return person

    return make


def register(summit, person, **fields):
    now = timezone.now()
    return services.summit_register(
        summit_id=summit.pk, user=person, sessions=fields.pop("sessions", []), today=TODAY, now=now, **fields
    )


def notices(template):
    return sorted(Notice.objects.filter(template=f"directory/emails/{template}").values_list("to_email", flat=True))


# Creating and inviting ----------------------------------------------------------
def test_an_admin_creates_a_summit_and_the_mvps_on_its_dates_are_invited(client, program_admin, nda, make_mvp):
    mia = make_mvp("Mia")
    make_mvp("Ending Before", starts_on=date(2026, 1, 1))  # award ends 2026-12-31, before the summit
    lapsed = UserFactory(display_name="Lapsed")
    AwardFactory(user=lapsed, starts_on=date(2025, 1, 1))
    client.force_login(program_admin)
    response = client.post(
        reverse("directory:summit-create"),
        {
            "name": "MVP Summit 2027",
            "place": "Redmond",
            "starts_on": "2027-03-10",
            "ends_on": "2027-03-12",
            "capacity": "300",
            "registration_opens_on": "2026-11-15",
            "registration_closes_on": "2027-02-01",
            "nda_version": nda.pk,
        },
    )
    summit = Summit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "directory:summit-attendees", args=[summit.pk]
    )
    assert summit.created_by == program_admin
    assert notices("summit_invitation") == [mia.email]
    # The daily run invites again nobody already invited, but does invite someone awarded since.
    newcomer = make_mvp("Newcomer")
    awards_daily()
    assert notices("summit_invitation") == sorted([mia.email, newcomer.email])


def test_the_invitation_names_the_summit_and_its_dates_in_the_recipients_language(summit, make_mvp):
    mia, jonas = make_mvp("Mia"), make_mvp("Jonas")
    jonas.language = "de"
    jonas.save(update_fields=["language"])
    services.summit_invitations_send(summit=summit, today=TODAY)
    english = Notice.objects.get(template="directory/emails/summit_invitation", recipient=mia)
    german = Notice.objects.get(template="directory/emails/summit_invitation", recipient=jonas)
    assert english.subject == "You are invited to MVP Summit 2027"
    for body in (english.body_text, english.body_html):
        assert "You are invited to MVP Summit 2027, in Redmond from 10 March 2027 to 12 March 2027." in body
        assert "open until 1 February 2027" in body
    assert german.subject == "Sie sind zu MVP Summit 2027 eingeladen"
    for body in (german.body_text, german.body_html):
        assert "Sie sind zu MVP Summit 2027 in Redmond vom 10. März 2027 bis 12. März 2027" in body
        assert "bis 1. Februar 2027" in body


def test_the_summit_form_keeps_input_and_shows_errors(client, program_admin, nda):
    client.force_login(program_admin)
    response = client.post(
        reverse("directory:summit-create"),
        {
            "name": "Kept name",
            "place": "Seattle",
            "starts_on": "2027-03-10",
            "ends_on": "2027-03-01",
            "capacity": "0",
            "registration_opens_on": "2026-11-15",
            "registration_closes_on": "2027-04-01",
            "nda_version": nda.pk,
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "capacity" in form.errors
    body = response.content.decode()
    assert 'value="Kept name"' in body and "Please correct the errors below." in body
    assert not Summit.objects.exists()


def test_registration_window_must_close_by_the_first_day(program_admin, nda):
    summit = Summit(
        name="S", place="P", starts_on=STARTS, ends_on=ENDS, capacity=5,
        registration_opens_on=date(2026, 11, 1), registration_closes_on=date(2027, 3, 11), nda_version=nda,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.summit_save(summit=summit, actor=program_admin, today=TODAY)
    assert "registration_closes_on" in error.value.message_dict


# Registering, the waitlist, cancelling ------------------------------------------
def test_registration_seats_until_full_then_waitlists(summit, make_mvp):
    ada, ben, cy = make_mvp("Ada"), make_mvp("Ben"), make_mvp("Cy")
    states = [register(summit, person).state for person in (ada, ben, cy)]
    assert states == ["registered", "registered", "waitlisted"]
    assert notices("summit_registered") == sorted([ada.email, ben.email])
    assert notices("summit_waitlisted") == [cy.email]


def test_cancelling_moves_the_waitlist_up_and_tells_the_person(summit, make_mvp):
    ada, ben, cy, dee = (make_mvp(name) for name in ("Ada", "Ben", "Cy", "Dee"))
    for person in (ada, ben, cy, dee):
        register(summit, person)
    services.summit_cancel(summit_id=summit.pk, user=ada, today=TODAY)
    states = dict(SummitRegistration.objects.values_list("user__display_name", "state"))
    assert states == {"Ada": "cancelled", "Ben": "registered", "Cy": "registered", "Dee": "waitlisted"}
    assert notices("summit_moved_up") == [cy.email]
    # Cancelling a place on the waitlist seats nobody.
    services.summit_cancel(summit_id=summit.pk, user=dee, today=TODAY)
    assert notices("summit_moved_up") == [cy.email]


def test_more_seats_move_the_waitlist_up(summit, make_mvp, program_admin):
    for name in ("Ada", "Ben", "Cy"):
        register(summit, make_mvp(name))
    summit.capacity = 3
    services.summit_save(summit=summit, actor=program_admin, today=TODAY)
    assert SummitRegistration.objects.filter(state="registered").count() == 3
    assert len(notices("summit_moved_up")) == 1


def test_registering_again_after_cancelling_joins_the_end_of_the_queue(summit, make_mvp):
    ada, ben, cy = make_mvp("Ada"), make_mvp("Ben"), make_mvp("Cy")
    for person in (ada, ben, cy):
        register(summit, person)
    services.summit_cancel(summit_id=summit.pk, user=ada, today=TODAY)
    assert register(summit, ada).state == "waitlisted"


def test_registration_requires_the_summits_nda(summit, make_mvp, client):
    person = make_mvp("No Nda", accepted=False)
    with pytest.raises(ValidationError, match="NDA"):
        register(summit, person)
    client.force_login(person)
    body = client.get(reverse("directory:summit", args=[summit.pk])).content.decode()
    assert "Read and accept the NDA" in body and reverse("directory:summit-register", args=[summit.pk]) not in body


def test_registration_is_refused_outside_the_window_and_to_others(summit, make_mvp):
    person = make_mvp("Ada")
    with pytest.raises(ValidationError, match="not open"):
        services.summit_register(
            summit_id=summit.pk, user=person, sessions=[], today=date(2027, 2, 2), now=timezone.now()
        )
    outsider = UserFactory()
    with pytest.raises(ValidationError, match="award"):
        register(summit, outsider)


def test_a_page_of_a_summit_one_is_not_invited_to_is_not_found(client, summit, outsider):
    client.force_login(outsider)
    assert client.get(reverse("directory:summit", args=[summit.pk])).status_code == 404


def test_registering_through_the_page_with_sessions_of_ones_expertise(client, summit, make_mvp, expertise):
    mine = SummitSession.objects.create(summit=summit, expertise=expertise, title="Roadmap of my area")
    everyone = SummitSession.objects.create(summit=summit, title="Keynote")
    other = SummitSession.objects.create(summit=summit, expertise=ExpertiseFactory(), title="Elsewhere")
    person = make_mvp("Ada")
    client.force_login(person)
    url = reverse("directory:summit-register", args=[summit.pk])
    page = client.get(reverse("directory:summit", args=[summit.pk])).content.decode()
    assert "Roadmap of my area" in page and "Keynote" in page and "Elsewhere" not in page

    refused = client.post(url, {"sessions": [other.pk], "dietary_needs": "Vegan"})
    assert refused.status_code == 400
    assert "sessions" in refused.context["form"].errors and "Vegan" in refused.content.decode()

    response = client.post(
        url, {"sessions": [mine.pk, everyone.pk], "dietary_needs": "Vegan", "accessibility_needs": "Step-free"}
    )
    assert response.status_code == 302
    registration = SummitRegistration.objects.get(user=person)
    assert (registration.state, registration.dietary_needs, registration.accessibility_needs) == (
        "registered", "Vegan", "Step-free",
    )  # fmt: skip
    assert set(registration.sessions.all()) == {mine, everyone}
    assert "your seat is confirmed" in client.get(response["Location"]).content.decode()


def test_the_attendee_export_is_for_admins_and_neutralises_formulas(client, summit, make_mvp, program_admin):
    register(summit, make_mvp("Ada"), dietary_needs="=HYPERLINK(1)")
    register(summit, make_mvp("Ben"))
    register(summit, make_mvp("Cy"))
    client.force_login(program_admin)
    response = client.get(reverse("directory:summit-export", args=[summit.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["name", "email", "country", "state"]
    assert [(row[0], row[3]) for row in rows[1:]] == [
        ("Ada", "registered"),
        ("Ben", "registered"),
        ("Cy", "waitlisted"),
    ]
    assert rows[1][6] == "'=HYPERLINK(1)"


# The daily run --------------------------------------------------------------------
def test_the_daily_run_reminds_the_registered_a_week_before(clock, summit, make_mvp):
    seated, waiting = make_mvp("Ada"), make_mvp("Ben")
    register(summit, seated)
    register(summit, waiting)
    register(summit, make_mvp("Cy"))
    services.summit_cancel(summit_id=summit.pk, user=waiting, today=TODAY)
    clock.move_to(datetime(2027, 3, 2, 12, tzinfo=UTC))
    awards_daily()
    assert notices("summit_reminder") == []
    clock.move_to(datetime(2027, 3, 3, 12, tzinfo=UTC))
    awards_daily()
    awards_daily()
    assert len(notices("summit_reminder")) == 2  # Ada and Cy (moved up), once each; not Ben


def test_the_daily_run_erases_needs_30_days_after_the_summit(clock, summit, make_mvp):
    registration = register(summit, make_mvp("Ada"), dietary_needs="Vegan", accessibility_needs="Wheelchair")
    clock.move_to(datetime(2027, 4, 10, 12, tzinfo=UTC))  # 29 days after the last day
    awards_daily()
    registration.refresh_from_db()
    assert registration.dietary_needs == "Vegan"
    clock.move_to(datetime(2027, 4, 11, 12, tzinfo=UTC))
    awards_daily()
    registration.refresh_from_db()
    assert (registration.dietary_needs, registration.accessibility_needs, registration.state) == ("", "", "registered")
    assert registration.personal_data_erased_at is not None


# Query counts ------------------------------------------------------------------------
def test_the_badge_sheet_has_one_badge_per_seated_attendee(client, summit, make_mvp, program_admin, expertise):
    for name in ("Ada Seated", "Ben Seated", "Cy Waiting"):
        register(summit, make_mvp(name))
    client.force_login(program_admin)
    body = client.get(reverse("directory:summit-badges", args=[summit.pk])).content.decode()
    assert body.count("summit-badge") == 2
    assert "Ada Seated" in body and "Ben Seated" in body and "Cy Waiting" not in body
    assert f"{expertise.name} MVP" in body


@pytest.mark.usefixtures("pages_drawn")  # the viewer read each time: new attendees are new accounts
@pytest.mark.parametrize(
    "url_name", ["directory:summit-attendees", "directory:summit-export", "directory:summit-badges"]
)
def test_attendee_pages_do_not_grow_with_the_attendees(
    client,
    django_assert_num_queries,
    django_assert_max_num_queries,
    summit,
    make_mvp,
    program_admin,
    expertise,
    url_name,
):
    session = SummitSession.objects.create(summit=summit, expertise=expertise, title="Roadmap")
    register(summit, make_mvp("First"), sessions=[session])
    client.force_login(program_admin)
    url = reverse(url_name, args=[summit.pk])
    client.get(url)  # warm the session and the role caches
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    for n in range(6):
        register(summit, make_mvp(f"More {n}"), sessions=[session])
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
