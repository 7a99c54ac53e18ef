"""Reference data in the reader's language: expertises, activity types and the
rubric, with English as the fallback and the legacy names untouched."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from evaluations.models import Criterion
from mvp_portal.accounts.models import Expertise
from mvp_portal.notices.models import Notice
from mvp_portal.notices.services import notice_enqueue
from mvp_portal.translated import in_language, translated
from nominations.models import ActivityType
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    AwardFactory,
    DossierFactory,
    ExpertiseFactory,
    UserFactory,
)

GERMAN = {"name": "Virtuelle Testmaschine", "category": "Wolke"}
DIRECTORY = reverse("directory:directory")


@pytest.fixture
def translated_expertise(db):
    return ExpertiseFactory(
        name="Virtual Test Machine",
        slug="virtual-test-machine",
        category="Cloud",
        translations={"de": GERMAN, "ja": {"name": "仮想テストマシン", "category": ""}},
    )


@pytest.fixture
def talk_type(db):
    return ActivityTypeFactory(
        slug="test-talk",
        name="Test talk",
        quantity_label="Talks",
        reach_label="Attendees",
        translations={"de": {"name": "Testvortrag", "quantity_label": "Vorträge", "reach_label": "Teilnehmende"}},
    )


@pytest.fixture
def mvp(translated_expertise, talk_type):
    person = UserFactory(display_name="Mira Sprachen", country="DE")
    AwardFactory(user=person, expertise=translated_expertise, starts_on=date(2026, 10, 1))
    dossier = DossierFactory(
        owner=person,
        expertise=translated_expertise,
        award_date=date(2027, 10, 1),
        period_start=date(2026, 9, 1),
        period_end=date(2027, 8, 31),
    )
    ActivityFactory(
        dossier=dossier, activity_type=talk_type, title="Talk at the user group", started_on=date(2026, 10, 20)
    )
    return person


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request in German leaves German active in this thread (LocaleMiddleware
    activates, nothing resets): the next test starts in English again."""
    yield
    translation.activate("en")


# The accessor -------------------------------------------------------------------
def test_the_active_language_else_english(translated_expertise):
    with translation.override("de"):
        assert translated_expertise.local_name == str(translated_expertise) == "Virtuelle Testmaschine"
        assert translated_expertise.local_category == "Wolke"
    with translation.override("ja"):
        assert translated_expertise.local_name == "仮想テストマシン"
        assert translated_expertise.local_category == "Cloud"  # empty: English
    with translation.override("fr"):
        assert translated_expertise.local_name == "Virtual Test Machine"  # missing: English
    assert translated_expertise.local_name == translated_expertise.name == "Virtual Test Machine"
    assert in_language(translated_expertise, "name", "de-at") == "Virtuelle Testmaschine"
    assert translated(None, "name", "English") == "English"


def test_the_admin_is_told_what_is_wrong_with_translations(translated_expertise):
    translated_expertise.translations = {"xx": {"name": "?"}, "de": {"slug": "x"}, "fr": "Machine"}
    with pytest.raises(ValidationError) as raised:
        translated_expertise.full_clean()
    problems = " ".join(raised.value.message_dict["translations"])
    assert "Unknown language 'xx'" in problems and "'slug' is not translated" in problems and "fr:" in problems


def test_the_migrations_translate_the_reference_data(db):
    """Every type's name and labels in the eight languages; generic expertise words
    translated, product names kept; the default rubric."""
    languages = {"de", "es", "fr", "ja", "ko", "pt-br", "zh-hans", "ar"}
    for activity_type in ActivityType.objects.all():
        assert set(activity_type.translations) == languages, activity_type
        for texts in activity_type.translations.values():
            for field in ("name", "quantity_label", "second_quantity_label", "reach_label", "help_text"):
                assert bool(texts.get(field)) == bool(getattr(activity_type, field)), (activity_type, field)
    for criterion in Criterion.objects.all():
        assert set(criterion.translations) == languages, criterion
        assert all(texts["name"] and texts["guidance"] for texts in criterion.translations.values()), criterion
    with translation.override("de"):
        blog = ActivityType.objects.get(slug="blog-post")
        assert (blog.local_name, blog.local_quantity_label) == ("Blog- oder Website-Beitrag", "Beiträge")
        machine = Expertise.objects.get(name="Virtual Machine")
        assert (machine.local_name, machine.local_category) == (
            "Virtuelle Maschine",
            "Cloud- und Rechenzentrumsverwaltung",
        )
        assert Expertise.objects.get(name="Power BI").local_name == "Power BI"
        assert Criterion.objects.get(name="Impact").local_name == "Wirkung"
    with translation.override("ar"):
        assert Expertise.objects.get(name="Game Development").local_name == "تطوير الألعاب"


def test_lookups_and_legacy_names_stay_english(db):
    """The English columns are what the legacy API and the import match against, in any language."""
    with translation.override("de"):
        assert ActivityType.objects.get(name="Blog or website post").slug == "blog-post"
        assert Expertise.objects.filter(name="Virtual Machine").exists()
        assert not Expertise.objects.filter(name="Virtuelle Maschine").exists()


# Pages --------------------------------------------------------------------------
def test_a_german_profile_shows_german_names(client, mvp):
    url = reverse("directory:profile", args=[mvp.pk])
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Virtuelle Testmaschine" in german and "Wolke" in german and "Testvortrag" in german
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Virtual Test Machine" in english and "Test talk" in english
    assert "Virtuelle Testmaschine" not in english and "Testvortrag" not in english
    # Served again from the cache, each visitor still gets their own language.
    assert "Virtuelle Testmaschine" in client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Virtuelle Testmaschine" not in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_nominee_reading_german_sees_german_types_and_areas(client, mvp):
    """A signed-in page follows the account's language: the dossier's area, the
    type of each activity and its metric labels."""
    mvp.language = "de"
    mvp.save(update_fields=["language"])
    client.force_login(mvp)
    dossier = mvp.dossiers.get()
    body = client.get(reverse("nominations:dossier-detail", args=[dossier.pk])).content.decode()
    assert "Virtuelle Testmaschine" in body and "Testvortrag" in body and "Vorträge" in body
    assert "Virtual Test Machine" not in body and "Test talk" not in body


def test_the_cached_directory_is_per_language(client, mvp, django_assert_num_queries):
    for language, shown, hidden in (
        ("de", "Virtuelle Testmaschine", "Virtual Test Machine"),
        ("en", "Virtual Test Machine", "Virtuelle Testmaschine"),
    ):
        first = client.get(DIRECTORY, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        with django_assert_num_queries(0):
            again = client.get(DIRECTORY, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        for body in (first, again):
            assert shown in body and hidden not in body, language
    assert "Wolke" in client.get(DIRECTORY, HTTP_ACCEPT_LANGUAGE="de").content.decode()  # the facet's group


def test_untranslated_falls_back_to_english(client, mvp, translated_expertise):
    translated_expertise.translations = {"de": {"name": "", "category": ""}}
    translated_expertise.save()  # also makes the cached public pages stale
    body = client.get(reverse("directory:profile", args=[mvp.pk]), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Virtual Test Machine" in body and "Cloud" in body and "Virtuelle Testmaschine" not in body


def test_the_activity_form_labels_its_metrics_in_german(client, talk_type):
    from nominations.forms import ActivityForm

    with translation.override("de"):
        form = ActivityForm(today=date(2026, 11, 28), types=[talk_type], initial={"activity_type": talk_type.pk})
        assert form.fields["quantity"].label == "Vorträge"
        assert form.fields["reach"].label == "Teilnehmende"
        assert (talk_type.pk, "Testvortrag") in form.fields["activity_type"].choices


# E-mails ------------------------------------------------------------------------
def test_a_mail_names_the_expertise_in_the_recipients_language(db, translated_expertise):
    german = UserFactory(language="de")
    english = UserFactory(language="en")
    for person in (german, english):
        notice_enqueue(
            key=f"test:awarded:{person.pk}",
            to=person,
            template="awards/emails/result_awarded",
            context={"expertise": translated_expertise, "starts_on": "", "ends_on": ""},
        )
    assert "Virtuelle Testmaschine" in Notice.objects.get(key=f"test:awarded:{german.pk}").subject
    assert "Virtual Test Machine" in Notice.objects.get(key=f"test:awarded:{english.pk}").subject


# The admin ----------------------------------------------------------------------
def test_an_admin_edits_the_translations(client, program_admin, translated_expertise):
    admin_client = client
    admin_client.force_login(program_admin)
    url = reverse("admin:accounts_expertise_change", args=[translated_expertise.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="translations"' in page and "Virtuelle Testmaschine" in page
    data = {
        "name": translated_expertise.name,
        "slug": translated_expertise.slug,
        "category": translated_expertise.category,
        "is_active": "on",
        "legacy_ids": "",
        "aliases": "",
        "translations": '{"de": {"name": "Testmaschine", "category": "Wolke"}}',
    }
    assert admin_client.post(url, data).status_code == 302
    translated_expertise.refresh_from_db()
    assert translated_expertise.translations == {"de": {"name": "Testmaschine", "category": "Wolke"}}
    response = admin_client.post(url, {**data, "translations": '{"klingon": {"name": "?"}}'})
    assert response.status_code == 200 and "Unknown language" in response.content.decode()
