"""Our credentials through an Open Badges 3.0 verifier we did not write
(openbadgeslib's ``OB3Verifier``, the library behind ``openbadges-verifier``):
the token baked into the PNG, its signature under the published key, the
OB 3.0 structure and registered claims, the dates, and the revocation status
list (whose own signature it checks too). Its fetches are answered by the
test client, as a verifier on the internet would be answered by the site."""

from datetime import date
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from joserfc.jwk import OKPKey
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from awards import credentials
from awards.models import AlumniCredential
from awards.services import alumni_credentials_issue, award_revoke
from tests.conftest import TODAY
from tests.factories import AwardFactory


@pytest.fixture
def verify(client):
    """Verify a token as openbadgeslib does, with the key from our JWKS."""
    (jwk,) = client.get(reverse("credentials:jwks")).json()["keys"]
    verifier = OB3Verifier(OKPKey.import_key(jwk).as_pem(private=False))

    def download(url: str) -> bytes:
        return client.get(urlparse(url).path).content

    return lambda token: verifier.verify(token, check_status=True, download=download)


def baked_token(client, credential_id) -> str:
    png = client.get(reverse("credentials:badge-png", args=[credential_id])).content
    return OB3Verifier.extract_token_from_png(png)


def test_openbadges_verifier_accepts_the_baked_badge_of_a_current_award(client, verify, mvp, expertise):
    award = mvp.awards.get()
    credential = verify(baked_token(client, award.credential_id))
    assert credential.id == f"urn:uuid:{award.credential_id}"
    assert credential.achievement.name == f"{expertise.name} MVP"
    assert credential.issuer.id == credentials.issuer_id()
    assert [i.identity_hash for i in credential.identifiers if i.identity_type == "name"] == ["Mia Mvp"]


def test_openbadges_verifier_refuses_an_expired_award(client, verify, expertise):
    award = AwardFactory(expertise=expertise, starts_on=date(2025, 7, 1))
    with pytest.raises(OB3VerificationError, match="expired"):
        verify(baked_token(client, award.credential_id))


def test_openbadges_verifier_refuses_a_revoked_award(client, verify, mvp, program_admin):
    award = mvp.awards.get()
    token = baked_token(client, award.credential_id)
    verify(token)
    award_revoke(award_id=award.pk, actor=program_admin, reason="Conduct.")
    with pytest.raises(OB3VerificationError, match="revocation"):
        verify(token)


def test_openbadges_verifier_accepts_an_alumni_credential(client, verify, expertise):
    AwardFactory(expertise=expertise, starts_on=date(2025, 7, 1))
    alumni_credentials_issue(today=TODAY)
    alumni = AlumniCredential.objects.get()
    assert verify(baked_token(client, alumni.credential_id)).achievement.name == "MVP Alumni"
