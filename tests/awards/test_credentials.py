"""Award credentials: what they say, their signature checked by a second,
independent implementation (PyJWT, where joserfc signs), revocation through
the status list, the baked PNG, the command, and the alumni credential."""

import base64
import gzip
import io
import json
import struct
from datetime import date

import jwt
import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from joserfc.jwk import OKPKey

from awards import credentials
from awards.models import AlumniCredential, Award
from awards.services import alumni_credentials_issue, award_revoke, awards_daily
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.notices.models import Notice
from tests.awards.conftest import bulk_awards
from tests.conftest import TODAY
from tests.factories import AwardCycleFactory, AwardFactory, UserFactory


# A verifier that shares no code with the signer ---------------------------------------
class Verification:
    """What an outside verifier concludes, from the published URLs only:
    the signature against the issuer's key set, the dates, the status list."""

    def __init__(self, client, token: str):
        self.client = client
        self.token = token

    def _key_for(self, token: str):
        header = jwt.get_unverified_header(token)
        keys = json.loads(self.client.get(reverse("credentials:jwks")).content)["keys"]
        (jwk,) = [key for key in keys if key["kid"] == header["kid"]]
        assert header["jwk"]["x"] == jwk["x"], "the header's key is not the issuer's published key"
        return jwt.PyJWK(jwk).key

    def _decode(self, token: str, **options) -> dict:
        return jwt.decode(token, self._key_for(token), algorithms=["EdDSA"], options=options)

    def _revoked(self, status: dict) -> bool:
        list_token = self.client.get(reverse("credentials:status-list")).content.decode()
        status_list = self._decode(list_token)
        assert status_list["id"] == status["statusListCredential"]
        assert status_list["credentialSubject"]["statusPurpose"] == status["statusPurpose"] == "revocation"
        encoded = status_list["credentialSubject"]["encodedList"]
        assert encoded.startswith("u")  # multibase base64url
        bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
        assert len(bits) * 8 >= 131_072
        index = int(status["statusListIndex"])
        return bool(bits[index // 8] & (0x80 >> (index % 8)))

    def result(self) -> str:
        try:
            claims = self._decode(self.token)
        except jwt.ExpiredSignatureError:
            return "expired"
        assert claims["iss"] == claims["issuer"]["id"]
        assert claims["jti"] == claims["id"]
        status = claims.get("credentialStatus")
        if status and self._revoked(status):
            return "revoked"
        return "valid"


def signed(award: Award) -> str:
    return credentials.sign(credentials.award_credential(award))


# What a credential says ----------------------------------------------------------------
def test_award_credential_names_the_achievement_holder_and_period(mvp, expertise):
    award = mvp.awards.get()
    credential = credentials.award_credential(award)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"] == [credentials.VC_CONTEXT, credentials.OB_CONTEXT]
    assert credential["id"] == f"urn:uuid:{award.credential_id}"
    assert credential["validFrom"] == "2026-10-01T00:00:00Z"
    assert credential["validUntil"] == "2027-10-01T00:00:00Z"  # the day after the last day held
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == f"{expertise.name} MVP"
    assert achievement["achievementType"] == "Award"
    identifiers = {i["identityType"]: i for i in credential["credentialSubject"]["identifier"]}
    assert identifiers["name"]["identityHash"] == "Mia Mvp"
    assert identifiers["emailAddress"]["hashed"] is True
    assert "mvp@example.org" not in json.dumps(credential)
    assert credential["credentialStatus"]["statusListIndex"] == str(award.pk)
    assert credential["issuer"]["id"].endswith(reverse("credentials:issuer"))


def test_valid_from_is_midnight_in_the_program_time_zone(settings, mvp):
    settings.PROGRAM_TIME_ZONE = "Europe/Berlin"
    credential = credentials.award_credential(mvp.awards.get())
    assert credential["validFrom"] == "2026-09-30T22:00:00Z"
    assert credential["validUntil"] == "2027-09-30T22:00:00Z"


# Independent verification ------------------------------------------------------------
def test_independent_verifier_accepts_a_current_award(client, mvp):
    assert Verification(client, signed(mvp.awards.get())).result() == "valid"


def test_independent_verifier_finds_an_expired_award_expired(client, expertise):
    award = AwardFactory(expertise=expertise, starts_on=date(2025, 7, 1))  # last day 30 June 2026
    assert Verification(client, signed(award)).result() == "expired"


def test_independent_verifier_finds_a_revoked_award_revoked(client, mvp, program_admin):
    award = mvp.awards.get()
    other = AwardFactory(expertise=award.expertise)
    token = signed(award)  # signed before: revocation needs no new token
    award_revoke(award_id=award.pk, actor=program_admin, reason="Paid consulting presented as community work.")
    assert Verification(client, token).result() == "revoked"
    assert Verification(client, signed(other)).result() == "valid"


def test_a_forged_credential_fails_the_independent_verifier(client, mvp):
    token = signed(mvp.awards.get())
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["achievement"]["name"] = "Forged MVP"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(jwt.InvalidSignatureError):
        Verification(client, f"{header}.{forged}.{signature}").result()


def test_a_token_signed_by_another_key_is_refused(client, mvp, settings):
    token = signed(mvp.awards.get())
    settings.CREDENTIALS_SIGNING_KEY = json.dumps(OKPKey.generate_key("Ed25519").as_dict(private=True))
    with pytest.raises(ValueError):  # its kid is no longer in the published key set
        Verification(client, token).result()


# The command --------------------------------------------------------------------------
def test_award_credential_command_prints_the_signed_credential(client, mvp):
    award = mvp.awards.get()
    out = io.StringIO()
    call_command("award_credential", str(award.pk), stdout=out)
    token = out.getvalue().strip()
    assert Verification(client, token).result() == "valid"
    assert jwt.decode(token, options={"verify_signature": False})["id"] == f"urn:uuid:{award.credential_id}"


def test_award_credential_command_refuses_an_unknown_award(db):
    with pytest.raises(CommandError, match="No award with id 424242"):
        call_command("award_credential", "424242")


# Baked PNG --------------------------------------------------------------------------
def png_itxt(png: bytes) -> dict[str, str]:
    """The PNG's iTXt chunks, read byte by byte (no imaging library)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = {}, 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        data = png[offset + 8 : offset + 8 + length]
        if kind == b"iTXt":
            keyword, rest = data.split(b"\0", 1)
            compressed, _method = rest[0], rest[1]
            _language, _translated, text = rest[2:].split(b"\0", 2)
            assert compressed == 0
            chunks[keyword.decode()] = text.decode()
        offset += 12 + length
    return chunks


def test_badge_png_has_the_signed_credential_baked_in(client, mvp):
    award = mvp.awards.get()
    response = client.get(reverse("credentials:badge-png", args=[award.credential_id]))
    assert response["Content-Type"] == "image/png"
    token = png_itxt(response.content)["openbadgecredential"]
    assert Verification(client, token).result() == "valid"


# Published documents --------------------------------------------------------------------
def test_status_list_marks_exactly_the_revoked_awards(client, expertise, program_admin):
    awards = [AwardFactory(expertise=expertise) for _ in range(3)]
    award_revoke(award_id=awards[1].pk, actor=program_admin, reason="Withdrawn.")
    token = client.get(reverse("credentials:status-list")).content.decode()
    encoded = jwt.decode(token, options={"verify_signature": False})["credentialSubject"]["encodedList"][1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    set_bits = {i for i in range(len(bits) * 8) if bits[i // 8] & (0x80 >> (i % 8))}
    assert set_bits == {awards[1].pk}


def test_status_list_grows_past_its_minimum_with_the_award_ids():
    assert credentials.status_list_length(10) == 131_072
    assert credentials.status_list_length(131_072) == 131_080
    assert credentials.encoded_status_list({131_079}, 131_080).startswith("u")


def test_issuer_profile_and_keys_are_published(client, db):
    profile = client.get(reverse("credentials:issuer")).json()
    assert profile["type"] == ["Profile"] and profile["id"] == credentials.issuer_id()
    (key,) = client.get(reverse("credentials:jwks")).json()["keys"]
    assert key["kty"] == "OKP" and key["crv"] == "Ed25519" and "d" not in key
    assert key["kid"] == credentials.key_id()


# Keys ------------------------------------------------------------------------------
def test_the_key_from_the_environment_signs(client, mvp, settings):
    key = OKPKey.generate_key("Ed25519")
    settings.CREDENTIALS_SIGNING_KEY = json.dumps(key.as_dict(private=True))
    token = signed(mvp.awards.get())
    assert jwt.get_unverified_header(token)["kid"].endswith("#" + key.thumbprint())
    assert jwt.decode(token, jwt.PyJWK(key.as_dict(private=False)).key, algorithms=["EdDSA"])


def test_a_pem_key_from_the_environment_signs(mvp, settings):
    key = OKPKey.generate_key("Ed25519")
    settings.CREDENTIALS_SIGNING_KEY = key.as_pem(private=True).decode()
    assert jwt.get_unverified_header(signed(mvp.awards.get()))["kid"].endswith("#" + key.thumbprint())


def test_credentials_signed_with_a_retired_key_keep_verifying(client, mvp, settings):
    old = OKPKey.generate_key("Ed25519")
    settings.CREDENTIALS_SIGNING_KEY = json.dumps(old.as_dict(private=True))
    token = signed(mvp.awards.get())
    settings.CREDENTIALS_SIGNING_KEY = json.dumps(OKPKey.generate_key("Ed25519").as_dict(private=True))
    settings.CREDENTIALS_RETIRED_PUBLIC_KEYS = [old.as_dict(private=True)]  # pasted whole: published without "d"
    keys = client.get(reverse("credentials:jwks")).json()["keys"]
    assert len(keys) == 2 and not any("d" in key for key in keys)
    assert Verification(client, token).result() == "valid"


def test_without_a_key_in_production_signing_fails_loudly(mvp, settings):
    settings.CREDENTIALS_SIGNING_KEY = ""
    settings.CREDENTIALS_SIGNING_KEY_FILE = None
    with pytest.raises(ImproperlyConfigured, match="CREDENTIALS_SIGNING_KEY"):
        signed(mvp.awards.get())


def test_a_local_key_is_generated_once_under_its_file(mvp, settings, tmp_path):
    settings.CREDENTIALS_SIGNING_KEY = ""
    settings.CREDENTIALS_SIGNING_KEY_FILE = tmp_path / "var" / "key.jwk"
    first = credentials.key_id()
    assert (tmp_path / "var" / "key.jwk").stat().st_mode & 0o777 == 0o600
    credentials._key_from.cache_clear()
    assert credentials.key_id() == first


# Revocation ----------------------------------------------------------------------
def test_revoking_needs_a_reason_and_happens_once(mvp, program_admin):
    award = mvp.awards.get()
    with pytest.raises(ValidationError) as error:
        award_revoke(award_id=award.pk, actor=program_admin, reason="  ")
    assert "reason" in error.value.message_dict
    revocation = award_revoke(award_id=award.pk, actor=program_admin, reason="Conduct.")
    assert (revocation.revoked_by, revocation.reason) == (program_admin, "Conduct.")
    with pytest.raises(ValidationError, match="already revoked"):
        award_revoke(award_id=award.pk, actor=program_admin, reason="Again.")


def test_a_revoked_award_no_longer_makes_its_holder_an_mvp(mvp, program_admin):
    award = mvp.awards.get()
    award_revoke(award_id=award.pk, actor=program_admin, reason="Conduct.")
    assert not Award.objects.held_on(TODAY).filter(user=mvp).exists()


# Alumni ----------------------------------------------------------------------------
@pytest.fixture
def lapsed(expertise):
    """Held an award from 1 October 2025 to 30 September 2026; its renewal cycle is announced."""
    AwardCycleFactory(award_date=date(2026, 10, 1), state=AwardCycle.State.ANNOUNCED)
    person = UserFactory(display_name="Lars Lapsed", email="lars@example.org")
    AwardFactory(user=person, expertise=expertise, starts_on=date(2024, 10, 1))
    AwardFactory(user=person, expertise=expertise, starts_on=date(2025, 10, 1))
    return person


def test_daily_run_issues_the_alumni_credential_of_a_lapsed_award_once(lapsed, mvp):
    run = awards_daily(today=TODAY)
    assert run.alumni_credentials_issued == 1
    alumni = AlumniCredential.objects.get()
    assert (alumni.user, alumni.first_award_on, alumni.alumnus_since) == (lapsed, date(2024, 10, 1), date(2026, 10, 1))
    assert awards_daily(today=TODAY).alumni_credentials_issued == 0
    assert AlumniCredential.objects.count() == 1
    (notice,) = Notice.objects.filter(to_email=lapsed.email)
    assert notice.subject == "Your MVP alumni credential"
    assert reverse("credentials:verify", args=[alumni.credential_id]) in notice.body_text


def test_a_renewed_mvp_gets_no_alumni_credential(mvp, expertise):
    AwardFactory(user=mvp, expertise=expertise, starts_on=date(2025, 10, 1))  # renewed on 1 October 2026
    assert alumni_credentials_issue(today=TODAY) == 0


def test_no_alumni_credential_while_the_renewal_cycle_is_still_announcing(expertise):
    AwardCycleFactory(award_date=date(2026, 10, 1), state=AwardCycle.State.ANNOUNCING)
    AwardFactory(expertise=expertise, starts_on=date(2025, 10, 1))
    assert alumni_credentials_issue(today=TODAY) == 0


def test_a_revoked_award_earns_no_alumni_credential(expertise, program_admin):
    AwardCycleFactory(award_date=date(2026, 10, 1), state=AwardCycle.State.ANNOUNCED)
    award = AwardFactory(expertise=expertise, starts_on=date(2025, 10, 1))
    award_revoke(award_id=award.pk, actor=program_admin, reason="Conduct.")
    assert alumni_credentials_issue(today=TODAY) == 0


def test_alumni_credential_verifies_independently(client, lapsed):
    alumni_credentials_issue(today=TODAY)
    alumni = AlumniCredential.objects.get()
    credential = credentials.alumni_credential(alumni)
    assert credential["credentialSubject"]["achievement"]["name"] == "MVP Alumni"
    assert credential["validFrom"] == "2026-10-01T00:00:00Z" and "validUntil" not in credential
    assert Verification(client, credentials.sign(credential)).result() == "valid"


@pytest.mark.parametrize("size", [5, 500])
def test_alumni_issue_queries_do_not_grow_with_the_lapsed(expertise, django_assert_num_queries, size):
    bulk_awards(size, starts_on=date(2025, 7, 1), expertise=expertise, prefix="lapsed")
    with django_assert_num_queries(5):  # lapsed, pending cycles, insert, read back, the notices
        assert alumni_credentials_issue(today=TODAY) == size
    with django_assert_num_queries(1):
        assert alumni_credentials_issue(today=TODAY) == 0


# The Django admin shows revocations and alumni credentials, and edits neither ---------------
@pytest.mark.parametrize("model", ["awardrevocation", "alumnicredential"])
def test_admin_lists_credentials_read_only(client, program_admin, lapsed, mvp, model):
    award_revoke(award_id=mvp.awards.get().pk, actor=program_admin, reason="Conduct.")
    alumni_credentials_issue(today=TODAY)
    client.force_login(program_admin)
    response = client.get(reverse(f"admin:awards_{model}_changelist"), {"q": "a"})
    assert response.status_code == 200 and response.context["cl"].result_count == 1
    assert client.get(reverse(f"admin:awards_{model}_add")).status_code == 403
