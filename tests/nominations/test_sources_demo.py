"""The sources part of ``seed_demo``: the demo nominee has a connected feed with suggestions waiting."""

from django.core.management import call_command
from django.urls import reverse

from mvp_portal.accounts.models import User
from nominations.models import SourceConnection, Suggestion
from tests.conftest import TODAY


def test_the_demo_nominee_has_a_connected_feed_and_pending_suggestions(client, db):
    call_command("seed_demo", mvps=12, date=TODAY)
    nominee = User.objects.get(email="nominee@mvp.example")
    connection = SourceConnection.objects.get(owner=nominee)
    assert connection.kind == SourceConnection.Kind.FEED and connection.last_synced_at is not None
    pending = Suggestion.objects.filter(owner=nominee, state=Suggestion.State.PENDING)
    assert pending.count() == 4
    assert all(s.activity_type.slug == "blog-post" for s in pending)
    client.force_login(nominee)
    assert "Activities found by your sources" in client.get("/").content.decode()
    page = client.get(reverse("nominations:source-list")).content.decode()
    assert "4 suggestions waiting" in page and "Nothing waiting" not in page
    # Seeding again from scratch works (the sources are deleted with the rest).
    call_command("seed_demo", mvps=12, date=TODAY, reset=True)
    assert Suggestion.objects.filter(owner__email="nominee@mvp.example").count() == 4
