"""Home page items and the navigation fragment."""

from datetime import date

from django.urls import reverse

from mvp_portal.attention import attention_items_for
from tests.factories import AwardFactory, UserFactory
from tests.factories.directory import AwardKitFactory, NdaAcceptanceFactory, NdaVersionFactory


def titles(user) -> list[str]:
    return [item.title for item in attention_items_for(user)]


def test_mvp_is_asked_to_accept_the_nda_and_confirm_the_kit_address(client, mvp):
    version = NdaVersionFactory(version="2026.3")
    assert "Accept the NDA (version 2026.3)" in titles(mvp)
    assert "Confirm where to send your certificate and trophy" in titles(mvp)
    client.force_login(mvp)
    body = client.get(reverse("home")).content.decode()
    assert "Accept the NDA (version 2026.3)" in body and reverse("directory:nda") in body
    NdaAcceptanceFactory(user=mvp, version=version)
    AwardKitFactory(award=mvp.awards.get(), shipping_address="Dublin", address_confirmed_at="2026-11-01T10:00Z")
    mvp_fresh = type(mvp).objects.get(pk=mvp.pk)
    assert not [t for t in titles(mvp_fresh) if "NDA" in t or "certificate and trophy" in t]


def test_no_items_for_people_without_a_current_award(nominee, expertise):
    NdaVersionFactory()
    lapsed = UserFactory()
    AwardFactory(user=lapsed, expertise=expertise, starts_on=date(2025, 7, 1))
    for person in (nominee, lapsed):
        assert not [t for t in titles(person) if "NDA" in t or "certificate and trophy" in t]


def test_nav_shows_each_role_its_links(client, mvp, program_admin, nominee):
    directory, my_award, dashboard = (
        reverse("directory:directory"),
        reverse("directory:my-award"),
        reverse("desks:admin"),
    )
    body = client.get(reverse("home")).content.decode()
    assert f'href="{directory}"' in body and my_award not in body and dashboard not in body
    client.force_login(mvp)
    body = client.get(reverse("home")).content.decode()
    assert f'href="{my_award}"' in body and dashboard not in body
    client.force_login(program_admin)
    body = client.get(reverse("home")).content.decode()
    assert f'href="{dashboard}"' in body and my_award not in body
    client.force_login(nominee)
    body = client.get(reverse("home")).content.decode()
    assert my_award not in body and dashboard not in body


def test_program_admins_see_the_kits_waiting_to_be_shipped(program_admin, mvp, employee):
    assert "Award kits to ship" not in titles(program_admin)
    AwardKitFactory(award=mvp.awards.get(), shipping_address="Dublin", address_confirmed_at="2026-11-01T10:00Z")
    items = [item for item in attention_items_for(program_admin) if item.title == "Award kits to ship"]
    assert len(items) == 1 and items[0].count == 1 and items[0].url == reverse("directory:kit-list")  # the desk's page
    assert "Award kits to ship" not in titles(employee)
