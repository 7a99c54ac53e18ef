"""The mapping between the portal's vocabulary and the Microsoft MVP API's (``nominations/legacy.py``).

Checked against what the real API and its clients said: the 2022 OpenAPI
definition and the API's own answers of 2021 and 2022 (vendored in
``tests/fixtures/legacy``, see its README), and every name in
``nominations/legacy_data.py``.
"""

import importlib
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from django.apps import apps
from openapi_schema_validator import OAS30Validator, oas30_format_checker

from mvp_portal.accounts.models import Expertise
from nominations import legacy
from nominations.legacy import LegacyVocabulary
from nominations.legacy_data import LEGACY_AREAS, LEGACY_TYPES, listed_in_2022
from nominations.models import MAX_METRIC, Activity, ActivityType
from tests.factories import ActivityFactory, DossierFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "legacy"
DEFINITION = json.loads((FIXTURES / "MVP_Production_2022.openapi.json").read_text(encoding="utf-8"))


def real_answer(name: str):
    # The API's answers are Latin-1 (a raw 0xA0 ends one area name): read them as they were sent.
    return json.loads((FIXTURES / name).read_bytes().decode("latin-1"))


def real_areas(name: str) -> list[dict]:
    return [
        area for group in real_answer(name) for award in group["Contributions"] for area in award["ContributionArea"]
    ]


def schema_errors(instance, schema_name: str) -> list[str]:
    """What the 2022 definition's schema ``schema_name`` finds wrong with ``instance``."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": DEFINITION["components"]}
    validator = OAS30Validator(schema, format_checker=oas30_format_checker)
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(instance)]


TYPES_2022 = real_answer("ContributionTypesResponse_2022.json")
AREAS_2022 = real_areas("ContributionAreasResponse_2022.json")
AREAS_2021 = real_areas("ContributionAreasResponse_2021.json")
TYPE_NAMES = sorted({name for entry in LEGACY_TYPES for name in (entry.name, *entry.older_names)})
TYPE_IDS = sorted({entry.id for entry in LEGACY_TYPES if entry.id})
AREA_NAMES = sorted({name for entry in LEGACY_AREAS for name in (entry.name, *entry.older_names)})
AREA_IDS = sorted({entry.id for entry in LEGACY_AREAS if entry.id})


def _run(module: str, function: str) -> None:
    getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def vocabulary(db) -> LegacyVocabulary:
    """The shipped reference data and its legacy mapping (data migrations, re-run if a flush removed them)."""
    if not Expertise.objects.filter(name="PowerShell").exists():
        _run("mvp_portal.accounts.migrations.0002_reference_data", "load")
    if not Expertise.objects.exclude(legacy_ids=[]).exists():
        _run("mvp_portal.accounts.migrations.0004_legacy_contribution_areas", "load")
    if not ActivityType.objects.filter(slug="speaking").exists():
        _run("nominations.migrations.0002_activity_types", "create_types")
    if not ActivityType.objects.exclude(legacy_id=None).exists():
        _run("nominations.migrations.0006_legacy_activity_types", "load")
    return LegacyVocabulary.load()


def slug_of(value, vocabulary) -> str | None:
    found = vocabulary.activity_type(value)
    return found.slug if found else None


# The data ---------------------------------------------------------------------------------------------------
def test_the_catalogue_holds_every_real_type_and_area():
    assert {t["Id"]: t["Name"] for t in TYPES_2022} == {
        entry.id: entry.name for entry in LEGACY_TYPES if listed_in_2022(entry.seen_in)
    }
    assert len(TYPES_2022) == 24 and len(AREAS_2022) == 118 and len(AREAS_2021) == 116
    catalogue = {entry.id for entry in LEGACY_AREAS if listed_in_2022(entry.seen_in)}
    assert catalogue == {area["Id"] for area in AREAS_2022}
    assert {area["Id"] for area in AREAS_2021} <= set(AREA_IDS)


def test_shipped_types_and_expertises_pass_their_own_validation(vocabulary):
    for item in [*vocabulary.types, *vocabulary.expertises]:
        item.full_clean()


def test_every_legacy_area_id_belongs_to_exactly_one_expertise(vocabulary):
    owners = {}
    for expertise in vocabulary.expertises:
        for legacy_id in expertise.legacy_ids:
            assert legacy_id not in owners, f"{legacy_id} is claimed by {owners.get(legacy_id)} and {expertise}"
            owners[legacy_id] = expertise
    assert set(owners) == set(AREA_IDS)
    assert Expertise.objects.count() == 92


def test_every_labelled_number_of_a_shipped_type_has_a_legacy_number(vocabulary):
    for activity_type in vocabulary.types:
        mapping = legacy.legacy_quantity_map(activity_type)
        for field, label_field in ActivityType.METRIC_FIELDS.items():
            if getattr(activity_type, label_field):
                assert field in mapping.values(), f"{activity_type}: {field} is never read"


def test_new_types_for_work_ours_lacked(vocabulary):
    for slug, legacy_id in [
        ("site-owner", "fb6464de-179a-e411-bbc8-6c3be5a82b68"),
        ("conference-staffing", "f16464de-179a-e411-bbc8-6c3be5a82b68"),
        ("workshop-volunteer", "0ee0dc15-0304-e911-8171-3863bb2bca60"),
    ]:
        assert str(ActivityType.objects.get(slug=slug).legacy_id) == legacy_id
    assert ActivityType.objects.count() == 19


# Resolving types ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", TYPE_NAMES)
def test_every_legacy_type_name_resolves(vocabulary, name):
    assert vocabulary.activity_type(name) is not None


@pytest.mark.parametrize("legacy_id", TYPE_IDS)
def test_every_legacy_type_id_resolves_in_any_spelling(vocabulary, legacy_id):
    found = vocabulary.activity_type(legacy_id)
    assert found is not None
    for spelling in (
        legacy_id.upper(),
        "{" + legacy_id + "}",
        f" {{{legacy_id.upper()}}}\u00a0",
        f"urn:uuid:{legacy_id}",
    ):
        assert vocabulary.activity_type(spelling) == found
    entry = next(e for e in LEGACY_TYPES if e.id == legacy_id)
    for name in (entry.name, *entry.older_names):
        assert vocabulary.activity_type(name) == found, name  # a type's names and its id agree


# Each legacy type of 2022, and what it is in the portal (own type, or alias of one of ours).
DECIDED = {
    "Article": "article",
    "Blog/Website Post": "blog-post",
    "Book (Author)": "book",
    "Book (Co-Author)": "book",
    "Conference (Staffing)": "conference-staffing",
    "Docs.Microsoft.com Contribution": "documentation",
    "Forum Moderator": "forum-moderator",
    "Forum Participation (3rd Party forums)": "forum-answers",
    "Forum Participation (Microsoft Forums)": "forum-answers",
    "Mentorship": "mentorship",
    "Microsoft Open Source Projects": "open-source",
    "Non-Microsoft Open Source Projects": "open-source",
    "Organizer (User Group/Meetup/Local Events)": "user-group",
    "Organizer of Conference": "conference-organizer",
    "Other": "other",
    "Product Group Feedback": "product-feedback",
    "Sample Code/Projects/Tools": "open-source",
    "Site Owner": "site-owner",
    "Speaking (Conference)": "speaking",
    "Speaking (User Group/Meetup/Local events)": "speaking",
    "Technical Social Media (Twitter, Facebook, LinkedIn...)": "social-media",
    "Translation Review, Feedback and Editing": "translation-review",
    "Video/Webcast/Podcast": "video",
    "Workshop/Volunteer/Proctor": "workshop-volunteer",
}


@pytest.mark.parametrize("real", TYPES_2022, ids=lambda t: t["Name"])
def test_the_real_2022_types_resolve_as_decided(vocabulary, real):
    assert slug_of(real["Id"], vocabulary) == DECIDED[real["Name"]]
    assert slug_of(real["Name"], vocabulary) == DECIDED[real["Name"]]
    assert slug_of(real["EnglishName"], vocabulary) == DECIDED[real["Name"]]


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("Blog Site Posts", "blog-post"),  # 2017, same GUID
        ("Conference (organizer)", "conference-organizer"),  # 2017, same GUID
        ("Open Source Project(s)", "open-source"),  # 2017, same GUID
        ("Blog/WebSite Post", "blog-post"),  # the web portal's spelling
        ("  forum participation (3RD PARTY FORUMS)\u00a0", "forum-answers"),
        ("Speaking (User Group / Meetup / Local events)", "speaking"),
        ("Technical Social Media (Twitter, Facebook, LinkedIn…)", "social-media"),
        ("Blog or website post", "blog-post"),  # our name
        ("forum-answers", "forum-answers"),  # our slug
        ("SPEAKING", "speaking"),
        ("No such thing", None),
        ("", None),
        ("   ", None),
        (None, None),
        (17, None),
        ("00000000-0000-0000-0000-000000000000", None),
    ],
)
def test_type_spellings(vocabulary, written, slug):
    assert slug_of(written, vocabulary) == slug


def test_a_type_without_legacy_id_is_reachable_by_its_portal_id(vocabulary):
    created = ActivityType.objects.create(slug="hackathon", name="Hackathon mentor", quantity_label="Events")
    vocabulary = LegacyVocabulary.load()
    shown = legacy.type_to_legacy(created)
    assert shown == {
        "Id": str(legacy.portal_id("type", "hackathon")),
        "Name": "Hackathon mentor",
        "EnglishName": "Hackathon mentor",
    }
    assert vocabulary.activity_type(shown["Id"]) == created
    assert shown in vocabulary.contribution_types()


def test_an_admin_can_give_a_merged_legacy_type_its_own_type(vocabulary):
    speaking_ug = "d56464de-179a-e411-bbc8-6c3be5a82b68"
    own = ActivityType.objects.create(
        slug="speaking-user-group", name="Speaking at a user group", quantity_label="Talks", legacy_id=speaking_ug
    )
    assert LegacyVocabulary.load().activity_type(speaking_ug) == own


def test_activity_type_for_loads_what_it_needs(vocabulary, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert legacy.activity_type_for("Mentorship").slug == "mentorship"


# Resolving expertises ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("real", AREAS_2022, ids=lambda a: a["Name"])
def test_every_area_of_the_real_2022_answer_resolves(vocabulary, real):
    by_id = vocabulary.expertise(real["Id"])
    assert by_id is not None
    assert vocabulary.expertise(real["Name"]) == by_id  # the raw name, stray spaces and all
    assert real["Id"] in by_id.legacy_ids


@pytest.mark.parametrize("real", AREAS_2021, ids=lambda a: a["Name"])
def test_every_area_of_the_real_2021_answer_resolves(vocabulary, real):
    assert vocabulary.expertise(real["Name"]) == vocabulary.expertise(real["Id"]) is not None


@pytest.mark.parametrize("name", AREA_NAMES)
def test_every_legacy_area_name_resolves(vocabulary, name):
    assert vocabulary.expertise(name) is not None


@pytest.mark.parametrize("legacy_id", AREA_IDS)
def test_every_legacy_area_id_resolves_in_any_spelling(vocabulary, legacy_id):
    found = vocabulary.expertise(legacy_id)
    assert found is not None
    assert vocabulary.expertise("{" + legacy_id.upper() + "}") == found
    entry = next(e for e in LEGACY_AREAS if e.id == legacy_id)
    for name in (entry.name, *entry.older_names):
        assert vocabulary.expertise(name) == found, name


@pytest.mark.parametrize(
    ("written", "expertise"),
    [
        ("Azure SQL (Database, Pools, Serverless, Hyperscale, Managed Instance, Virtual Machines)\u00a0", "Azure SQL"),
        ("SQL Server Machine Learning Services (R, Python)", "SQL Server"),  # SelMVP's single space
        ("Github & Azure DevOps", "Azure DevOps"),  # SelMVP's case
        ("GitHub and Azure DevOps", "Azure DevOps"),
        ("Visual Studio ALM", "Azure DevOps"),  # the same GUID in 2017
        ("Distributed App Runtime (Dapr), Open App Model(OAM), Open Service Mesh(OSM)", "Azure Kubernetes Service"),
        ("Windows Server for Small and Medium Business", "Windows Server"),
        ("javascript / typescript", "TypeScript"),
        ("Azure Cognitive Search", "Azure AI Search"),
        ("Power Virtual Agents", "Copilot Studio"),
        ("Endpoint Manager", "Intune"),
        ("Microsoft Intune", "Intune"),
        ("Xamarin", ".NET MAUI"),
        ("Dynamics NAV", "Business Central"),
        ("Cognitive Toolkit", "Azure Machine Learning"),  # a 2018 name no source gives an id for
        ("Azure Active Directory", "Microsoft Entra ID"),  # a common variant
        (".NET", ".NET"),
        ("dotnet", ".NET"),  # our slug
        ("C#", "C#"),
        ("C++", "C++"),
        ("Visual C++", "C++"),
        ("F#", "F#"),
        ("Semantic Kernel", "Semantic Kernel"),
        ("Cobol", None),
        ("", None),
    ],
)
def test_area_spellings(vocabulary, written, expertise):
    found = vocabulary.expertise(written)
    assert (found.name if found else None) == expertise


def test_without_the_mapping_most_legacy_areas_are_unknown(vocabulary):
    """What the aliases and legacy ids add: by our own names alone, few of the 118 areas are recognised."""
    bare = [Expertise(name=e.name, slug=e.slug, category=e.category) for e in vocabulary.expertises]
    by_name_only = LegacyVocabulary(types=[], expertises=bare)
    recognised = [area["Name"] for area in AREAS_2022 if by_name_only.expertise(area["Name"]) is not None]
    assert len(recognised) < 40
    assert all(vocabulary.expertise(area["Name"]) is not None for area in AREAS_2022)


def test_inactive_expertises_lose_to_active_ones_but_still_resolve(vocabulary):
    Expertise.objects.filter(name="Storage Spaces").update(is_active=False)
    vocabulary = LegacyVocabulary.load()
    assert vocabulary.expertise("Storage").name == "Storage Spaces"
    areas = [
        a["Name"] for g in vocabulary.contribution_areas() for c in g["Contributions"] for a in c["ContributionArea"]
    ]
    assert "Storage" not in areas and "Storage Spaces" not in areas


# Numbers -----------------------------------------------------------------------------------------------------
def test_mentorship_mentees_come_from_annual_reach(vocabulary):
    mentorship = vocabulary.activity_type("Mentorship")
    fields, warnings = legacy.quantities_from_legacy(
        mentorship, annual_quantity="12", second_annual_quantity="0", annual_reach=3
    )
    assert fields == {"quantity": 3, "second_quantity": 12, "reach": None} and warnings == []
    assert mentorship.quantity_label == "Mentees" and mentorship.second_quantity_label == "Mentorship activities"


def test_mentorship_without_mentees_is_raised_to_one_with_a_warning(vocabulary):
    fields, warnings = legacy.quantities_from_legacy(
        vocabulary.activity_type("Mentorship"), annual_quantity=12, second_annual_quantity=0, annual_reach=0
    )
    assert fields == {"quantity": 1, "second_quantity": 12, "reach": None}
    assert warnings == ["Mentees (AnnualReach) was 0; it was raised to 1, the least an activity counts."]


def test_a_number_the_type_does_not_have_is_dropped_with_a_warning(vocabulary):
    fields, warnings = legacy.quantities_from_legacy(
        vocabulary.activity_type("Translation Review, Feedback and Editing"), annual_quantity="4", annual_reach="250"
    )
    assert fields == {"quantity": 4, "second_quantity": None, "reach": None}
    assert warnings == ["AnnualReach 250 was left out: the type “Translation and content review” has no such number."]


def test_quantity_zero_is_raised_to_one_with_a_warning(vocabulary):
    fields, warnings = legacy.quantities_from_legacy(
        vocabulary.activity_type("Article"), annual_quantity="0", second_annual_quantity="0", annual_reach="0"
    )
    assert fields == {"quantity": 1, "second_quantity": None, "reach": None}
    assert warnings == ["Articles (AnnualQuantity) was 0; it was raised to 1, the least an activity counts."]
    fields, warnings = legacy.quantities_from_legacy(vocabulary.activity_type("Article"))
    assert fields["quantity"] == 1
    assert warnings == ["Articles (AnnualQuantity) was not given; it was set to 1, the least an activity counts."]


@pytest.mark.parametrize(
    ("given", "kept", "warning"),
    [
        ("7", 7, None),
        (" 7 ", 7, None),
        ("+7", 7, None),
        (7.0, 7, None),
        ("7.00", 7, None),
        ("1,200", 1200, None),
        ("1 200", 1200, None),
        ("1\u202f200", 1200, None),
        (True, None, "AnnualReach “True” is not a whole number; it was left out."),
        (7.5, None, "AnnualReach “7.5” is not a whole number; it was left out."),
        (float("nan"), None, "AnnualReach “nan” is not a whole number; it was left out."),
        ("seven", None, "AnnualReach “seven” is not a whole number; it was left out."),
        ("1,20", None, "AnnualReach “1,20” is not a whole number; it was left out."),
        (-3, None, "AnnualReach -3 is negative; it was left out."),
        ("-3", None, "AnnualReach -3 is negative; it was left out."),
        (
            MAX_METRIC + 1,
            None,
            f"AnnualReach {MAX_METRIC + 1} is larger than the portal can store ({MAX_METRIC}); it was left out.",
        ),
        (
            "9" * 40,
            None,
            f"AnnualReach {'9' * 40} is larger than the portal can store ({MAX_METRIC}); it was left out.",
        ),
        (
            "9" * 4301,  # past what int() reads
            None,
            f"AnnualReach {'9' * 40}… is larger than the portal can store ({MAX_METRIC}); it was left out.",
        ),
        (
            "1,000" + ",000" * 1500,
            None,
            f"AnnualReach {('1,000' + ',000' * 9)[:40]}… is larger than the portal can store ({MAX_METRIC}); "
            "it was left out.",
        ),
        (None, None, None),
        ("", None, None),
    ],
)
def test_legacy_numbers_are_read_leniently_and_refused_loudly(vocabulary, given, kept, warning):
    fields, warnings = legacy.quantities_from_legacy(
        vocabulary.activity_type("Article"), annual_quantity=1, annual_reach=given
    )
    assert fields["reach"] == kept
    assert warnings == ([warning] if warning else [])


def test_two_legacy_numbers_for_one_of_ours_prefer_annual_reach(vocabulary):
    feedback = vocabulary.activity_type("Product Group Feedback")
    # The web portal wrote feedbacks to SecondAnnualQuantity; the API-era apps to AnnualReach: both are read.
    assert legacy.quantities_from_legacy(feedback, annual_quantity=2, second_annual_quantity=9)[0] == {
        "quantity": 9,
        "second_quantity": 2,
        "reach": None,
    }
    fields, warnings = legacy.quantities_from_legacy(
        feedback, annual_quantity=2, second_annual_quantity=9, annual_reach=5
    )
    assert fields == {"quantity": 5, "second_quantity": 2, "reach": None}
    assert warnings == ["SecondAnnualQuantity 9 was left out: Feedback items was taken from AnnualReach (5)."]


def test_a_type_without_a_mapping_maps_by_position():
    plain = ActivityType(slug="x", name="X", quantity_label="Items", second_quantity_label="", reach_label="Reach")
    assert legacy.legacy_quantity_map(plain) == {
        "AnnualQuantity": "quantity",
        "SecondAnnualQuantity": None,
        "AnnualReach": "reach",
    }


@pytest.mark.parametrize("slug", sorted(DECIDED.values()))
def test_every_shipped_type_keeps_its_numbers_through_the_legacy_shape(vocabulary, slug):
    activity_type = ActivityType.objects.get(slug=slug)
    activity = Activity(
        activity_type=activity_type,
        quantity=3,
        second_quantity=40 if activity_type.second_quantity_label else None,
        reach=500 if activity_type.reach_label else None,
    )
    numbers = legacy.quantities_to_legacy(activity)
    fields, warnings = legacy.quantities_from_legacy(
        activity_type,
        annual_quantity=numbers["AnnualQuantity"],
        second_annual_quantity=numbers["SecondAnnualQuantity"],
        annual_reach=numbers["AnnualReach"],
    )
    assert warnings == []
    assert fields == {"quantity": 3, "second_quantity": activity.second_quantity, "reach": activity.reach}


def test_mentorship_goes_out_with_mentees_in_annual_reach(vocabulary):
    activity = Activity(activity_type=ActivityType.objects.get(slug="mentorship"), quantity=4, second_quantity=10)
    assert legacy.quantities_to_legacy(activity) == {"AnnualQuantity": 10, "SecondAnnualQuantity": 0, "AnnualReach": 4}


# Visibility --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "ours"),
    [
        (299600000, "public"),
        ("299600000", "public"),
        ("Everyone", "public"),
        ("EveryOne", "public"),  # the PowerShell module's spelling
        ({"Id": 299600000, "Description": "Everyone", "LocalizeKey": "PublicVisibilityText"}, "public"),
        ({"Id": None, "Description": "everyone"}, "public"),
        (100000000, "private"),
        ("Microsoft", "private"),
        ("Microsoft Only", "private"),
        (100000001, "private"),
        ("MVP Community", "private"),
        ({"id": "100000001"}, "private"),
        ({"LocalizeKey": "PublicVisibilityText"}, "public"),
        ("public", "public"),
        ("private", "private"),
        (42, None),
        ("Friends", None),
        (None, None),
        (True, None),
    ],
)
def test_visibility_from_legacy(given, ours):
    assert legacy.visibility_from_legacy(given) == ours


def test_visibility_to_legacy():
    assert legacy.visibility_to_legacy("public") == {
        "Id": 299600000,
        "Description": "Everyone",
        "LocalizeKey": "PublicVisibilityText",
    }
    assert legacy.visibility_to_legacy("private")["Id"] == 100000000
    for visibility in ("public", "private"):
        assert schema_errors(legacy.visibility_to_legacy(visibility), "VisibilityViewModel") == []


def test_sharing_preferences_are_the_three_legacy_ones():
    preferences = legacy.legacy_sharing_preferences()
    assert [p["Id"] for p in preferences] == [100000000, 100000001, 299600000]
    assert schema_errors(preferences, "VisibilityViewModelArray") == []
    assert {legacy.visibility_from_legacy(p) for p in preferences} == {"public", "private"}


# Dates -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "day"),
    [
        ("2026/03/14", date(2026, 3, 14)),  # the PowerShell module
        ("2026-03-14", date(2026, 3, 14)),
        ("2026-03-14T01:30:00.1234567-05:00", date(2026, 3, 14)),  # MVP Companion: the local date, not UTC's
        ("2026-03-14T23:30:00+14:00", date(2026, 3, 14)),
        ("2026-03-14T00:00:00", date(2026, 3, 14)),
        ("2026-03-14T12:00:00Z", date(2026, 3, 14)),
        ("2026-03-14 08:15", date(2026, 3, 14)),
        ("2026-3-4", date(2026, 3, 4)),
        (datetime(2026, 3, 14, 23, 0, tzinfo=timezone(timedelta(hours=-5))), date(2026, 3, 14)),
        (date(2026, 3, 14), date(2026, 3, 14)),
        ("2026-02-30", None),
        ("14/03/2026", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (20260314, None),
    ],
)
def test_parse_legacy_date(given, day):
    assert legacy.parse_legacy_date(given) == day


def test_start_dates_go_out_at_noon_utc():
    assert legacy.format_legacy_date(date(2026, 3, 14)) == "2026-03-14T12:00:00Z"


# Whole contributions -----------------------------------------------------------------------------------------
@pytest.fixture
def activity(vocabulary):
    dossier = DossierFactory(expertise=Expertise.objects.get(name="PowerShell"))
    return ActivityFactory(
        dossier=dossier,
        activity_type=ActivityType.objects.get(slug="mentorship"),
        title="Mentoring new PowerShell contributors",
        started_on=date(2026, 3, 14),
        url="https://example.org/mentoring",
        description="Weekly sessions",
        expertise=Expertise.objects.get(name="Hyper-V"),
        quantity=4,
        second_quantity=12,
        reach=None,
        visibility=Activity.Visibility.PRIVATE,
    )


def test_contribution_to_legacy_has_the_2022_shape(activity):
    shown = legacy.contribution_to_legacy(activity)
    assert shown == {
        "ContributionId": activity.pk,
        "ContributionTypeName": "Mentorship",
        "ContributionType": {
            "Id": "f76464de-179a-e411-bbc8-6c3be5a82b68",
            "Name": "Mentorship",
            "EnglishName": "Mentorship",
        },
        "ContributionTechnology": {
            "Id": "9ec301bb-189a-e411-93f2-9cb65495d3c4",
            "Name": "Hyper-V",
            "AwardName": "Cloud and Datacenter Management",
            "AwardCategory": "My Awarded Category",
        },
        "AdditionalTechnologies": [],
        "StartDate": "2026-03-14T12:00:00Z",
        "Title": "Mentoring new PowerShell contributors",
        "ReferenceUrl": "https://example.org/mentoring",
        "Visibility": {"Id": 100000000, "Description": "Microsoft", "LocalizeKey": "MicrosoftVisibilityText"},
        "AnnualQuantity": 12,
        "SecondAnnualQuantity": 0,
        "AnnualReach": 4,
        "Description": "Weekly sessions",
        "IsEditable": True,
    }
    assert schema_errors(shown, "ContributionsModel") == []
    assert set(shown) == set(DEFINITION["components"]["schemas"]["ContributionsModel"]["properties"])


def test_contribution_to_legacy_never_sends_null_strings(vocabulary):
    bare = ActivityFactory(activity_type=ActivityType.objects.get(slug="other"), url="", description="", expertise=None)
    shown = legacy.contribution_to_legacy(bare)
    assert schema_errors(shown, "ContributionsModel") == []
    assert shown["ReferenceUrl"] == "" and shown["Description"] == ""
    # No technology area of its own: the dossier's expertise (a test one, without a legacy id).
    assert shown["ContributionTechnology"]["Name"] == bare.dossier.expertise.name
    assert vocabulary.expertise(shown["ContributionTechnology"]["Id"]) is None  # made after the vocabulary
    assert LegacyVocabulary.load().expertise(shown["ContributionTechnology"]["Id"]) == bare.dossier.expertise


def test_round_trip_activity_to_legacy_and_back(activity, vocabulary):
    fields, warnings = legacy.contribution_from_legacy(legacy.contribution_to_legacy(activity), vocabulary=vocabulary)
    assert warnings == []
    assert fields == {
        "activity_type": activity.activity_type,
        "expertise": activity.expertise,
        "title": activity.title,
        "started_on": activity.started_on,
        "url": activity.url,
        "description": activity.description,
        "visibility": activity.visibility,
        "quantity": activity.quantity,
        "second_quantity": activity.second_quantity,
        "reach": activity.reach,
    }


def test_what_the_powershell_module_posts(vocabulary):
    """New-MVPContribution: quantities as strings, StartDate yyyy/MM/dd, names looked up from the lists."""
    body = {
        "ContributionId": 0,
        "ContributionTypeName": "Mentorship",
        "ContributionType": {
            "Id": "f76464de-179a-e411-bbc8-6c3be5a82b68",
            "Name": "Mentorship",
            "EnglishName": "Mentorship",
        },
        "ContributionTechnology": {
            "Id": "7cc301bb-189a-e411-93f2-9cb65495d3c4",
            "Name": "PowerShell",
            "AwardName": "Cloud and Datacenter Management",
            "AwardCategory": "My Awarded Category",
        },
        "StartDate": "2026/03/14",
        "Title": "Mentoring",
        "ReferenceUrl": "https://github.com/lazywinadmin/MVP",
        "Visibility": {"Id": 299600000, "Description": "Everyone", "LocalizeKey": "PublicVisibilityText"},
        "AnnualQuantity": "6",
        "SecondAnnualQuantity": "0",
        "AnnualReach": "2",
        "Description": "Description sample",
    }
    fields, warnings = legacy.contribution_from_legacy(body, vocabulary=vocabulary)
    assert warnings == []
    assert fields["activity_type"].slug == "mentorship" and fields["expertise"].name == "PowerShell"
    assert (fields["quantity"], fields["second_quantity"], fields["reach"]) == (2, 6, None)  # 2 mentees
    assert fields["started_on"] == date(2026, 3, 14) and fields["visibility"] == "public"


def test_what_mvp_companion_posts(vocabulary):
    """Explicit nulls, ContributionId null, a 7-digit fraction and an offset, additional technologies."""
    body = {
        "ContributionId": None,
        "ContributionTypeName": None,
        "ContributionType": {"Id": "d56464de-179a-e411-bbc8-6c3be5a82b68", "Name": None, "EnglishName": None},
        "ContributionTechnology": {
            "Id": None,
            "Name": "Azure Kubernetes, Container Instances, Docker",
            "AwardName": None,
        },
        "AdditionalTechnologies": [
            {"Id": "7cc301bb-189a-e411-93f2-9cb65495d3c4", "Name": "PowerShell"},
            {"Id": None, "Name": "Azure Functions"},
        ],
        "StartDate": "2026-03-14T01:30:00.1234567-05:00",
        "Title": "Containers at the local meetup",
        "ReferenceUrl": None,
        "Visibility": {"Id": 100000001, "Description": "MVP Community", "LocalizeKey": None},
        "AnnualQuantity": 1,
        "SecondAnnualQuantity": None,
        "AnnualReach": 45,
        "Description": None,
        "IsEditable": None,
    }
    fields, warnings = legacy.contribution_from_legacy(body, vocabulary=vocabulary)
    assert fields["activity_type"].slug == "speaking" and fields["expertise"].name == "Azure Kubernetes Service"
    assert fields["started_on"] == date(2026, 3, 14)
    assert (fields["url"], fields["description"], fields["visibility"]) == ("", "", "private")
    assert (fields["quantity"], fields["reach"]) == (1, 45)
    assert warnings == ["Additional technology areas ignored (an activity has one): PowerShell, Azure Functions."]


def test_a_bulk_upload_row_in_lower_case_with_names(vocabulary):
    """The PowerShell module's bulk-upload CSV: lower-case keys, names instead of ids, EveryOne."""
    row = {
        "startdate": "2017-12-01",
        "title": "Test1",
        "description": "Some content",
        "referenceurl": "https://github.com/lazywinadmin/MVP",
        "AnnualQuantity": "1",
        "SecondAnnualQuantity": "0",
        "AnnualReach": "0",
        "Visibility": "EveryOne",
        "ContributionType": "Blog Site Posts",
        "ContributionTechnology": "PowerShell",
    }
    fields, warnings = legacy.contribution_from_legacy(row, vocabulary=vocabulary)
    assert fields["activity_type"].slug == "blog-post" and fields["expertise"].name == "PowerShell"
    assert (fields["title"], fields["visibility"], fields["quantity"]) == ("Test1", "public", 1) and warnings == []


def test_unknown_technology_area_is_a_warning_and_none(vocabulary):
    fields, warnings = legacy.contribution_from_legacy(
        {
            "ContributionType": "Article",
            "ContributionTechnology": {"Id": "11111111-2222-3333-4444-555555555555", "Name": "Cobol"},
            "AnnualQuantity": 1,
        },
        vocabulary=vocabulary,
    )
    assert fields["expertise"] is None
    assert warnings == ["Technology area “Cobol” was not found; the dossier's expertise is used."]


def test_unknown_or_missing_type_and_bad_values_are_warnings(vocabulary):
    fields, warnings = legacy.contribution_from_legacy(
        {
            "ContributionType": {"Id": None, "Name": "Hackathon"},
            "StartDate": "soon",
            "Visibility": 7,
            "AnnualQuantity": 2,
        },
        vocabulary=vocabulary,
    )
    assert fields["activity_type"] is None and fields["started_on"] is None and fields["visibility"] == "private"
    assert warnings == [
        "“Hackathon” is not a contribution type the portal knows.",
        "StartDate “soon” is not a date.",
        "Visibility “7” is not one the portal knows; the activity is kept private.",
    ]
    fields, warnings = legacy.contribution_from_legacy(
        {
            "ContributionType": {"Id": "11111111-2222-3333-4444-555555555555"},
            "ContributionTypeName": "Webcast",
            "Visibility": {"Id": None, "Description": "Friends"},
        },
        vocabulary=vocabulary,
    )
    assert fields["activity_type"].slug == "video"  # an unknown id, a known name beside it
    assert "Visibility “Friends” is not one the portal knows; the activity is kept private." in warnings
    fields, warnings = legacy.contribution_from_legacy({}, vocabulary=vocabulary)
    assert fields["activity_type"] is None and fields["title"] == "" and fields["quantity"] == 1
    assert warnings[0] == "No contribution type was given."
    fields, warnings = legacy.contribution_from_legacy(["not", "an", "object"], vocabulary=vocabulary)
    assert warnings[0] == "This is not a contribution object; nothing could be read from it."


# The lists ---------------------------------------------------------------------------------------------------
def test_contribution_types_have_the_2022_shape_and_names(vocabulary):
    types = legacy.contribution_types_legacy(vocabulary)
    assert schema_errors(types, "ContributionTypeModelArray") == []
    assert types == sorted(TYPES_2022, key=lambda t: t["Name"].casefold())  # exactly the real answer
    for entry in types:
        assert set(entry) == set(DEFINITION["components"]["schemas"]["ContributionTypeModel"]["properties"])


def test_contribution_areas_have_the_real_answers_shape(vocabulary):
    areas = legacy.contribution_areas_legacy(vocabulary, awarded_category="Cloud and Datacenter Management")
    real = real_answer("ContributionAreasResponse_2022.json")
    assert [set(group) for group in areas] == [set(group) for group in real]
    assert [group["AwardCategory"] for group in areas] == ["My Awarded Category", "Other Award Category"]
    assert [c["AwardName"] for c in areas[0]["Contributions"]] == ["Cloud and Datacenter Management"]
    real_award, real_area = real[0]["Contributions"][0], real[0]["Contributions"][0]["ContributionArea"][0]
    flat = []
    for group in areas:
        for award in group["Contributions"]:
            assert set(award) == set(real_award)
            for area in award["ContributionArea"]:
                assert set(area) == set(real_area) and schema_errors(area, "ContributionTechnologyModel") == []
                assert area["AwardName"] == award["AwardName"] and area["AwardCategory"] == group["AwardCategory"]
                flat.append(area)
    ids = [area["Id"] for area in flat]
    assert len(ids) == len(set(ids))
    shown = {area["Id"]: area["Name"] for area in flat}
    for real_area in AREAS_2022:  # every real area, under its own id and (trimmed) name
        assert shown[real_area["Id"]] == real_area["Name"].replace("\xa0", " ").strip()
    for expertise in vocabulary.expertises:  # and every expertise is reachable
        assert legacy.technology_to_legacy(expertise)["Id"] in shown
        assert vocabulary.expertise(legacy.technology_to_legacy(expertise)["Id"]) == expertise


def test_an_expertise_shows_under_its_first_legacy_id(vocabulary):
    shown = legacy.technology_to_legacy(
        Expertise.objects.get(name="Azure Kubernetes Service"), awarded_category="Azure"
    )
    assert shown == {
        "Id": "e003f4ef-066b-e511-810b-fc15b428ced0",
        "Name": "Azure Kubernetes, Container Instances, Docker",
        "AwardName": "Azure",
        "AwardCategory": "My Awarded Category",
    }
    # A first legacy id the 2022 API did not list shows our name.
    assert legacy.technology_to_legacy(Expertise.objects.get(name="Visual Studio Code"))["Name"] == "Visual Studio Code"
    assert legacy.technology_to_legacy(Expertise.objects.get(name="Semantic Kernel"))["Id"] == str(
        legacy.portal_id("expertise", "semantic-kernel")
    )


# Cost --------------------------------------------------------------------------------------------------------
def _rows(count: int) -> list[dict]:
    types = [t["Name"] for t in TYPES_2022] + [t["Id"].upper() for t in TYPES_2022]
    areas = [a["Name"] for a in AREAS_2022] + ["{" + a["Id"] + "}" for a in AREAS_2022]
    return [
        {
            "ContributionType": {"Id": None, "Name": types[n % len(types)]},
            "ContributionTechnology": areas[n % len(areas)],
            "StartDate": "2026/03/14",
            "Title": f"Row {n}",
            "Visibility": "Everyone",
            "AnnualQuantity": str(n % 5),
            "AnnualReach": n,
        }
        for n in range(count)
    ]


@pytest.mark.parametrize("count", [200, 2000])
def test_resolving_rows_costs_two_queries_whatever_their_number(vocabulary, django_assert_num_queries, count):
    rows = _rows(count)
    with django_assert_num_queries(2):
        loaded = LegacyVocabulary.load()
        results = [legacy.contribution_from_legacy(row, vocabulary=loaded) for row in rows]
    assert all(fields["activity_type"] is not None and fields["expertise"] is not None for fields, _ in results)


def test_contribution_to_legacy_costs_no_query_once_selected(activity, django_assert_num_queries):
    selected = Activity.objects.select_related("activity_type", "expertise", "dossier__expertise").get(pk=activity.pk)
    with django_assert_num_queries(0):
        legacy.contribution_to_legacy(selected)
