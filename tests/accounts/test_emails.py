import pytest

from mvp_portal.accounts.emails import canonical_email


@pytest.mark.parametrize(
    ("address", "canonical"),
    [
        ("me@example.org", "me@example.org"),
        (" Me@Example.ORG ", "me@example.org"),
        ("me+self@example.org", "me@example.org"),
        ("ME+a+b@example.org", "me@example.org"),
        # Dots are part of the address: not every provider ignores them.
        ("m.e@gmail.com", "m.e@gmail.com"),
        ("+tag@example.org", "+tag@example.org"),  # nothing before the tag: left alone
        ("not an address", "not an address"),
        ("", ""),
    ],
)
def test_canonical_email_drops_the_tag_and_the_case(address, canonical):
    assert canonical_email(address) == canonical
