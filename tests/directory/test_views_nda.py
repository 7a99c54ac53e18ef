"""NDA acceptance and the briefings it gates."""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse

from directory.models import NdaAcceptance
from tests.conftest import TODAY
from tests.factories import AwardFactory, ExpertiseFactory, UserFactory
from tests.factories.directory import BriefingFactory, NdaAcceptanceFactory, NdaVersionFactory

NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0, tzinfo=UTC)


@pytest.fixture
def nda(db):
    return NdaVersionFactory(version="2026.1", text="Keep the roadmap to yourself.")


@pytest.fixture
def briefing(db, expertise):
    return BriefingFactory(expertise=expertise, title="Roadmap for virtual machines")


def test_briefings_without_acceptance_redirect_to_the_nda_with_next(client, mvp, nda, briefing):
    client.force_login(mvp)
    url = reverse("directory:briefing-detail", args=[briefing.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('directory:nda')}?next={quote(url, safe='')}"
    list_response = client.get(reverse("directory:briefing-list"))
    assert list_response.status_code == 302 and list_response.url.startswith(reverse("directory:nda"))


def test_accepting_the_nda_records_version_and_time_then_opens_briefings(client, mvp, nda, briefing):
    client.force_login(mvp)
    url = reverse("directory:briefing-detail", args=[briefing.pk])
    page = client.get(reverse("directory:nda"), {"next": url})
    assert "Keep the roadmap to yourself." in page.content.decode()
    response = client.post(reverse("directory:nda-accept"), {"version": nda.pk, "agree": "on", "next": url})
    assert response.status_code == 302 and response.url == url
    acceptance = NdaAcceptance.objects.get(user=mvp)
    assert acceptance.version == nda and acceptance.accepted_at == NOW
    detail = client.get(url)
    assert detail.status_code == 200
    assert "Roadmap for virtual machines" in detail.content.decode()
    assert "Roadmap for virtual machines" in client.get(reverse("directory:briefing-list")).content.decode()


def test_nda_accept_requires_the_checkbox(client, mvp, nda):
    client.force_login(mvp)
    response = client.post(reverse("directory:nda-accept"), {"version": nda.pk})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not NdaAcceptance.objects.exists()


def test_nda_accept_ignores_an_offsite_next(client, mvp, nda):
    client.force_login(mvp)
    response = client.post(
        reverse("directory:nda-accept"), {"version": nda.pk, "agree": "on", "next": "https://evil.example.com/"}
    )
    assert response.url == reverse("directory:briefing-list")


def test_new_nda_version_asks_again(client, mvp, nda, briefing):
    NdaAcceptanceFactory(user=mvp, version=nda)
    client.force_login(mvp)
    url = reverse("directory:briefing-detail", args=[briefing.pk])
    assert client.get(url).status_code == 200
    newer = NdaVersionFactory(version="2026.2", published_at=NOW - timedelta(hours=1))
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("directory:nda"))
    assert "You accepted version 2026.1 on 1 February 2026" in client.get(response.url).content.decode()
    # accepting the old version again (a stale form) does not open the gate
    stale = client.post(reverse("directory:nda-accept"), {"version": nda.pk, "agree": "on", "next": url})
    assert stale.status_code == 200
    assert not NdaAcceptance.objects.filter(user=mvp, version=newer).exists()
    client.post(reverse("directory:nda-accept"), {"version": newer.pk, "agree": "on"})
    assert client.get(url).status_code == 200


def test_unpublished_nda_version_is_not_asked_yet(client, mvp, nda, briefing):
    NdaAcceptanceFactory(user=mvp, version=nda)
    NdaVersionFactory(version="2027.1-draft", published_at=None)
    NdaVersionFactory(version="2027.1", published_at=NOW + timedelta(days=3))
    client.force_login(mvp)
    assert client.get(reverse("directory:briefing-detail", args=[briefing.pk])).status_code == 200


def test_no_nda_published_keeps_briefings_closed(client, mvp, briefing):
    client.force_login(mvp)
    response = client.get(reverse("directory:briefing-list"))
    assert response.status_code == 302
    assert "No NDA has been published yet" in client.get(response.url).content.decode()


def test_lapsed_mvp_loses_access_at_once(client, nda, expertise, briefing, clock):
    ending = UserFactory(display_name="Erin Ending")
    AwardFactory(user=ending, expertise=expertise, starts_on=date(2025, 12, 1))
    ending.awards.update(ends_on=TODAY)
    NdaAcceptanceFactory(user=ending, version=nda)
    client.force_login(ending)
    url = reverse("directory:briefing-detail", args=[briefing.pk])
    assert client.get(url).status_code == 200
    clock.move_to(NOW + timedelta(days=1))
    response = client.get(url)
    assert response.status_code == 403
    assert "Only people who hold a current MVP award" in response.content.decode()
    assert client.get(reverse("directory:briefing-list")).status_code == 403


def test_non_mvps_are_refused_with_a_reason(client, nominee, employee, program_admin, nda, briefing):
    for person in (nominee, employee, program_admin):
        client.force_login(person)
        response = client.get(reverse("directory:briefing-list"))
        assert response.status_code == 403
        assert "Only people who hold a current MVP award" in response.content.decode()
        assert client.get(reverse("directory:nda")).status_code == 403


def test_briefings_of_another_expertise_stay_hidden(client, mvp, nda, briefing):
    other = BriefingFactory(expertise=ExpertiseFactory(), title="Another expertise's secrets")
    draft = BriefingFactory(expertise=briefing.expertise, title="Draft briefing", published_at=None)
    NdaAcceptanceFactory(user=mvp, version=nda)
    client.force_login(mvp)
    body = client.get(reverse("directory:briefing-list")).content.decode()
    assert "Roadmap for virtual machines" in body
    assert "Another expertise's secrets" not in body and "Draft briefing" not in body
    assert client.get(reverse("directory:briefing-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("directory:briefing-detail", args=[draft.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, briefing):
    response = client.get(reverse("directory:briefing-list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("size", [3, 60])
def test_briefing_list_query_count_is_constant(client, mvp, nda, expertise, django_assert_max_num_queries, size):
    BriefingFactory.create_batch(size, expertise=expertise)
    BriefingFactory.create_batch(size, expertise=ExpertiseFactory())
    NdaAcceptanceFactory(user=mvp, version=nda)
    client.force_login(mvp)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("directory:briefing-list"))
    assert len(response.context["briefings"]) == size


def test_the_nda_is_read_and_accepted_in_the_readers_language_and_shown_so_after(client, mvp, nda):
    """An NDA is shown in the version the person accepted, in the language they accepted it in."""
    nda.translations = {"de": {"text": "Behalten Sie die Roadmap für sich."}}
    nda.save()
    client.force_login(mvp)
    page = client.get(reverse("directory:nda"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<div class="nda-text" lang="de"><p>Behalten Sie die Roadmap für sich.</p></div>' in page
    client.post(reverse("directory:nda-accept"), {"version": nda.pk, "agree": "on"}, HTTP_ACCEPT_LANGUAGE="de")
    assert NdaAcceptance.objects.get(user=mvp).language == "de"

    later = client.get(reverse("directory:nda"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<div class="nda-text" lang="de"><p>Behalten Sie die Roadmap für sich.</p></div>' in later
    assert "in German: the text below is the one you accepted." in later


def test_a_version_not_translated_is_accepted_in_english(client, mvp, nda):
    client.force_login(mvp)
    page = client.get(reverse("directory:nda"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert '<div class="nda-text" lang="en"><p>Keep the roadmap to yourself.</p></div>' in page
    client.post(reverse("directory:nda-accept"), {"version": nda.pk, "agree": "on"}, HTTP_ACCEPT_LANGUAGE="ja")
    assert NdaAcceptance.objects.get(user=mvp).language == "en"


def test_briefings_in_the_readers_language(client, mvp, nda, briefing):
    briefing.translations = {"de": {"title": "Roadmap für virtuelle Maschinen", "body": "Vertraulich."}}
    briefing.save()
    NdaAcceptanceFactory(user=mvp, version=nda)
    client.force_login(mvp)
    listed = client.get(reverse("directory:briefing-list"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Roadmap für virtuelle Maschinen" in listed
    detail = client.get(reverse("directory:briefing-detail", args=[briefing.pk]), HTTP_ACCEPT_LANGUAGE="de")
    assert "<p>Vertraulich.</p>" in detail.content.decode()
    english = client.get(reverse("directory:briefing-detail", args=[briefing.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Roadmap for virtual machines" in english.content.decode()


def test_translations_of_an_nda_and_a_briefing_are_checked_in_the_admin(nda, briefing):
    from django.core.exceptions import ValidationError

    nda.translations = {"xx": {"text": "?"}}
    with pytest.raises(ValidationError, match="Unknown language"):
        nda.full_clean()
    briefing.translations = {"de": {"summary": "?"}}
    with pytest.raises(ValidationError, match="not translated here"):
        briefing.full_clean()
