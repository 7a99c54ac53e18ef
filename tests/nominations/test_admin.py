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
