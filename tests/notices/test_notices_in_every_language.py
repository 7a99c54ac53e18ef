"""Each notice template, sent once in each of the program's languages through
a real SMTP server: what arrives has its subject and body in that language,
not the English words.

Every template with a ``_subject.txt`` under ``templates/<app>/emails/`` is
found on disk, so a new notice is covered without touching this test. One
context serves them all: each template reads the names it needs from it.
"""

from datetime import date
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from mvp_portal.notices.services import _render, notice_enqueue, notice_send
from tests.conftest import NOON_TODAY, TODAY
from tests.factories import AwardFactory, DossierFactory, ExpertiseFactory, NominationFactory, UserFactory
from tests.factories.directory import AwardKitFactory, NdaVersionFactory
from tests.support.smtp import text_body

TEMPLATES = Path(settings.BASE_DIR) / "templates"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# The outbox's own test template ("Test notice 1") exists for the worker's tests, not for people.
NOT_FOR_PEOPLE = {"notices/emails/test"}
NOTICES = sorted(
    name
    for path in TEMPLATES.glob("*/emails/*_subject.txt")
    if (name := str(path.relative_to(TEMPLATES)).removesuffix("_subject.txt")) not in NOT_FOR_PEOPLE
)


@pytest.fixture
def smtp_mail(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return smtp_server.inbox


@pytest.fixture
def context(db) -> dict:
    from directory.models import Summit

    expertise = ExpertiseFactory(name="Azure", slug="azure-notices")
    person = UserFactory(display_name="Aiko Tanaka", email="aiko@example.org")
    lead = UserFactory(display_name="Lena Lead", email="lena@example.org")
    award = AwardFactory(user=person, expertise=expertise, starts_on=date(2026, 10, 1))
    nomination = NominationFactory(nominee_name="Aiko Tanaka", expertise=expertise)
    dossier = DossierFactory(owner=person, expertise=expertise)
    nda = NdaVersionFactory(version="2026.notices")
    summit = Summit.objects.create(
        name="MVP Summit 2027",
        place="Redmond",
        starts_on=date(2027, 3, 10),
        ends_on=date(2027, 3, 12),
        capacity=2,
        registration_opens_on=date(2026, 11, 1),
        registration_closes_on=date(2027, 2, 1),
        nda_version=nda,
    )
    kit = AwardKitFactory(
        award=award,
        shipping_address="1-1 Chiyoda, Tokyo",
        address_confirmed_at=NOON_TODAY,
        shipped_on=TODAY,
        carrier="DHL",
        carrier_reference="JD0123",
    )
    return {
        "user": person,
        "owner": person,
        "evaluator": person,
        "mvp_name": person.display_name,
        "mvp_email": person.email,
        "assigned_by": lead,
        "returned_by": lead,
        "award": award,
        "kit": kit,
        "summit": summit,
        "nomination": nomination,
        "dossier": dossier,
        "dossiers": [dossier, dossier],
        "expertise": expertise.name,
        "previous_expertise": expertise.name,
        "link": "https://portal.example.org/link",
        "credential_url": "https://portal.example.org/credential",
        "dossier_url": "/nominations/dossiers/1/",
        "message": "Bitte / please: 例 / مثال",
        "due_on": date(2026, 12, 12),
        "alumnus_since": date(2026, 10, 1),
        "starts_on": date(2027, 1, 1),
        "ends_on": date(2027, 12, 31),
        "previous_ends_on": date(2026, 12, 31),
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 12, 31),
        "renewal_date": date(2027, 1, 1),
        "award_date": date(2027, 1, 1),
        "from_date": date(2026, 10, 1),
        "deadline": date(2027, 2, 18),
        "submission_deadline": date(2026, 11, 20),
        "time_zone": "UTC",
        "days": 7,
        "counted": 3,
        "valid_for_days": 14,
        "not_submitted": False,
        "feedback": "",
    }


def test_every_notice_template_is_found():
    assert len(NOTICES) > 20 and "nominations/emails/invitation" in NOTICES


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_notice_arrives_in_the_language(smtp_mail, context, language):
    mail.outbox = []
    recipient = UserFactory(display_name="Recipient", email=f"recipient-{language}@example.org", language=language)
    wrong = {}
    for number, template in enumerate(NOTICES):
        english_subject, english_text, _html = _render(template, {"recipient": recipient, **context}, language="en")
        notice = notice_enqueue(
            key=f"i18n:{language}:{number}", to=recipient, template=template, context=context, language=language
        )
        assert notice.language == language
        assert notice_send(notice.pk) == "sent"
        received = smtp_mail.wait_for(lambda m, key=notice.key: m["X-Notice-Key"] == key)[0]
        subject = str(received["Subject"])
        subject = str(make_header(decode_header(subject)))
        body = text_body(received)
        if subject != notice.subject or subject == english_subject or not subject.strip():
            wrong[template] = f"subject {subject!r} (English {english_subject!r})"
        elif body.strip() == english_text.strip():
            wrong[template] = "body is the English text"
    assert wrong == {}
