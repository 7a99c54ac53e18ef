import pytest

from mvp_portal.http import MAX_ID, parse_id, parse_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),  # would overflow the lookup on SQLite
        ("0", None),
        ("-3", None),
        ("²", None),  # str.isdigit() says yes, int() says no
        ("9" * 5000, None),  # int() refuses more than 4,300 digits
        ("0" * 30 + "42", 42),  # leading zeros do not count
        ("٣", None),  # a digit, but not an id anyone typed
        ("4a", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_id_accepts_only_database_ids(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [
        ("0", 0, 10, 0),
        ("10", 0, 10, 10),
        ("11", 0, 10, None),
        ("0", 1, 10, None),
        ("9" * 4301, 1, MAX_ID, None),  # one digit past what int() reads
        ("0" * 5000 + "7", 1, 10, 7),
        ("1" + "0" * 6, 1, 10**6, 10**6),
    ],
)
def test_parse_number_reads_a_whole_number_within_bounds(value, low, high, expected):
    assert parse_number(value, low=low, high=high) == expected


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/directory/briefings/", "/directory/briefings/"),
        ("https://evil.example.com/", "/fallback/"),
        ("//evil.example.com", "/fallback/"),
        ("", "/fallback/"),
        (None, "/fallback/"),
    ],
)
def test_safe_next_url_keeps_people_on_this_site(rf, candidate, expected):
    from mvp_portal.http import safe_next_url

    assert safe_next_url(rf.get("/"), candidate, "/fallback/") == expected
