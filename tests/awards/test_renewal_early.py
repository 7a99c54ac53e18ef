"""An MVP records the award year as it goes: the renewal dossier opened early, by the
MVP only, once; the renewal window later links that same dossier to the award and sends
the re-evaluation notice then, exactly once; the readiness picture fills with it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services
from awards.readiness import readiness_for
from awards.selectors import renewal_dossier_id_of
from mvp_portal.notices.models import Notice
from nominations.models import Dossier, DossierLogEntry
from tests.conftest import TODAY
from tests.factories import ActivityFactory, AwardFactory, UserFactory

pytestmark = pytest.mark.django_db


def notices_to(award):
    return Notice.objects.filter(key=f"awards:renewal-opened:{award.pk}:mvp")


def test_the_mvp_opens_the_renewal_dossier_before_the_window(mvp, expertise):
    award = mvp.awards.get()  # granted 2026-10-01: the window opens 2027-07-01
    dossier_id = services.renewal_dossier_open_early(award_id=award.pk, actor=mvp, today=TODAY)
    dossier = Dossier.objects.get(pk=dossier_id)
    assert (dossier.owner, dossier.kind, dossier.state, dossier.expertise) == (mvp, "renewal", "draft", expertise)
    assert (dossier.award_date, dossier.period_start, dossier.period_end) == (
        date(2027, 10, 1),
        date(2026, 10, 1),
        date(2027, 9, 30),
    )
    award.refresh_from_db()
    assert award.renewal_dossier is None  # the window links it
    assert renewal_dossier_id_of(award) == dossier_id
    entry = DossierLogEntry.objects.get(dossier=dossier)
    assert (entry.action, entry.actor) == ("opened_early", mvp)
    assert not notices_to(award).exists()


def test_a_second_click_opens_nothing_more(mvp):
    award = mvp.awards.get()
    first = services.renewal_dossier_open_early(award_id=award.pk, actor=mvp, today=TODAY)
    again = services.renewal_dossier_open_early(award_id=award.pk, actor=mvp, today=TODAY)
    assert first == again
    assert Dossier.objects.filter(owner=mvp).count() == 1
    assert DossierLogEntry.objects.filter(action="opened_early").count() == 1


@pytest.mark.parametrize("who", ["someone else", "a lapsed MVP"])
def test_only_the_mvp_holding_the_award_may(mvp, expertise, who):
    award = mvp.awards.get()
    if who == "someone else":
        actor, today = UserFactory(), TODAY
    else:
        actor, today = mvp, date(2027, 10, 1)  # the award ended the day before
    with pytest.raises(ValidationError):
        services.renewal_dossier_open_early(award_id=award.pk, actor=actor, today=today)
    assert not Dossier.objects.exists()


def test_the_window_links_the_same_dossier_and_tells_the_mvp_once(mvp, lead):
    award = mvp.awards.get()
    early = services.renewal_dossier_open_early(award_id=award.pk, actor=mvp, today=TODAY)
    assert services.renewals_open(today=date(2027, 6, 30)) == 0  # before the window: nothing
    assert not notices_to(award).exists()

    assert services.renewals_open(today=date(2027, 7, 1)) == 1
    award.refresh_from_db()
    assert award.renewal_dossier_id == early and Dossier.objects.filter(owner=mvp).count() == 1
    assert notices_to(award).count() == 1
    assert services.renewals_open(today=date(2027, 7, 2)) == 0
    assert notices_to(award).count() == 1


def test_the_readiness_picture_counts_what_is_recorded_early(mvp):
    award = mvp.awards.get()
    dossier = Dossier.objects.get(pk=services.renewal_dossier_open_early(award_id=award.pk, actor=mvp, today=TODAY))
    before = readiness_for(award, today=TODAY).counted_count
    ActivityFactory(dossier=dossier, started_on=date(2026, 11, 2))
    assert readiness_for(award, today=TODAY).counted_count == before + 1


def test_my_award_offers_it_then_links_to_it(client, mvp):
    client.force_login(mvp)
    page = client.get(reverse("directory:my-award")).content.decode()
    assert reverse("directory:renewal-dossier-open") in page

    response = client.post(reverse("directory:renewal-dossier-open"))
    dossier = Dossier.objects.get(owner=mvp)
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:dossier-detail", args=[dossier.pk])

    page = client.get(reverse("directory:my-award")).content.decode()
    assert reverse("directory:renewal-dossier-open") not in page
    assert reverse("nominations:dossier-detail", args=[dossier.pk]) in page


def test_a_person_without_an_award_is_refused(client):
    person = UserFactory()
    client.force_login(person)
    assert client.post(reverse("directory:renewal-dossier-open")).status_code == 403
    assert not Dossier.objects.exists()


def test_an_mvp_in_the_window_is_not_offered_it(client, expertise):
    person = UserFactory()
    AwardFactory(user=person, expertise=expertise, starts_on=date(2026, 1, 1))  # window open on TODAY
    client.force_login(person)
    assert reverse("directory:renewal-dossier-open") not in client.get(reverse("directory:my-award")).content.decode()
