"""The admin pages of the directory app: lists, search and filters answer; shipping rules hold."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from directory.models import AwardKit, NdaVersion
from tests.factories.directory import AwardKitFactory, BriefingFactory, NdaAcceptanceFactory, NdaVersionFactory


@pytest.fixture
def admin_client_(client, program_admin):
    client.force_login(program_admin)
    return client


@pytest.mark.parametrize(
    ("model", "query"),
    [
        ("ndaversion", {"q": "2026"}),
        ("ndaacceptance", {"q": "mvp"}),
        ("briefing", {"q": "roadmap"}),
        ("awardkit", {"q": "Mia", "status": "ready_to_ship"}),
        ("awardkit", {"status": "address_needed"}),
        ("awardkit", {"status": "shipped"}),
    ],
)
def test_admin_lists_search_and_filter(admin_client_, mvp, model, query):
    version = NdaVersionFactory(version="2026.9")
    NdaAcceptanceFactory(user=mvp, version=version)
    BriefingFactory(title="Roadmap briefing")
    AwardKitFactory(
        award=mvp.awards.get(), shipping_address="Dublin", address_confirmed_at=datetime(2026, 11, 1, tzinfo=UTC)
    )
    response = admin_client_.get(reverse(f"admin:directory_{model}_changelist"), query)
    assert response.status_code == 200
    if model == "awardkit":
        expected = 1 if query["status"] == "ready_to_ship" else 0
        assert response.context["cl"].result_count == expected


def test_admin_publish_action_sets_published_at(admin_client_):
    draft = NdaVersionFactory(version="2027.1", published_at=None)
    admin_client_.post(
        reverse("admin:directory_ndaversion_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )
    assert NdaVersion.objects.get(pk=draft.pk).published_at is not None


def test_admin_refuses_shipping_before_the_address_is_confirmed(admin_client_, mvp):
    kit = AwardKitFactory(award=mvp.awards.get())
    response = admin_client_.post(
        reverse("admin:directory_awardkit_change", args=[kit.pk]),
        {"award": kit.award_id, "shipping_address": "", "shipped_on": "2026-11-20", "carrier": "DHL"},
    )
    assert response.status_code == 200  # the form comes back with the error
    assert AwardKit.objects.get(pk=kit.pk).shipped_on is None


def test_admin_records_shipping_and_the_mvp_is_told_once(admin_client_, mvp):
    from mvp_portal.notices.models import Notice

    kit = AwardKitFactory(
        award=mvp.awards.get(), shipping_address="Dublin", address_confirmed_at=datetime(2026, 11, 1, tzinfo=UTC)
    )
    data = {
        "award": kit.award_id,
        "shipping_address": "Dublin",
        "shipped_on": "2026-11-20",
        "carrier": "An Post",
        "carrier_reference": "RR1IE",
    }
    url = reverse("admin:directory_awardkit_change", args=[kit.pk])
    assert admin_client_.post(url, data).status_code == 302
    admin_client_.post(url, {**data, "carrier_reference": "RR2IE"})
    kit.refresh_from_db()
    assert kit.status == AwardKit.Status.SHIPPED and kit.carrier_reference == "RR2IE"
    notice = Notice.objects.get(recipient=mvp)
    assert "on its way" in notice.subject
    assert "RR1IE" in notice.body_text and "http://testserver/directory/my-award/" in notice.body_text
