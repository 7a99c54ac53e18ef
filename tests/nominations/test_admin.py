"""The admin of every nominations model: lists with search and filters answer."""

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, DossierFactory, InvitationFactory, NominationSupportFactory

MODELS = ["activitytype", "nomination", "nominationsupport", "invitation", "dossier", "activity", "dossierlogentry"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_searches(client, program_admin, model):
    ActivityFactory()
    NominationSupportFactory()
    InvitationFactory()
    client.force_login(program_admin)
    url = reverse(f"admin:nominations_{model}_changelist")
    response = client.get(url, {"q": "example"})
    assert response.status_code == 200
    assert 'id="changelist-search"' in response.content.decode()


def test_admin_activity_types_editable_by_program_admin(client, program_admin):
    from nominations.models import ActivityType

    client.force_login(program_admin)
    blog = ActivityType.objects.get(slug="blog-post")
    response = client.get(reverse("admin:nominations_activitytype_change", args=[blog.pk]))
    assert response.status_code == 200 and 'name="quantity_label"' in response.content.decode()


def test_nav_shows_the_lead_desk_to_leads_only(client, lead, nominee):
    client.force_login(lead)
    page = client.get("/").content.decode()
    assert "Lead desk" in page and "My dossiers" not in page  # a lead without a dossier of their own
    DossierFactory(owner=nominee)
    client.force_login(nominee)
    page = client.get("/").content.decode()
    assert "My dossiers" in page and "Lead desk" not in page


def _type_form(activity_type, **changes) -> dict:
    data = {
        "name": activity_type.name,
        "slug": activity_type.slug,
        "help_text": activity_type.help_text,
        "quantity_label": activity_type.quantity_label,
        "second_quantity_label": activity_type.second_quantity_label,
        "reach_label": activity_type.reach_label,
        "position": activity_type.position,
        "is_active": "on",
        "legacy_id": str(activity_type.legacy_id or ""),
        "aliases": "\n".join(activity_type.aliases),
        "AnnualQuantity": "second_quantity",
        "SecondAnnualQuantity": "",
        "AnnualReach": "quantity",
    }
    data.update(changes)
    return data


def test_admin_shows_the_legacy_vocabulary_of_a_type(client, program_admin):
    from nominations.models import ActivityType

    client.force_login(program_admin)
    mentorship = ActivityType.objects.get(slug="mentorship")
    page = client.get(reverse("admin:nominations_activitytype_change", args=[mentorship.pk])).content.decode()
    assert 'name="legacy_id"' in page and "f76464de-179a-e411-bbc8-6c3be5a82b68" in page
    assert '<textarea name="aliases"' in page and "Mentorship</textarea>" in page
    assert "AnnualReach: Number of Mentees" in page  # what the legacy numbers counted
    assert '<option value="quantity" selected>the first number (Mentees)</option>' in page


def test_admin_edits_aliases_one_per_line_and_the_number_mapping(client, program_admin):
    from nominations.models import ActivityType

    client.force_login(program_admin)
    mentorship = ActivityType.objects.get(slug="mentorship")
    url = reverse("admin:nominations_activitytype_change", args=[mentorship.pk])
    data = _type_form(mentorship, aliases="Mentorship\n  Coaching \n\nmentorship\n", AnnualQuantity="")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    mentorship.refresh_from_db()
    assert mentorship.aliases == ["Mentorship", "Coaching"]
    assert mentorship.legacy_quantities == {
        "AnnualQuantity": None,
        "SecondAnnualQuantity": None,
        "AnnualReach": "quantity",
    }


def test_admin_refuses_a_mapping_to_a_number_the_type_lacks_next_to_the_field(client, program_admin):
    from nominations.models import ActivityType

    client.force_login(program_admin)
    mentorship = ActivityType.objects.get(slug="mentorship")
    url = reverse("admin:nominations_activitytype_change", args=[mentorship.pk])
    response = client.post(url, _type_form(mentorship, SecondAnnualQuantity="reach"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "SecondAnnualQuantity goes to reach, but the type has no label for that number." in page
    # Blanking a label that a legacy number still goes to is refused too, not a 500.
    response = client.post(url, _type_form(mentorship, second_quantity_label=""))
    assert response.status_code == 200
    assert "AnnualQuantity goes to second_quantity, but the type has no label" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.second_quantity_label == "Mentorship activities"


def test_admin_refuses_an_alias_of_another_type_and_a_taken_legacy_id(client, program_admin):
    from nominations.models import ActivityType

    client.force_login(program_admin)
    mentorship = ActivityType.objects.get(slug="mentorship")
    url = reverse("admin:nominations_activitytype_change", args=[mentorship.pk])
    response = client.post(url, _type_form(mentorship, aliases="Mentorship\nSpeaking (Conference)"))
    assert response.status_code == 200
    assert "“Speaking (Conference)” already names the type" in response.content.decode()
    response = client.post(url, _type_form(mentorship, legacy_id="d16464de-179a-e411-bbc8-6c3be5a82b68"))
    assert (
        response.status_code == 200
        and "Activity type with this Legacy type id already exists." in response.content.decode()
    )
    response = client.post(url, _type_form(mentorship, legacy_id="not-a-guid"))
    assert response.status_code == 200 and "Enter a valid UUID." in response.content.decode()
