"""Choosing evaluators without hundreds of tick boxes: a search endpoint for the
search box (desks/views/search.py), and typed addresses as the page's fallback."""

import pytest
from django.urls import reverse

from desks.views.search import PAGE_SIZE, RATE_LIMIT
from evaluations.models import Assignment
from mvp_portal.accounts.roles import Role
from tests.factories import AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db
SEARCH = reverse("desks:evaluator-search")


def found(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["label"] for row in response.json()["results"]]


def test_search_finds_employees_by_name_or_address(client, lead, evaluator):
    UserFactory(display_name="Evan Outsider")  # not staff: never offered
    client.force_login(lead)
    assert found(client.get(SEARCH, {"q": "eve"})) == [f"Eve Evaluator <{evaluator.email}>"]
    assert found(client.get(SEARCH, {"q": evaluator.email.upper()})) == [f"Eve Evaluator <{evaluator.email}>"]
    assert found(client.get(SEARCH, {"q": "  "})) == []


def test_search_is_paged(client, lead):
    for i in range(PAGE_SIZE + 5):
        UserFactory(display_name=f"Paged Person {i:02d}", roles=[Role.EMPLOYEE])
    client.force_login(lead)
    first = client.get(SEARCH, {"q": "paged person"}).json()
    second = client.get(SEARCH, {"q": "paged person", "page": "2"}).json()
    assert len(first["results"]) == PAGE_SIZE and first["more"] is True
    assert len(second["results"]) == 5 and second["more"] is False
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_search_for_a_dossier_leaves_out_who_may_not_evaluate_it(
    client, lead, dossier, evaluator, second_evaluator, nominator, supporter
):
    AssignmentFactory(dossier=dossier, evaluator=second_evaluator)
    client.force_login(lead)
    labels = found(client.get(SEARCH, {"q": "e", "dossier": dossier.pk}))
    assert f"Eve Evaluator <{evaluator.email}>" in labels
    assert not [label for label in labels if second_evaluator.email in label or nominator.email in label]
    assert not [label for label in labels if supporter.email in label]
    assert f"Sam Supporter <{supporter.email}>" in found(client.get(SEARCH, {"q": "sam"}))  # for other dossiers


@pytest.mark.parametrize("value", ["abc", "99999999", "-1", "²"])
def test_search_for_a_dossier_out_of_reach_is_404(client, lead, value):
    client.force_login(lead)
    assert client.get(SEARCH, {"q": "e", "dossier": value}).status_code == 404


def test_search_for_another_regions_dossier_is_404(client, other_lead, dossier):
    client.force_login(other_lead)
    assert client.get(SEARCH, {"q": "e", "dossier": dossier.pk}).status_code == 404


@pytest.mark.parametrize(
    "query", [{"q": "x" * 5000}, {"q": "e", "page": "x"}, {"q": "e", "page": "10**9"}, {"q": "\x00"}]
)
def test_search_never_fails_on_odd_input(client, lead, query):
    client.force_login(lead)
    assert client.get(SEARCH, query).status_code == 200


def test_search_is_for_desk_staff_only(client, employee, mvp):
    assert client.get(SEARCH, {"q": "e"}).status_code == 302  # to the sign-in page
    for person in (employee, mvp):
        client.force_login(person)
        assert client.get(SEARCH, {"q": "e"}).status_code == 403


def test_search_is_rate_limited_per_person(client, lead, program_admin):
    client.force_login(lead)
    answers = [client.get(SEARCH, {"q": "e"}).status_code for _ in range(RATE_LIMIT + 1)]
    assert answers[:RATE_LIMIT] == [200] * RATE_LIMIT and answers[-1] == 429
    client.force_login(program_admin)
    assert client.get(SEARCH, {"q": "e"}).status_code == 200


# The pages ---------------------------------------------------------------------------
def test_the_dossier_page_lists_no_employee_until_one_is_chosen(client, lead, dossier, evaluator):
    for i in range(30):
        UserFactory(display_name=f"Listed Person {i:02d}", roles=[Role.EMPLOYEE])
    client.force_login(lead)
    page = client.get(reverse("desks:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert "Listed Person" not in page and 'name="evaluators"' not in page
    assert 'name="evaluator_emails"' in page and f'data-search-url="{SEARCH}?dossier={dossier.pk}"' in page
    assert "desks/evaluator_search.js" in page
    queue = client.get(reverse("desks:dossier-list")).content.decode()
    assert "Listed Person" not in queue and f'data-search-url="{SEARCH}"' in queue


def test_typed_addresses_assign_without_a_script(client, lead, dossier, evaluator, second_evaluator):
    client.force_login(lead)
    response = client.post(
        reverse("desks:assignment-create"),
        {"dossiers": [dossier.pk], "evaluator_emails": f"{evaluator.email.upper()}, {second_evaluator.email}"},
    )
    assert response.status_code == 302
    assert set(Assignment.objects.values_list("evaluator_id", flat=True)) == {evaluator.pk, second_evaluator.pk}


def test_an_unknown_address_is_shown_beside_the_box_with_what_was_typed(client, lead, dossier, evaluator):
    client.force_login(lead)
    typed = f"{evaluator.email}, nobody@example.org"
    response = client.post(
        reverse("desks:assignment-create"), {"dossiers": [dossier.pk], "evaluator_emails": typed, "evaluators": []}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nobody who may evaluate these dossiers has the address nobody@example.org." in page
    assert f'value="{evaluator.email}, nobody@example.org"' in page
    assert not Assignment.objects.exists()


def test_nobody_chosen_is_an_error_beside_the_box(client, lead, dossier):
    client.force_login(lead)
    response = client.post(reverse("desks:assignment-create"), {"dossiers": [dossier.pk]})
    assert response.status_code == 400
    assert "Choose at least one evaluator." in response.content.decode()
    assert "evaluator_emails" in response.context["assign_form"].errors


def test_chosen_boxes_come_back_ticked_after_an_error(client, lead, dossier, evaluator):
    client.force_login(lead)
    response = client.post(
        reverse("desks:assignment-create"),
        {"dossiers": [dossier.pk], "evaluators": [evaluator.pk], "evaluator_emails": "nobody@example.org"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'name="evaluators" value="{evaluator.pk}"' in page and "checked" in page
    assert not Assignment.objects.filter(dossier=dossier).exists()
