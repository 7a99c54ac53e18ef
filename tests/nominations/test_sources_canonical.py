"""``nominations.canonical.canonical_url``: one form per web address, to dedupe sources, files and hand entry."""

import pytest

from nominations.canonical import canonical_url


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        # scheme and host: lower case, http → https, no www., no default port
        ("HTTP://WWW.Example.ORG/Post", "https://example.org/Post"),
        ("http://example.org:80/a", "https://example.org/a"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("example.org/post/", "https://example.org/post"),
        ("//example.org/post", "https://example.org/post"),
        ("https://user:secret@example.org/a", "https://example.org/a"),
        # fragment and trailing slash
        ("https://example.org/post/#comments", "https://example.org/post"),
        ("https://example.org/", "https://example.org"),
        # tracking parameters go, meaningful ones stay (sorted)
        ("https://example.org/a?utm_source=rss&utm_medium=rss&utm_campaign=x", "https://example.org/a"),
        ("https://example.org/a?fbclid=IwAR0&gclid=Cj0&msclkid=1&mc_eid=2", "https://example.org/a"),
        (
            "https://learn.microsoft.com/en-us/azure/x?WT.mc_id=MVP_123456&ocid=AID",
            "https://learn.microsoft.com/en-us/azure/x",
        ),
        ("https://example.org/search?q=vm&page=2&utm_term=x", "https://example.org/search?page=2&q=vm"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),
        ("https://example.org/a?feature=share", "https://example.org/a"),
        ("https://example.org/a?feature=dark-mode", "https://example.org/a?feature=dark-mode"),
        # YouTube: the video is v
        ("https://www.youtube.com/watch?v=Xc4hQk1Yp8s&t=120s&feature=share", "https://youtube.com/watch?v=Xc4hQk1Yp8s"),
        ("https://youtu.be/Xc4hQk1Yp8s?si=AbCdEf", "https://youtube.com/watch?v=Xc4hQk1Yp8s"),
        ("https://m.youtube.com/watch?v=Xc4hQk1Yp8s&list=PL123", "https://youtube.com/watch?v=Xc4hQk1Yp8s"),
        ("https://www.youtube.com/shorts/bT7m2LwQe0A?si=x", "https://youtube.com/shorts/bT7m2LwQe0A"),
        # GitHub: owner and repository in any case
        ("https://github.com/Nico-Nominee/HyperV-Exporter/", "https://github.com/nico-nominee/hyperv-exporter"),
        (
            "https://github.com/Nico-Nominee/HyperV-Exporter/releases/tag/V1.2.0",
            "https://github.com/nico-nominee/hyperv-exporter/releases/tag/V1.2.0",
        ),
        # not web addresses
        ("", ""),
        ("   ", ""),
        ("mailto:nico@example.org", "mailto:nico@example.org"),
        ("ftp://example.org/file", "ftp://example.org/file"),
    ],
)
def test_canonical_url(given, canonical):
    assert canonical_url(given) == canonical


def test_it_is_stable():
    for url in ("HTTP://WWW.Example.ORG/Post/?b=2&a=1#x", "https://youtu.be/abc?si=1", "example.org"):
        assert canonical_url(canonical_url(url)) == canonical_url(url)


def test_paths_keep_their_case_outside_github():
    assert canonical_url("https://example.org/Post") != canonical_url("https://example.org/post")
