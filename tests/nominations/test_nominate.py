"""Who may nominate, refusals, supporters, and what a nominator sees."""

from datetime import timedelta

import pytest
from django.urls import reverse

from mvp_portal.notices.models import Notice
from nominations.models import Nomination, NominationSupport
from tests.conftest import TODAY
from tests.factories import ActivityFactory, AwardFactory, DossierFactory, NominationFactory, UserFactory

URL = reverse("nominations:nomination-create")
STATEMENT = (
    "She answers questions on the Microsoft Q&A forums every week, runs the Cork Azure meetup, writes a blog "
    "with detailed walkthroughs, and spoke at three community conferences this year about virtual machines."
)


def payload(expertise, **overrides):
    data = {
        "nominee_name": "Niamh Nominee",
        "nominee_email": "Niamh@Example.ORG",
        "nominee_country": "IE",
        "expertise": expertise.pk,
        "statement": STATEMENT,
        "links": "https://blog.example.org\nhttps://github.com/niamh",
    }
    return data | overrides


def test_nominate_mvp_whose_award_ended_yesterday_is_refused(client, expertise, lead):
    lapsed = UserFactory(email="lapsed@example.org")
    AwardFactory(user=lapsed, expertise=expertise, starts_on=TODAY - timedelta(days=365), ends_on=TODAY - timedelta(1))
    client.force_login(lapsed)
    response = client.get(URL)
    assert response.status_code == 403
    assert "Only employees and active MVPs" in response.content.decode()
    assert client.post(URL, payload(expertise)).status_code == 403
    assert not Nomination.objects.exists()


def test_nominate_mvp_whose_award_covers_today_creates_nomination_and_tells_lead(client, mvp, expertise, lead):
    client.force_login(mvp)
    assert client.get(URL).status_code == 200
    response = client.post(URL, payload(expertise))
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.nominee_email == "niamh@example.org"
    assert nomination.nominator == mvp
    assert nomination.state == Nomination.State.SUBMITTED
    notice = Notice.objects.get(to_email=lead.email)
    assert "Niamh Nominee" in notice.subject
    assert reverse("desks:nomination", kwargs={"pk": nomination.pk}) in notice.body_text


def test_nominate_employee_allowed(client, employee, expertise, lead):
    client.force_login(employee)
    assert client.post(URL, payload(expertise)).status_code == 302
    assert Nomination.objects.filter(nominator=employee).exists()


def test_nominate_outsider_sees_who_may(client, outsider):
    client.force_login(outsider)
    response = client.get(URL)
    assert response.status_code == 403
    assert "active MVPs" in response.content.decode()


def test_nominate_country_without_lead_tells_program_admins(client, employee, expertise, program_admin):
    client.force_login(employee)
    client.post(URL, payload(expertise, nominee_country="FR"))
    assert Notice.objects.filter(to_email=program_admin.email, template="nominations/emails/nomination_new").exists()


def test_nominate_self_refused(client, employee, expertise):
    client.force_login(employee)
    response = client.post(URL, payload(expertise, nominee_email=employee.email.upper()))
    assert response.status_code == 200
    assert "You cannot nominate yourself" in response.content.decode()
    assert "runs the Cork Azure meetup" in response.content.decode()  # what was typed is kept
    assert not Nomination.objects.exists()


def test_nominate_current_mvp_refused_without_naming_them(client, employee, expertise, mvp):
    mvp.show_in_directory = False
    mvp.save(update_fields=["show_in_directory"])
    client.force_login(employee)
    response = client.post(URL, payload(expertise, nominee_email=mvp.email.upper()))
    page = response.content.decode()
    assert response.status_code == 200
    assert mvp.display_name not in page  # a hidden profile stays hidden
    assert "This address cannot be nominated now" in page
    assert "runs the Cork Azure meetup" in page  # what was typed is kept
    assert not Nomination.objects.exists()


def test_nominate_self_through_an_alias_refused(client, employee, expertise):
    local, domain = employee.email.split("@")
    client.force_login(employee)
    response = client.post(URL, payload(expertise, nominee_email=f"{local.upper()}+self@{domain}"))
    assert "You cannot nominate yourself" in response.content.decode()
    assert not Nomination.objects.exists()


def test_nominate_short_statement_refused(client, employee, expertise):
    client.force_login(employee)
    response = client.post(URL, payload(expertise, statement="Great person."))
    assert "a few sentences" in response.content.decode()
    assert not Nomination.objects.exists()


def test_nominate_second_nominator_is_asked_before_becoming_a_supporter(client, employee, mvp, expertise, lead):
    client.force_login(employee)
    client.post(URL, payload(expertise))
    client.force_login(mvp)
    response = client.post(URL, payload(expertise, nominee_email="niamh@example.org", nominee_name="N. Other"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "already has an open nomination" in page and "Add my support" in page
    assert employee.display_name not in page  # who nominated first is not said
    assert not NominationSupport.objects.exists()  # nothing is added without the confirmation
    response = client.post(
        URL, payload(expertise, nominee_email="niamh@example.org", confirm_support="yes"), follow=True
    )
    assert "added as a supporter" in response.content.decode()
    nomination = Nomination.objects.get()
    assert NominationSupport.objects.get().nomination == nomination
    assert NominationSupport.objects.get().supporter == mvp
    # the supporter follows the status too
    assert "Niamh Nominee" in client.get(reverse("nominations:nomination-list")).content.decode()


def test_nominate_same_person_twice_by_same_nominator_refused(client, employee, expertise, lead):
    client.force_login(employee)
    client.post(URL, payload(expertise))
    response = client.post(URL, payload(expertise))
    assert "already nominated" in response.content.decode()
    assert Nomination.objects.count() == 1
    assert not NominationSupport.objects.exists()


def test_nominate_after_closed_nomination_creates_new(client, employee, expertise, lead):
    NominationFactory(nominee_email="niamh@example.org", state=Nomination.State.CLOSED)
    client.force_login(employee)
    client.post(URL, payload(expertise))
    assert Nomination.objects.filter(nominee_email="niamh@example.org").count() == 2


def test_nomination_list_shows_status_only(client, employee, expertise):
    owner = UserFactory()
    dossier = DossierFactory(owner=owner, expertise=expertise)
    nomination = dossier.nomination
    nomination.nominator = employee
    nomination.save()
    ActivityFactory(dossier=dossier, title="Secret talk in Dublin")
    NominationFactory(nominee_name="Someone Else's Nominee")
    client.force_login(employee)
    page = client.get(reverse("nominations:nomination-list")).content.decode()
    assert nomination.nominee_name in page
    assert "Nominee documenting" in page
    assert "Secret talk in Dublin" not in page
    assert "Someone Else&#x27;s Nominee" not in page and "Someone Else's Nominee" not in page
    # and the dossier itself is not theirs to see
    assert client.get(reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk})).status_code == 404


@pytest.mark.parametrize("size", [5, 500])
def test_nomination_list_queries_do_not_grow(client, employee, django_assert_max_num_queries, size):
    NominationFactory.create_batch(size if size == 5 else 60, nominator=employee)
    client.force_login(employee)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("nominations:nomination-list")).status_code == 200


def test_nomination_list_follows_dossier_stage_without_contents(client, employee, expertise, lead):
    from nominations.services import dossier_submit

    dossier = DossierFactory(owner=UserFactory(country="IE"), expertise=expertise)
    Nomination.objects.filter(pk=dossier.nomination_id).update(nominator=employee)
    ActivityFactory(dossier=dossier, title="Private activity title")
    dossier_submit(dossier_id=dossier.pk, actor=dossier.owner, today=TODAY)
    client.force_login(employee)
    page = client.get(reverse("nominations:nomination-list")).content.decode()
    assert "Dossier submitted" in page
    assert "Private activity title" not in page
