"""Runs this app's permission matrix (``access.py``) on its own, with the runner's personas."""

import types

import pytest
from django.urls import get_resolver, reverse

from mvp_portal.accounts.roles import Role
from tests.evaluations import access
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(expertise, mvp):
    lead = UserFactory(display_name="World Lead", roles=[Role.MVP_LEAD])
    RegionFactory(name="World IE", countries=["IE"], leads=[lead])
    other_lead = UserFactory(display_name="World Other Lead", country="DE", roles=[Role.MVP_LEAD])
    RegionFactory(name="World DE", countries=["DE"], leads=[other_lead])
    world = types.SimpleNamespace(
        nominee=UserFactory(display_name="World Nominee", country="IE"),
        other_nominee=UserFactory(display_name="World Other Nominee", country="IE"),
        mvp=mvp,
        employee=UserFactory(display_name="World Employee", roles=[Role.EMPLOYEE]),
        lead=lead,
        other_lead=other_lead,
        admin=UserFactory(display_name="World Admin", roles=[Role.PROGRAM_ADMIN]),
        expertise=expertise,
    )
    access.build(world)
    return world


def test_every_url_of_the_app_is_in_the_matrix():
    names = {
        f"evaluations:{name}"
        for name in get_resolver().namespace_dict["evaluations"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == set(access.ACCESS)


@pytest.mark.parametrize("name", sorted(access.ACCESS))
@pytest.mark.parametrize("persona", access.EVERYONE)
def test_access_matrix(client, world, name, persona):
    entry = access.ACCESS[name]
    url = reverse(name, kwargs=entry.get("kwargs", lambda w: {})(world))
    expected = entry["expect"][persona]
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = getattr(client, entry["method"])(url)
    if expected == "login":
        assert response.status_code == 302 and "/login" in response["Location"]
    else:
        assert response.status_code == expected
