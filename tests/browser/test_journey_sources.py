"""Journey: a nominee connects their blog's feed from the dossier editor, accepts two of the
posts it found (one with the type changed), dismisses the third, sees the provenance beside
the activities, imports a contribution exported from the old MVP API (its preview warns that
an extra technology area is ignored) and submits. The feed is served by the local replay
server; nothing is fetched from the internet."""

import re
from datetime import date, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nominations.models import Activity, Dossier, Suggestion
from tests.browser import journeys
from tests.browser.journeys import flash, sign_in
from tests.factories import DossierFactory, UserFactory
from tests.support.replay import ReplayServer

pytestmark = pytest.mark.browser

LEGACY_EXPORT = Path(__file__).resolve().parent.parent / "fixtures" / "imports" / "single-contribution.json"

cast = journeys.cast
activity_types = journeys.activity_types

POSTS = [
    ("Nested virtualisation on small hosts", 6),
    ("Five checks before you resize a VM disk", 30),
    ("Snapshots are not backups", 75),
]


def feed_body() -> str:
    """An RSS 2.0 feed whose posts are dated relative to now (the live server reads the same clock)."""
    now = timezone.now()
    items = "".join(
        f"<item><title>{title}</title>"
        f"<link>https://nora.blog.example/{title.lower().replace(' ', '-')}/?utm_source=rss</link>"
        f"<pubDate>{format_datetime(now - timedelta(days=days))}</pubDate>"
        f"<description>&lt;p&gt;{title}, step by step.&lt;/p&gt;</description></item>"
        for title, days in POSTS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Nora on VMs</title>'
        f"<link>https://nora.blog.example/</link><description>Notes</description>{items}</channel></rss>"
    )


@pytest.fixture
def feed_server(settings):
    settings.SOURCES_ONLY_LOOPBACK = True  # the replay server, nothing else
    server = ReplayServer().start()
    server.add("/feed.xml", body=feed_body(), content_type="application/rss+xml; charset=UTF-8", etag='"j1"')
    yield server
    server.stop()


def test_nominee_connects_a_feed_accepts_two_dismisses_one_and_submits(page, shoot, cast, activity_types, feed_server):
    nominee = UserFactory(display_name="Nora Nominee", email="nora@example.org", country="IE")
    # Its period starts early so that the feed's posts count whatever the date of the run.
    dossier = DossierFactory(owner=nominee, expertise=cast.expertise, period_start=date(2020, 1, 1))
    sign_in(page, nominee.email)

    page.goto(f"/nominations/dossiers/{dossier.pk}/edit/")
    page.get_by_role("link", name=re.compile("^Sources: blog, YouTube, GitHub, Sessionize")).click()
    expect(page.get_by_role("heading", name="Sources", exact=True)).to_be_visible()
    page.get_by_role("link", name="Connect a blog feed").click()
    page.get_by_label("Feed address").fill(feed_server.url("/feed.xml"))
    shoot(page, "connect-feed")
    page.get_by_role("button", name="Connect").click()
    flash(page, "Connected the feed")
    expect(page.get_by_role("heading", name="3 suggestions waiting")).to_be_visible()
    expect(page.get_by_text("Nora on VMs").first).to_be_visible()
    shoot(page, "suggestions")

    # Accept the first as it is.
    page.get_by_role("link", name="Accept… Nested virtualisation on small hosts").click()
    expect(page.get_by_label("Title")).to_have_value("Nested virtualisation on small hosts")
    shoot(page, "accept-form")
    page.get_by_role("button", name="Add to my dossier").click()
    flash(page, "Added “Nested virtualisation on small hosts” to your dossier.")

    # Accept the second as an article (the type is editable), by keyboard.
    page.get_by_role("link", name="Accept… Five checks before you resize a VM disk").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Type").select_option(label="Article")
    page.get_by_label("Title").focus()
    page.keyboard.press("Enter")
    flash(page, "Added “Five checks before you resize a VM disk” to your dossier.")

    # Dismiss the third: never suggested again.
    page.get_by_role("button", name="Dismiss Snapshots are not backups").click()
    flash(page, "it will not be suggested again")
    expect(page.get_by_text("Nothing waiting.")).to_be_visible()
    shoot(page, "all-decided")

    # The editor shows where each activity came from.
    page.goto(f"/nominations/dossiers/{dossier.pk}/edit/")
    expect(page.get_by_text(re.compile("from the feed “Nora on VMs”, metrics as of"))).to_have_count(2)
    shoot(page, "editor-with-provenance")

    # A contribution exported from the old MVP API: the preview says what it leaves out.
    page.goto(f"/nominations/dossiers/{dossier.pk}/import/")
    page.locator("input[type=file]").set_input_files(LEGACY_EXPORT)
    page.get_by_role("button", name="Show the preview").click()
    expect(page.get_by_text(re.compile("^Read as: "))).to_be_visible()
    expect(page.locator(".nom-import-warnings").first).to_contain_text("Warning:")
    shoot(page, "legacy-import-preview")
    page.get_by_role("button", name="Add 1 activity to my dossier").click()
    flash(page, "Imported 1 activity.")

    page.goto(f"/nominations/dossiers/{dossier.pk}/edit/")
    page.get_by_role("link", name="Review and submit").first.click()
    page.get_by_role("button", name="Submit my dossier").click()
    flash(page, "Submitted")

    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.SUBMITTED
    activities = {
        a.title: a for a in Activity.objects.filter(dossier=dossier).select_related("activity_type", "provenance")
    }
    assert set(activities) == {
        "Nested virtualisation on small hosts",
        "Five checks before you resize a VM disk",
        "Automate all the things",
    }
    assert activities["Five checks before you resize a VM disk"].activity_type.slug == "article"
    from_feed = [a for title, a in activities.items() if title != "Automate all the things"]
    assert all(a.provenance.source_name == "the feed “Nora on VMs”" for a in from_feed)
    assert activities["Automate all the things"].reach == 350
    assert Suggestion.objects.get(title="Snapshots are not backups").state == Suggestion.State.DISMISSED
