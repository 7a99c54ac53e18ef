"""Alumni: whose award lapsed is an alumnus; opted-in alumni are listed apart, never as current MVPs."""

from datetime import date

import pytest
from django.urls import reverse

from directory import selectors
from tests.conftest import TODAY
from tests.factories import AwardFactory, UserFactory

ALUMNI_URL = reverse("directory:alumni")
DIRECTORY_URL = reverse("directory:directory")


@pytest.fixture
def cast(db, expertise):
    """A current MVP (also opted in to the alumni list), two lapsed people (one opted in), a newcomer."""

    def person(name, *starts, **fields):
        user = UserFactory(display_name=name, **fields)
        for start in starts:
            AwardFactory(user=user, expertise=expertise, starts_on=start)
        return user

    return {
        # Renewed without a gap: held since 2024 and still current, so never an alumnus.
        "current": person("Cora Current", date(2024, 10, 1), date(2025, 10, 1), date(2026, 10, 1), show_in_alumni=True),
        # Held 2022-07-01 .. 2025-06-30 and not renewed.
        "lapsed": person("Liam Lapsed", date(2022, 7, 1), date(2023, 7, 1), date(2024, 7, 1), show_in_alumni=True),
        "quiet": person("Quinn Quiet", date(2024, 1, 1)),
        "never": person("Nora Never"),
    }


def test_alumni_are_people_whose_award_lapsed(cast):
    assert set(selectors.alumni(TODAY)) == {cast["lapsed"], cast["quiet"]}
    assert selectors.is_alumnus(cast["lapsed"], TODAY)
    assert not selectors.is_alumnus(cast["current"], TODAY)
    assert not selectors.is_alumnus(cast["never"], TODAY)


def test_the_last_day_of_an_award_is_still_current(cast):
    assert not selectors.is_alumnus(cast["quiet"], date(2024, 12, 31))
    assert selectors.is_alumnus(cast["quiet"], date(2025, 1, 1))


def test_alumni_page_lists_opted_in_alumni_with_their_years(client, cast):
    response = client.get(ALUMNI_URL)
    assert response.status_code == 200
    listed = list(response.context["page"].object_list)
    assert listed == [cast["lapsed"]]  # not the current MVP who opted in, not the alumnus who did not
    assert (listed[0].award_years, listed[0].first_award_on.year, listed[0].last_award_ended_on.year) == (
        3,
        2022,
        2025,
    )
    body = response.content.decode()
    assert "Liam Lapsed" in body and "MVP 2022–2025, 3 years" in body
    assert "Cora Current" not in body and "Quinn Quiet" not in body


def test_an_opted_in_alumnus_never_appears_as_a_current_mvp(client, cast):
    """Fails if the directory read anything but awards covering today (e.g. any award, or the opt-in)."""
    lapsed = cast["lapsed"]
    assert lapsed.show_in_directory and lapsed.show_in_alumni
    names = [award.user.display_name for award in client.get(DIRECTORY_URL).context["page"].object_list]
    assert names == ["Cora Current"]
    assert client.get(reverse("directory:profile", args=[lapsed.pk])).status_code == 404
    assert not selectors.listed_awards(TODAY).filter(user=lapsed).exists()
    assert selectors.current_award_of(lapsed, TODAY) is None


def test_the_alumni_list_drops_someone_awarded_again(client, cast, expertise):
    AwardFactory(user=cast["lapsed"], expertise=expertise, starts_on=date(2026, 10, 1))
    assert list(client.get(ALUMNI_URL).context["page"].object_list) == []


def test_opting_in_from_the_profile_form(client, cast):
    quiet = cast["quiet"]
    client.force_login(quiet)
    response = client.post(
        reverse("accounts:profile-edit"),
        {
            "display_name": quiet.display_name,
            "country": "IE",
            "show_in_directory": "on",
            "show_in_alumni": "on",
            "identities-TOTAL_FORMS": "0",
            "identities-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    quiet.refresh_from_db()
    assert quiet.show_in_alumni
    assert "Quinn Quiet" in client.get(ALUMNI_URL).content.decode()


def test_alumni_page_queries_do_not_grow(client, django_assert_num_queries, cast, expertise):
    with django_assert_num_queries(3) as small:
        client.get(ALUMNI_URL)
    for n in range(5):
        user = UserFactory(display_name=f"Alum {n}", show_in_alumni=True)
        AwardFactory(user=user, expertise=expertise, starts_on=date(2023, 1, 1))
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(ALUMNI_URL)
    assert response.context["page"].paginator.count == 6
