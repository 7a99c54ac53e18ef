"""A GitHub account through the REST API, read by the real fetching code from recorded responses."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from nominations.models import SourceConnection, Suggestion
from nominations.sources.tokens import decrypt_token, encrypt_token
from tests.factories import SourceConnectionFactory
from tests.support.sources import NOW, sync

pytestmark = pytest.mark.django_db

REPOS = "/github/users/nico-nominee/repos?type=owner&sort=pushed&per_page=100"
SEARCH = (
    "/github/search/issues?q=author%3Anico-nominee+type%3Apr+is%3Amerged+-user%3Anico-nominee"
    "&sort=updated&order=desc&per_page=100"
)
LAB_RELEASES = "/github/repos/nico-nominee/vm-lab-scripts/releases?per_page=20"
EXPORTER_RELEASES = "/github/repos/nico-nominee/hyperv-exporter/releases?per_page=20"
TOKEN = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"


@pytest.fixture
def account(replay_server, nominee, activity_types):
    json = "application/json; charset=utf-8"
    replay_server.add(REPOS, fixture="github-repos.json", content_type=json, etag='W/"repos-1"')
    replay_server.add(SEARCH, fixture="github-search-prs.json", content_type=json, etag='W/"search-1"')
    replay_server.add(LAB_RELEASES, body="[]", content_type=json, etag='W/"lab-releases-1"')
    replay_server.add(EXPORTER_RELEASES, fixture="github-releases.json", content_type=json, etag='W/"exp-releases-1"')
    return SourceConnectionFactory(owner=nominee, kind=SourceConnection.Kind.GITHUB, identifier="nico-nominee")


def test_first_sync_suggests_merged_pull_requests_repositories_and_releases(account, replay_server):
    assert sync(account).created == 6
    assert [r.path for r in replay_server.requests] == [REPOS, SEARCH, LAB_RELEASES, EXPORTER_RELEASES]
    assert replay_server.requests[0].headers["accept"] == "application/vnd.github+json"
    assert "authorization" not in replay_server.requests[0].headers  # no token needed
    found = {s.canonical_url: s for s in Suggestion.objects.all()}
    assert set(found) == {
        "https://github.com/nico-nominee/vm-lab-scripts",
        "https://github.com/nico-nominee/hyperv-exporter",
        "https://github.com/contoso/vmtools/pull/1873",
        "https://github.com/fabrikam/docs/pull/442",
        "https://github.com/nico-nominee/hyperv-exporter/releases/tag/v1.2.0",
        "https://github.com/nico-nominee/hyperv-exporter/releases/tag/v1.1.0",
    }  # not the fork, the repository untouched since 2022, the 2024 pull request or the draft release
    assert {s.activity_type.slug for s in found.values()} == {"open-source"}

    exporter = found["https://github.com/nico-nominee/hyperv-exporter"]
    assert exporter.metrics == {"stars": 342, "forks": 40}
    assert exporter.occurred_on == date(2026, 2, 14)  # created in the period
    assert exporter.description == "Prometheus exporter for Hyper-V hosts"
    lab = found["https://github.com/nico-nominee/vm-lab-scripts"]
    assert lab.occurred_on == date(2026, 11, 10)  # created before the period: its last push
    pr = found["https://github.com/contoso/vmtools/pull/1873"]
    assert pr.title == "Pull request to contoso/vmtools: Fix checkpoint merge when the disk is on an SMB share"
    assert pr.occurred_on == date(2026, 7, 8)  # merged
    release = found["https://github.com/nico-nominee/hyperv-exporter/releases/tag/v1.2.0"]
    assert release.title == "nico-nominee/hyperv-exporter v1.2.0 — Windows Server 2025 hosts released"
    assert (release.reach, release.metrics) == (925, {"downloads": 925})  # downloads over both assets
    account.refresh_from_db()
    assert account.cache == {"repositories": ["nico-nominee/vm-lab-scripts", "nico-nominee/hyperv-exporter"]}
    assert str(account.display_name) == "GitHub (nico-nominee)"


def test_a_resync_with_nothing_new_sends_only_conditional_requests(account, replay_server):
    sync(account)
    replay_server.requests.clear()
    assert sync(account, now=NOW + timedelta(days=1)).status == "unchanged"
    # One conditional request per URL, each answered 304; the releases are still looked at (cached list).
    assert [(r.path, r.status) for r in replay_server.requests] == [
        (REPOS, 304),
        (SEARCH, 304),
        (LAB_RELEASES, 304),
        (EXPORTER_RELEASES, 304),
    ]
    assert all(r.headers.get("if-none-match") for r in replay_server.requests)
    assert Suggestion.objects.count() == 6


def test_a_rate_limited_account_says_so_and_waits_for_the_reset(account, replay_server):
    reset = NOW + timedelta(hours=3)
    replay_server.add(
        REPOS,
        status=403,
        fixture="github-rate-limited.json",
        content_type="application/json",
        headers={
            "X-RateLimit-Limit": "60",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": str(int(reset.timestamp())),
        },
    )
    assert sync(account).status == "failed"
    account.refresh_from_db()
    assert account.last_error.startswith("GitHub's limit of requests per hour was reached (60 an hour without a token")
    assert account.next_sync_at == reset  # later than the first backoff (1 hour)
    assert account.failures == 1


def test_an_unknown_account_is_named(account, replay_server):
    replay_server.add(REPOS, status=404, body='{"message": "Not Found"}', content_type="application/json")
    sync(account)
    account.refresh_from_db()
    assert account.last_error == "GitHub answered, but it has no account named nico-nominee"


def test_a_redirect_to_a_private_address_is_refused(account, replay_server):
    replay_server.redirect(REPOS, "http://172.16.0.9/users/nico-nominee/repos", status=301)
    sync(account)
    account.refresh_from_db()
    assert "172.16.0.9" in account.last_error
    assert not Suggestion.objects.exists()


def test_a_token_is_sent_stored_encrypted_and_never_shown(account, replay_server, client, program_admin):
    SourceConnection.objects.filter(pk=account.pk).update(token_encrypted=encrypt_token(TOKEN))
    account.refresh_from_db()
    assert TOKEN not in account.token_encrypted and decrypt_token(account.token_encrypted) == TOKEN
    sync(account)
    assert {r.headers.get("authorization") for r in replay_server.requests} == {f"Bearer {TOKEN}"}

    client.force_login(program_admin)
    for url in (
        reverse("admin:nominations_sourceconnection_change", args=[account.pk]),
        reverse("admin:nominations_sourceconnection_changelist"),
    ):
        page = client.get(url).content.decode()
        assert TOKEN not in page and account.token_encrypted not in page
    client.force_login(account.owner)
    page = client.get(reverse("nominations:source-list")).content.decode()
    assert "with an access token" in page and TOKEN not in page and account.token_encrypted not in page


def test_a_token_no_key_can_read_counts_as_absent(settings):
    stored = encrypt_token(TOKEN)
    settings.SECRET_KEY = "another-key-after-a-rotation"
    assert decrypt_token(stored) == ""
