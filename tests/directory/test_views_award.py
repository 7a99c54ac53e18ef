"""The certificate PDF, the award kit and the "My award" page."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from directory.models import AwardKit
from directory.services import award_kit_ship
from tests.factories import AwardFactory, UserFactory
from tests.factories.directory import AwardKitFactory, NdaAcceptanceFactory, NdaVersionFactory


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_certificate_is_a_pdf_with_name_expertise_and_period(client, mvp, expertise):
    award = mvp.awards.get()
    client.force_login(mvp)
    response = client.get(reverse("directory:certificate", args=[award.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Mia Mvp" in text
    assert expertise.name in text
    assert "1 October 2026 to 30 September 2027" in text


def test_certificate_of_a_past_award_is_still_downloadable_by_its_holder(client, mvp, expertise):
    old = AwardFactory(user=mvp, expertise=expertise, starts_on=date(2025, 10, 1))
    client.force_login(mvp)
    response = client.get(reverse("directory:certificate", args=[old.pk]))
    assert "1 October 2025 to 30 September 2026" in pdf_text(response.content)


def test_certificate_of_someone_else_answers_404(client, mvp, outsider, program_admin):
    award = mvp.awards.get()
    other_mvp = UserFactory()
    AwardFactory(user=other_mvp)
    for person in (outsider, program_admin, other_mvp):
        client.force_login(person)
        assert client.get(reverse("directory:certificate", args=[award.pk])).status_code == 404
    assert client.get(reverse("directory:certificate", args=[999999])).status_code == 404


def test_certificate_needs_sign_in(client, mvp):
    response = client.get(reverse("directory:certificate", args=[mvp.awards.get().pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_my_award_asks_for_the_kit_address_then_shows_status(client, mvp):
    client.force_login(mvp)
    page = client.get(reverse("directory:my-award"))
    body = page.content.decode()
    assert "Waiting for your shipping address" in body
    assert reverse("directory:certificate", args=[mvp.awards.get().pk]) in body
    assert reverse("directory:nda") in body or "No NDA has been published yet" in body
    response = client.post(reverse("directory:kit-address"), {"shipping_address": "1 Quay Street\nDublin D02\nIreland"})
    assert response.status_code == 302
    kit = AwardKit.objects.get(award__user=mvp)
    assert kit.shipping_address == "1 Quay Street\nDublin D02\nIreland" and kit.address_confirmed_at
    body = client.get(reverse("directory:my-award")).content.decode()
    assert "Address confirmed; waiting to be shipped" in body
    assert "1 Quay Street" in body


def test_kit_address_form_errors_keep_the_page(client, mvp):
    client.force_login(mvp)
    response = client.post(reverse("directory:kit-address"), {"shipping_address": "   "})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not AwardKit.objects.filter(address_confirmed_at__isnull=False).exists()


def test_shipped_kit_shows_carrier_and_refuses_address_changes(client, mvp):
    kit = AwardKitFactory(award=mvp.awards.get())
    with pytest.raises(ValidationError):
        award_kit_ship(kit_id=kit.pk, shipped_on=date(2026, 11, 20), carrier="An Post")
    client.force_login(mvp)
    client.post(reverse("directory:kit-address"), {"shipping_address": "1 Quay Street, Dublin"})
    award_kit_ship(kit_id=kit.pk, shipped_on=date(2026, 11, 20), carrier="An Post", carrier_reference="RR123IE")
    body = client.get(reverse("directory:my-award")).content.decode()
    assert "Shipped on 20 November 2026 by An Post" in body and "RR123IE" in body
    assert 'name="shipping_address"' not in body
    response = client.post(reverse("directory:kit-address"), {"shipping_address": "Elsewhere"}, follow=True)
    assert "already been shipped" in response.content.decode()
    kit.refresh_from_db()
    assert kit.shipping_address == "1 Quay Street, Dublin"


def test_my_award_shows_nda_state(client, mvp):
    version = NdaVersionFactory(version="2026.7")
    client.force_login(mvp)
    assert (
        "Version 2026.7 of the NDA waits for your acceptance"
        in client.get(reverse("directory:my-award")).content.decode()
    )
    NdaAcceptanceFactory(user=mvp, version=version)
    body = client.get(reverse("directory:my-award")).content.decode()
    assert "You accepted the NDA, version 2026.7" in body
    assert reverse("directory:briefing-list") in body


def test_my_award_is_for_current_mvps_only(client, nominee, expertise):
    lapsed = UserFactory()
    AwardFactory(user=lapsed, expertise=expertise, starts_on=date(2025, 7, 1))
    for person in (nominee, lapsed):
        client.force_login(person)
        assert client.get(reverse("directory:my-award")).status_code == 403
        assert client.post(reverse("directory:kit-address"), {"shipping_address": "x"}).status_code == 403


@pytest.mark.parametrize("size", [1, 12])
def test_my_award_query_count_is_constant(client, mvp, expertise, django_assert_max_num_queries, size):
    for year in range(size):
        award = AwardFactory(user=mvp, expertise=expertise, starts_on=date(2025 - year, 10, 1))
        AwardKitFactory(award=award)
    client.force_login(mvp)
    # 11: with the renewal dossier the MVP may open early (one query while the window has linked none).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("directory:my-award"))
    assert len(response.context["awards"]) == size + 1


def assert_no_nested_forms(body: str) -> None:
    depth = 0
    for token in body.replace("</form>", "\x00").split("<form")[1:]:
        depth += 1
        assert depth == 1, "a <form> inside another <form>"
        depth -= token.count("\x00")


def test_forms_are_not_nested(client, mvp):
    NdaVersionFactory()
    client.force_login(mvp)
    for name in ("directory:my-award", "directory:nda"):
        body = client.get(reverse(name)).content.decode()
        assert 'method="post"' in body
        assert_no_nested_forms(body)


def test_certificate_renders_names_beyond_ascii(client, expertise):
    for name in ("Chloé Carré", "Ayşe Yılmaz"):
        person = UserFactory(display_name=name)
        award = AwardFactory(user=person, expertise=expertise)
        client.force_login(person)
        response = client.get(reverse("directory:certificate", args=[award.pk]))
        assert response.content.startswith(b"%PDF")
        text = pdf_text(response.content)
        assert "1 October 2026 to 30 September 2027" in text
        assert name in text  # the fonts ship with the app: no longer only where DejaVu is installed
