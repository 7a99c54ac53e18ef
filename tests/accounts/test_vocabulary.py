"""Matching names and ids as people and old tools write them (``mvp_portal/accounts/vocabulary.py``)."""

import uuid

import pytest

from mvp_portal.accounts.vocabulary import clean_aliases, clean_uuids, name_key, parse_uuid


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Windows Server for Small & Medium Business", "windows server for small and medium business"),
        ("Javascript/Typescript", "JavaScript / TypeScript"),
        ("Azure SQL (Database, Pools)\u00a0", "  azure sql (database,pools) "),
        ("Open App Model(OAM)", "Open App Model (OAM)"),
        ("SQL Server Machine Learning Services  (R, Python)", "SQL Server Machine Learning Services (R, Python)"),
        ("LinkedIn...", "LinkedIn…"),
        ("Identity & Access", "Identity and Access"),
    ],
)
def test_spellings_that_compare_equal(one, other):
    assert name_key(one) == name_key(other) != ""


@pytest.mark.parametrize(("one", "other"), [("C#", "C++"), ("C#", "C"), ("F#", "F"), ("Azure", "Azure Arc")])
def test_names_that_stay_apart(one, other):
    assert name_key(one) != name_key(other)


def test_name_key_of_nothing():
    assert name_key(None) == name_key("") == name_key(" - / ") == ""


@pytest.mark.parametrize(
    "written",
    [
        "f76464de-179a-e411-bbc8-6c3be5a82b68",
        "F76464DE-179A-E411-BBC8-6C3BE5A82B68",
        "{f76464de-179a-e411-bbc8-6c3be5a82b68}",
        " {F76464DE-179A-E411-BBC8-6C3BE5A82B68}\u00a0",
        "urn:uuid:f76464de-179a-e411-bbc8-6c3be5a82b68",
        "f76464de179ae411bbc86c3be5a82b68",
        uuid.UUID("f76464de-179a-e411-bbc8-6c3be5a82b68"),
    ],
)
def test_parse_uuid_spellings(written):
    assert parse_uuid(written) == uuid.UUID("f76464de-179a-e411-bbc8-6c3be5a82b68")


@pytest.mark.parametrize("written", ["Mentorship", "", None, 42, "f76464de-179a-e411-bbc8", "x" * 36])
def test_parse_uuid_refuses_what_is_not_one(written):
    assert parse_uuid(written) is None


def test_clean_aliases_and_uuids():
    assert clean_aliases(["  A  b ", "a B", "", "C"]) == (["A b", "C"], [])
    aliases, problems = clean_aliases(["ok", "x" * 201, "---"])
    assert aliases == ["ok"] and len(problems) == 2
    assert clean_uuids(["{F76464DE-179A-E411-BBC8-6C3BE5A82B68}", "f76464de-179a-e411-bbc8-6c3be5a82b68", " "]) == (
        ["f76464de-179a-e411-bbc8-6c3be5a82b68"],
        [],
    )
    assert clean_uuids(["nope"])[1] == ["“nope” is not a GUID."]
