"""The credentials' public pages, the links to them, and revoking an award on
the admin desk."""

import json
from datetime import date
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from django.urls import reverse

from awards.models import AwardRevocation
from awards.services import alumni_credentials_issue, award_revoke
from mvp_portal.accounts.selectors import is_mvp_on
from tests.conftest import TODAY
from tests.factories import AwardFactory, UserFactory


def verify_url(award) -> str:
    return reverse("credentials:verify", args=[award.credential_id])


def test_verification_page_says_valid_and_offers_downloads_and_linkedin(client, mvp, expertise):
    award = mvp.awards.get()
    page = client.get(verify_url(award)).content.decode()
    assert "Valid" in page and "Mia Mvp" in page and f"{expertise.name} MVP" in page
    for name in ("badge-png", "credential-jwt", "credential-json", "verification-json"):
        assert reverse(f"credentials:{name}", args=[award.credential_id]) in page
    assert "https://www.linkedin.com/profile/add?" in page


def test_linkedin_link_carries_the_credential(client, mvp, expertise):
    award = mvp.awards.get()
    response = client.get(verify_url(award))
    url = response.context["linkedin_url"]
    query = parse_qs(urlparse(url).query)
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["name"] == [f"{expertise.name} MVP"]
    assert query["organizationName"] == ["MVP Program"]
    assert (query["issueYear"], query["issueMonth"]) == (["2026"], ["10"])
    assert (query["expirationYear"], query["expirationMonth"]) == (["2027"], ["9"])  # held until 30 September
    assert query["certId"] == [str(award.credential_id)]
    assert query["certUrl"][0].endswith(verify_url(award))


def test_verification_of_an_expired_award_says_expired_in_words_and_json(client, expertise):
    award = AwardFactory(expertise=expertise, starts_on=date(2025, 7, 1))
    assert "Expired" in client.get(verify_url(award)).content.decode()
    result = client.get(reverse("credentials:verification-json", args=[award.credential_id])).json()
    assert (result["status"], result["valid"], result["checked_on"]) == ("expired", False, TODAY.isoformat())


def test_verification_of_a_revoked_award_says_revoked_without_the_reason(client, mvp, program_admin):
    award = mvp.awards.get()
    award_revoke(award_id=award.pk, actor=program_admin, reason="Secret internal reason.")
    response = client.get(verify_url(award))
    page = response.content.decode()
    assert "Revoked" in page and "Secret internal reason" not in page
    assert response.context["linkedin_url"] is None
    result = client.get(reverse("credentials:verification-json", args=[award.credential_id])).json()
    assert result["status"] == "revoked" and result["revoked_at"]
    assert "Secret internal reason" not in json.dumps(result)


def test_verification_json_of_a_valid_award(client, mvp):
    award = mvp.awards.get()
    result = client.get(reverse("credentials:verification-json", args=[award.credential_id])).json()
    assert (result["status"], result["valid"]) == ("valid", True)
    assert result["credential"]["id"] == f"urn:uuid:{award.credential_id}"


def test_downloads_are_the_credential_as_json_and_signed(client, mvp):
    award = mvp.awards.get()
    as_json = client.get(reverse("credentials:credential-json", args=[award.credential_id]))
    assert as_json["Content-Disposition"].startswith("attachment;")
    token = client.get(reverse("credentials:credential-jwt", args=[award.credential_id]))
    assert token["Content-Type"] == "application/vc+jwt"
    claims = jwt.decode(token.content.decode(), options={"verify_signature": False})
    assert {k: v for k, v in claims.items() if k not in ("iss", "jti", "nbf", "exp")} == json.loads(as_json.content)


def test_an_unknown_credential_answers_404(client, db):
    missing = "00000000-0000-4000-8000-000000000000"
    for name in ("verify", "verification-json", "credential-json", "credential-jwt", "badge-png"):
        assert client.get(reverse(f"credentials:{name}", args=[missing])).status_code == 404


def test_alumni_credential_has_a_verification_page(client, expertise):
    person = UserFactory(display_name="Lars Lapsed")
    AwardFactory(user=person, expertise=expertise, starts_on=date(2025, 7, 1))
    alumni_credentials_issue(today=TODAY)
    alumni = person.alumni_credential
    page = client.get(reverse("credentials:verify", args=[alumni.credential_id])).content.decode()
    assert "MVP Alumni" in page and "Lars Lapsed" in page and "Valid" in page


def test_public_profile_links_to_the_credential(client, mvp):
    page = client.get(reverse("directory:profile", args=[mvp.pk])).content.decode()
    assert verify_url(mvp.awards.get()) in page


def test_my_award_page_links_to_each_credential(client, mvp, expertise):
    old = AwardFactory(user=mvp, expertise=expertise, starts_on=date(2025, 10, 1))
    client.force_login(mvp)
    page = client.get(reverse("directory:my-award")).content.decode()
    assert verify_url(mvp.awards.get(starts_on=date(2026, 10, 1))) in page
    assert verify_url(old) in page


@pytest.mark.parametrize("size", [1, 10])
def test_verification_page_queries_are_flat(client, expertise, django_assert_num_queries, size):
    for _ in range(size):
        AwardFactory(expertise=expertise)
    award = AwardFactory(expertise=expertise)
    with django_assert_num_queries(1):
        client.get(verify_url(award))


# Revoking on the admin desk ------------------------------------------------------------
def revoke_url(award) -> str:
    return reverse("desks:award-revoke", args=[award.pk])


def test_verification_page_offers_revocation_to_program_admins_only(client, mvp, program_admin, lead):
    award = mvp.awards.get()
    assert revoke_url(award) not in client.get(verify_url(award)).content.decode()
    client.force_login(lead)
    assert revoke_url(award) not in client.get(verify_url(award)).content.decode()
    client.force_login(program_admin)
    assert revoke_url(award) in client.get(verify_url(award)).content.decode()


def test_admin_revokes_an_award_after_confirming(client, mvp, program_admin):
    award = mvp.awards.get()
    client.force_login(program_admin)
    assert "Revoke the award" in client.get(revoke_url(award)).content.decode()
    reason = "Paid consulting presented as community work."
    response = client.post(revoke_url(award), {"reason": reason, "confirm": "on"})
    assert response.status_code == 302 and response.url == verify_url(award)
    revocation = AwardRevocation.objects.get(award=award)
    assert (revocation.revoked_by, revocation.reason) == (program_admin, "Paid consulting presented as community work.")
    assert "Revoked" in client.get(verify_url(award)).content.decode()
    # The desk page now shows the audit record instead of the form.
    page = client.get(revoke_url(award)).content.decode()
    assert "Paid consulting presented as community work." in page and "Ada Admin" in page


def test_revocation_without_confirmation_keeps_the_input_and_revokes_nothing(client, mvp, program_admin):
    award = mvp.awards.get()
    client.force_login(program_admin)
    response = client.post(revoke_url(award), {"reason": "Conduct."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tick the box to confirm the revocation." in page and "Conduct." in page
    assert not AwardRevocation.objects.exists()


def test_revocation_without_a_reason_is_refused_next_to_the_field(client, mvp, program_admin):
    client.force_login(program_admin)
    response = client.post(revoke_url(mvp.awards.get()), {"reason": "", "confirm": "on"})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    assert not AwardRevocation.objects.exists()


def test_a_revoked_mvp_leaves_the_directory(client, mvp, program_admin):
    award_revoke(award_id=mvp.awards.get().pk, actor=program_admin, reason="Conduct.")
    assert client.get(reverse("directory:profile", args=[mvp.pk])).status_code == 404


def test_a_revoked_mvp_loses_the_perks_and_may_no_longer_nominate(client, mvp, program_admin):
    award = mvp.awards.get()
    award_revoke(award_id=award.pk, actor=program_admin, reason="Conduct.")
    mvp.refresh_from_db()
    assert not is_mvp_on(mvp, TODAY)
    assert not award.covers(TODAY)
    client.force_login(mvp)
    assert client.get(reverse("directory:my-award")).status_code == 403


def test_machine_readable_documents_are_open_to_verifiers_on_any_origin(client, mvp):
    award = mvp.awards.get()
    for name, args in [
        ("credentials:issuer", []),
        ("credentials:jwks", []),
        ("credentials:status-list", []),
        ("credentials:verification-json", [award.credential_id]),
        ("credentials:credential-jwt", [award.credential_id]),
    ]:
        assert client.get(reverse(name, args=args))["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get(verify_url(award))
