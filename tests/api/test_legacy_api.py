"""/mvp/api/: the 2022 MVP API's surface, as the community's tools call it.

The round trip is the PowerShell module's (lazywinadmin/MVP): types and areas
looked up by name, a POST with quantities as strings and a ``yyyy/MM/dd``
date, the list, a PUT built from a GET by id, DELETE, then 404. Then what MVP
Companion sends (``0/0`` first, explicit nulls, a date-time with an offset),
and the edges: JSON errors, no CSRF, 405, the subscription key ignored.
"""

import json
from datetime import date

import pytest
from django.test import Client

from mvp_portal.accounts.models import OnlineIdentity
from nominations.legacy import expertise_for, technology_to_legacy
from nominations.models import Activity, Dossier
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db
BASE = "/mvp/api/"


@pytest.fixture
def ps(make_token, nominee, draft):
    """A client that sends what the PowerShell module sends: lower-case ``bearer`` and the subscription key."""
    token = make_token(nominee, "write")
    client = Client(enforce_csrf_checks=True)
    headers = {
        "HTTP_AUTHORIZATION": f"bearer {token}",
        "HTTP_OCP_APIM_SUBSCRIPTION_KEY": "3d199a7fb1c443e1985375f0572f58f8",
    }

    def call(method: str, path: str, body=None, **extra):
        kwargs = {**headers, **extra}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json; charset=utf-8")
        return getattr(client, method)(BASE + path, **kwargs)

    return call


def flat_areas(nested: list) -> list[dict]:
    """What both clients do with contributionareas: flatten AwardCategory → AwardName → areas."""
    return [area for category in nested for award in category["Contributions"] for area in award["ContributionArea"]]


def test_round_trip_as_the_powershell_module_makes_it(ps, draft):
    types = ps("get", "contributions/contributiontypes").json()
    blog = next(t for t in types if t["Name"] == "Blog/Website Post")
    areas = flat_areas(ps("get", "contributions/contributionareas").json())
    area = next(a for a in areas if a["Name"] == "Azure API Management")
    everyone = next(v for v in ps("get", "contributions/sharingpreferences").json() if v["Description"] == "Everyone")

    posted = ps(
        "post",
        "contributions",
        {
            "ContributionId": 0,
            "ContributionTypeName": blog["Name"],
            "ContributionType": {"Id": blog["Id"], "Name": blog["Name"], "EnglishName": blog["EnglishName"]},
            "ContributionTechnology": {
                "Id": area["Id"],
                "Name": area["Name"],
                "AwardName": area["AwardName"],
                "AwardCategory": area["AwardCategory"],
            },
            "StartDate": "2026/03/14",
            "Title": "Rate limits in API Management",
            "ReferenceUrl": "https://blog.example.org/apim-rate-limits",
            "Visibility": {"Id": everyone["Id"], "Description": "Everyone", "LocalizeKey": everyone["LocalizeKey"]},
            "AnnualQuantity": "1",
            "SecondAnnualQuantity": "0",
            "AnnualReach": "1200",
            "Description": "How the quota policies interact",
        },
    )
    assert posted.status_code == 201, posted.content
    created = posted.json()
    contribution_id = created["ContributionId"]
    assert created["StartDate"] == "2026-03-14T12:00:00Z"
    assert created["ContributionType"]["Id"] == blog["Id"]
    # Areas merged into one of our expertises are shown under that expertise's legacy name.
    assert created["ContributionTechnology"] == technology_to_legacy(expertise_for(area["Id"]))
    assert created["Visibility"]["Id"] == 299600000
    assert created["AnnualQuantity"] == 1 and created["AnnualReach"] == 1200
    assert created["IsEditable"] is True
    activity = Activity.objects.get(pk=contribution_id)
    assert activity.dossier == draft and activity.visibility == "public" and activity.started_on == date(2026, 3, 14)

    # Visible at once in the list (users of the old API complained that new entries did not appear).
    listed = ps("get", "contributions/0/50").json()
    assert listed["TotalContributions"] == 2
    assert contribution_id in [c["ContributionId"] for c in listed["Contributions"]]

    # Set-MVPContribution: GET by id, change the title, PUT the rest as it came back.
    current = ps("get", f"contributions/{contribution_id}").json()
    body = {**current, "Title": "Rate limits and quotas in API Management"}
    body.pop("IsEditable")
    put = ps("put", "contributions", body)
    assert put.status_code == 200, put.content
    again = ps("get", f"contributions/{contribution_id}").json()
    assert again["Title"] == "Rate limits and quotas in API Management"
    assert {k: v for k, v in again.items() if k != "Title"} == {k: v for k, v in current.items() if k != "Title"}

    # Remove-MVPContribution, then it is gone.
    assert ps("delete", f"contributions?id={contribution_id}").status_code == 200
    gone = ps("get", f"contributions/{contribution_id}")
    assert gone.status_code == 404 and gone["Content-Type"] == "application/json"
    assert ps("get", "contributions/0/50").json()["TotalContributions"] == 1


def test_companion_asks_zero_zero_for_the_total_then_all(ps, draft):
    first = ps("get", "contributions/0/0").json()
    assert first == {"Contributions": [], "TotalContributions": 1, "PagingIndex": 0}
    everything = ps("get", f"contributions/0/{first['TotalContributions']}").json()
    assert len(everything["Contributions"]) == 1
    assert ps("get", "contributions/5/10").json()["Contributions"] == []


def test_companion_post_with_nulls_and_an_offset_date(ps, draft):
    types = ps("get", "contributions/contributiontypes").json()
    speaking = next(t for t in types if t["Name"].startswith("Speaking (User Group"))
    answer = ps(
        "post",
        "contributions?",
        {
            "ContributionId": None,
            "ContributionTypeName": None,
            "ContributionType": speaking,
            "ContributionTechnology": None,
            "AdditionalTechnologies": None,
            "StartDate": "2026-03-14T01:30:00.1234567-05:00",
            "Title": "Containers at the Cork meetup",
            "ReferenceUrl": None,
            "Visibility": {"Id": 100000000, "Description": "Microsoft", "LocalizeKey": None},
            "AnnualQuantity": 1,
            "SecondAnnualQuantity": None,
            "AnnualReach": 45,
            "Description": None,
        },
    )
    assert answer.status_code == 201, answer.content
    created = answer.json()
    assert isinstance(created["ContributionId"], int)
    assert created["StartDate"] == "2026-03-14T12:00:00Z"  # the date as written, not shifted to UTC
    assert created["Visibility"]["Id"] == 100000000
    assert created["ReferenceUrl"] == "" and created["Description"] == ""  # never null in a string
    assert created["ContributionTechnology"]["Name"] == draft.expertise.name


def test_put_with_only_the_id_and_nulls_keeps_everything(ps, draft):
    activity = draft.activities.get()
    before = ps("get", f"contributions/{activity.pk}").json()
    answer = ps("put", "contributions", {"ContributionId": activity.pk, "Title": None, "StartDate": None})
    assert answer.status_code == 200, answer.content
    assert answer.json() == before


def test_powershell_7_date_from_a_get_is_read(ps, draft):
    """PowerShell 7 turns the GET's StartDate into a DateTime and writes it back as MM/dd/yyyy HH:mm:ss."""
    activity = draft.activities.get()
    answer = ps("put", "contributions", {"ContributionId": activity.pk, "StartDate": "03/14/2026 07:00:00"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["StartDate"] == "2026-03-14T12:00:00Z"


def test_refusals_are_json_with_legacy_field_names(ps, draft):
    answer = ps("post", "contributions", {"ContributionType": "Juggling", "StartDate": "soon", "Title": ""})
    assert answer.status_code == 400 and answer["Content-Type"] == "application/json"
    errors = answer.json()["errors"]
    assert "Juggling" in errors["ContributionType"][0]
    assert "StartDate" in errors
    future = ps("post", "contributions", {"ContributionType": "Article", "StartDate": "2027/01/01", "Title": "Soon"})
    assert future.status_code == 400 and "StartDate" in future.json()["errors"]
    assert ps("post", "contributions", ["not", "an", "object"]).status_code == 400
    broken = ps("post", "contributions", None, data="{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["code"] == "parse_error"
    assert ps("delete", "contributions?id=abc").status_code == 400
    assert ps("delete", "contributions?id=%C2%B2").status_code == 400  # "²": a digit to Python, not an id
    assert ps("put", "contributions", {"ContributionId": "²"}).status_code == 400
    assert ps("delete", "contributions?id=" + "9" * 4301).status_code == 400  # past what int() reads
    assert ps("delete", "contributions").status_code == 400
    assert ps("put", "contributions", {"Title": "no id"}).status_code == 400


def test_duplicate_and_locked_are_409(ps, draft, submitted):
    existing = draft.activities.get()
    same = ps(
        "post",
        "contributions",
        {
            "ContributionType": "Speaking (User Group/Meetup/Local events)",
            "StartDate": "2026-06-01",
            "Title": "x",
            "ReferenceUrl": existing.url,
        },
    )
    assert same.status_code == 409 and same.json()["ContributionId"] == existing.pk
    locked_activity = submitted.activities.get()
    answer = ps("delete", f"contributions?id={locked_activity.pk}")
    assert answer.status_code == 409 and answer.json()["code"] == "dossier_locked"
    assert Activity.objects.filter(pk=locked_activity.pk).exists()


def test_contributions_are_the_current_dossier_and_history_the_others(ps, draft, submitted):
    current = ps("get", "contributions/0/10").json()
    assert [c["Title"] for c in current["Contributions"]] == ["Talk at the Dublin user group"]
    assert ps("get", "contributions/current/0/10").json() == current
    history = ps("get", "contributions/historical/0/10").json()
    assert [c["Title"] for c in history["Contributions"]] == ["Locked talk"]
    assert history["Contributions"][0]["IsEditable"] is False
    # By id, any of one's own; someone else's is 404.
    assert ps("get", f"contributions/{submitted.activities.get().pk}").status_code == 200


def test_when_every_dossier_is_locked_the_newest_is_shown_and_posts_are_409(ps, draft):
    Dossier.objects.filter(pk=draft.pk).update(state=Dossier.State.SUBMITTED)
    assert ps("get", "contributions/0/0").json()["TotalContributions"] == 1
    answer = ps("post", "contributions", {"ContributionType": "Article", "StartDate": "2026/03/01", "Title": "New"})
    assert answer.status_code == 409 and answer.json()["code"] == "dossier_locked"


def test_someone_without_a_dossier(make_token, outsider):
    client = Client()
    auth = bearer(make_token(outsider, "write"))
    assert client.get(BASE + "contributions/0/0", **auth).json()["TotalContributions"] == 0
    answer = client.post(BASE + "contributions", data="{}", content_type="application/json", **auth)
    assert answer.status_code == 409 and answer.json()["code"] == "no_dossier"


def test_http_edges(ps):
    assert ps("get", "contributions").status_code == 405
    assert ps("patch", "contributions", {}).status_code == 405
    assert ps("get", "contributions/-1/10").status_code == 400
    assert ps("get", "contributions/0/99999999999999999999").status_code == 200
    assert ps("get", "contributions/99999999999999999999").status_code == 404
    missing = ps("get", "nothing/here")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    # Unknown query parameters (the subscription key in the query) are ignored; Accept does not matter.
    assert ps("get", "contributions/0/0?subscription-key=abc", HTTP_ACCEPT="application/xml").status_code == 200
    assert ps("get", "contributions/0/0/").status_code == 200  # a trailing slash is tolerated


def test_text_json_is_read(ps, draft):
    body = {"ContributionType": "Article", "StartDate": "2026/04/01", "Title": "In text/json"}
    answer = ps("post", "contributions", None, data=json.dumps(body), content_type="text/json")
    assert answer.status_code == 201, answer.content


def test_without_a_valid_token_it_is_401_json(client, draft):
    answer = client.get(BASE + "contributions/0/0", HTTP_OCP_APIM_SUBSCRIPTION_KEY="key-alone-opens-nothing")
    assert answer.status_code == 401 and answer.json()["code"] == "token_missing"
    assert answer["WWW-Authenticate"].startswith("Bearer")


def test_profile_and_online_identities(ps, nominee):
    profile = ps("get", "profile").json()
    assert profile["DisplayName"] == nominee.display_name and profile["MvpId"] == str(nominee.pk)
    assert profile["YearsAsMvp"] == 0 and profile["FirstAwardYear"] == ""

    added = ps(
        "post",
        "onlineidentities",
        {"SocialNetwork": {"Id": None, "Name": "GitHub"}, "Url": "https://github.com/nico", "PrivateSiteId": None},
    )
    assert added.status_code == 201, added.content
    identity = added.json()
    assert identity["SocialNetwork"]["Name"] == "GitHub" and identity["OnlineIdentityVisibility"]["Id"] == 299600000
    assert ps("get", "onlineidentities").json() == [identity]
    assert ps("get", "profile").json()["OnlineIdentities"] == [identity]

    again = ps("post", "onlineidentities", {"SocialNetwork": {"Name": "GitHub"}, "Url": "https://github.com/nico"})
    assert again.status_code == 400 and "Url" in again.json()["errors"]
    assert ps("post", "onlineidentities", {"Url": "javascript:alert(1)"}).status_code == 400

    changed = ps(
        "put", "onlineidentities", {**identity, "SocialNetwork": {"Name": "Twitter"}, "Url": "https://x.com/nico"}
    )
    assert changed.status_code == 200, changed.content
    assert OnlineIdentity.objects.get(pk=identity["PrivateSiteId"]).kind == "x"

    assert ps("delete", f"onlineidentities?id={identity['PrivateSiteId']}").status_code == 200
    assert ps("delete", f"onlineidentities?id={identity['PrivateSiteId']}").status_code == 404
    assert ps("get", "onlineidentities").json() == []


def test_someone_elses_contribution_is_404(make_token, outsider, draft):
    client = Client()
    auth = bearer(make_token(outsider, "write"))
    activity = draft.activities.get()
    assert client.get(BASE + f"contributions/{activity.pk}", **auth).status_code == 404
    body = json.dumps({"ContributionId": activity.pk, "Title": "Mine now"})
    assert client.put(BASE + "contributions", data=body, content_type="application/json", **auth).status_code == 404
    assert client.delete(BASE + f"contributions?id={activity.pk}", **auth).status_code == 404
    assert Activity.objects.get(pk=activity.pk).title == "Talk at the Dublin user group"


def test_rate_limited_per_token_with_retry_after(ps, settings):
    settings.API_THROTTLE_RATES = {"burst": "2/minute", "sustained": "100/hour"}
    assert ps("get", "contributions/0/0").status_code == 200
    assert ps("get", "profile").status_code == 200
    refused = ps("get", "contributions/0/0")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) >= 1


def test_a_retried_post_with_an_idempotency_key_makes_one_contribution(ps, draft):
    body = {"ContributionType": "Article", "StartDate": "2026/04/02", "Title": "Once only"}
    first = ps("post", "contributions", body, HTTP_IDEMPOTENCY_KEY="retry-1")
    again = ps("post", "contributions", body, HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["ContributionId"] == again.json()["ContributionId"]
    assert draft.activities.filter(title="Once only").count() == 1
