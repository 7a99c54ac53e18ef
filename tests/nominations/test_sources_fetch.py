"""Safe fetching (nominations/sources/fetch.py), against the local replay server.

Refused addresses are refused before any connection is made: the tests that
name private addresses never send a packet to them.
"""

import socket

import pytest

from nominations.sources import fetch
from nominations.sources.fetch import (
    AddressRefused,
    FetchTimeout,
    HostNotFound,
    HTTPStatusError,
    ResponseTooLarge,
    TooManyRedirects,
    UnsupportedURL,
    address_is_allowed,
)
from tests.support.replay import ReplayServer


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata (link-local)
        "100.64.0.1",  # shared address space
        "0.0.0.0",  # noqa: S104 (an address refused, not bound)
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:10.0.0.1",  # IPv4-mapped
        "::ffff:127.0.0.1",
        "127.0.0.1",
        "::1",
    ],
)
def test_non_public_addresses_are_refused(settings, address):
    settings.SOURCES_ALLOW_LOOPBACK = False
    settings.SOURCES_ONLY_LOOPBACK = False
    assert address_is_allowed(address) is False


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111", "8.8.8.8"])
def test_public_addresses_are_allowed_in_production(settings, address):
    settings.SOURCES_ALLOW_LOOPBACK = False
    settings.SOURCES_ONLY_LOOPBACK = False
    assert address_is_allowed(address) is True


def test_the_suite_allows_only_loopback(settings):
    assert settings.SOURCES_ONLY_LOOPBACK  # the nominations conftest
    assert address_is_allowed("127.0.0.1") and address_is_allowed("::1")
    assert not address_is_allowed("8.8.8.8")


def test_loopback_is_refused_unless_a_setting_allows_it(settings, replay_server):
    replay_server.add("/feed.xml", body="<rss/>")
    settings.SOURCES_ALLOW_LOOPBACK = False
    settings.SOURCES_ONLY_LOOPBACK = False
    with pytest.raises(AddressRefused) as refused:
        fetch.fetch(replay_server.url("/feed.xml"))
    assert refused.value.details["address"] == "127.0.0.1"
    assert replay_server.requests == []  # refused before connecting
    settings.SOURCES_ALLOW_LOOPBACK = True
    assert fetch.fetch(replay_server.url("/feed.xml")).body == b"<rss/>"


def test_a_host_resolving_to_a_private_address_is_refused(monkeypatch):
    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port)),
        ]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", fake_getaddrinfo)
    # One public-looking answer is not enough: every address must be allowed.
    with pytest.raises(AddressRefused) as refused:
        fetch.fetch("https://rebinding.example/feed")
    assert refused.value.details["address"] == "10.1.2.3"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/feed",
        "file:///etc/passwd",
        "gopher://example.org/",
        "http://user:secret@example.org/",
        "http:///x",
    ],
)
def test_only_plain_http_and_https_addresses(url):
    with pytest.raises(UnsupportedURL):
        fetch.fetch(url)


def test_a_redirect_to_a_private_address_is_refused(replay_server):
    replay_server.redirect("/feed", "http://192.168.1.20/admin/feed")
    with pytest.raises(AddressRefused) as refused:
        fetch.fetch(replay_server.url("/feed"))
    assert refused.value.details["address"] == "192.168.1.20"
    assert "192.168.1.20" in refused.value.describe("The feed")
    assert [r.path for r in replay_server.requests] == ["/feed"]


def test_redirects_are_followed_and_each_hop_checked(replay_server):
    replay_server.redirect("/old", "/middle", status=301)
    replay_server.redirect("/middle", replay_server.url("/feed.xml"), status=308)
    replay_server.add("/feed.xml", body="<feed/>", content_type="application/atom+xml")
    response = fetch.fetch(replay_server.url("/old"))
    assert response.status == 200 and response.body == b"<feed/>"
    assert response.url == replay_server.url("/feed.xml")
    assert [r.path for r in replay_server.requests] == ["/old", "/middle", "/feed.xml"]


def test_at_most_five_redirects(replay_server):
    for hop in range(7):
        replay_server.redirect(f"/hop{hop}", f"/hop{hop + 1}")
    with pytest.raises(TooManyRedirects):
        fetch.fetch(replay_server.url("/hop0"))
    assert len(replay_server.requests) == fetch.MAX_REDIRECTS + 1


def test_credentials_are_not_carried_to_another_origin(replay_server):
    other = ReplayServer().start()
    try:
        other.add("/landing", body="ok")
        replay_server.redirect("/start", other.url("/landing"))
        fetch.fetch(replay_server.url("/start"), headers={"Authorization": "Bearer secret-token"})
        assert replay_server.requests[0].headers["authorization"] == "Bearer secret-token"
        assert "authorization" not in other.requests[0].headers
    finally:
        other.stop()


def test_a_response_over_the_cap_is_refused_while_streaming(replay_server):
    replay_server.add("/big", body=b"x" * 5000)
    with pytest.raises(ResponseTooLarge):
        fetch.fetch(replay_server.url("/big"), max_bytes=4096)
    assert fetch.fetch(replay_server.url("/big"), max_bytes=5000).body == b"x" * 5000


def test_a_compressed_response_is_capped_after_decompression(replay_server):
    import gzip

    replay_server.add("/bomb", body=gzip.compress(b"\0" * 200_000), headers={"Content-Encoding": "gzip"})
    with pytest.raises(ResponseTooLarge):
        fetch.fetch(replay_server.url("/bomb"), max_bytes=100_000)


def test_an_error_status_is_its_own_error_with_words(replay_server):
    with pytest.raises(HTTPStatusError) as error:
        fetch.fetch(replay_server.url("/missing"))
    assert error.value.status == 404
    assert error.value.describe("The feed") == "The feed answered 404 Not Found"


def test_a_server_that_does_not_answer_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        with pytest.raises(FetchTimeout) as timeout:
            fetch.fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/feed", total_timeout=1.0)
        assert "did not answer within" in timeout.value.describe("The feed")
    finally:
        listener.close()


def test_an_unknown_host_is_named(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(fetch.socket, "getaddrinfo", no_such_host)
    with pytest.raises(HostNotFound) as error:
        fetch.fetch("https://no-such-blog.example/feed")
    assert "no-such-blog.example" in error.value.describe("The feed")
