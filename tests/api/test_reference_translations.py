"""The API's names: English for matching, and the request's language beside them."""

import pytest
from django.utils import translation

from tests.api.conftest import bearer
from tests.factories import ExpertiseFactory


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request in German leaves German active in this thread (LocaleMiddleware
    activates, nothing resets): the next test starts in English again."""
    yield
    translation.activate("en")


# The API ------------------------------------------------------------------------
def test_the_api_gives_the_english_name_and_the_requested_language(api, nominee, make_token):
    ExpertiseFactory(
        name="Virtual Test Machine",
        slug="virtual-test-machine",
        category="Cloud",
        translations={"de": {"name": "Virtuelle Testmaschine", "category": "Wolke"}},
    )
    rows = api.get("/api/v1/expertises/", HTTP_ACCEPT_LANGUAGE="de", **bearer(make_token(nominee))).json()
    row = next(row for row in rows if row["slug"] == "virtual-test-machine")
    assert (row["name"], row["local_name"]) == ("Virtual Test Machine", "Virtuelle Testmaschine")
    assert (row["category"], row["local_category"]) == ("Cloud", "Wolke")
    rows = api.get("/api/v1/activity-types/", HTTP_ACCEPT_LANGUAGE="de", **bearer(make_token(nominee))).json()
    blog = next(row for row in rows if row["slug"] == "blog-post")
    assert (blog["name"], blog["local_name"]) == ("Blog or website post", "Blog- oder Website-Beitrag")
    assert blog["local_reach_label"] == "Eindeutige Besucher"
