"""Signed-in pages kept whole for their viewer until the database is written
(``mvp_portal/kept_pages.py``): one rule, every write, in every process."""

import functools
import re
from unittest import mock

import pytest
from django.contrib.messages import add_message, constants
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import ConflictDeclaration
from mvp_portal import bulk, kept_pages, public_cache
from mvp_portal.accounts import viewer
from mvp_portal.cycles.models import AwardCycle
from nominations.models import Activity, Dossier
from tests.conftest import NOON_TODAY
from tests.desks.test_queries import make_world
from tests.directory.test_public_cache import (
    committed_db,  # noqa: F401
    database_url_of_the_test_database,
    redis_cache,  # noqa: F401
    reference_data_after_flush,  # noqa: F401
    run_django,
)
from tests.factories import ActivityFactory, AwardCycleFactory, DossierFactory, ExpertiseFactory, UserFactory
from tests.support.clients import Client

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def dossier(db, nominee, expertise):
    """An Irish draft with one activity (the lead of Ireland reviews it)."""
    nominee.country = "IE"
    nominee.save()
    dossier = DossierFactory(owner=nominee, expertise=expertise)
    ActivityFactory(dossier=dossier, title="Talk at the user group")
    return dossier


def detail(dossier) -> str:
    return reverse("nominations:dossier-detail", args=[dossier.pk])


def main(response) -> str:
    body = response.content.decode()
    return TOKEN.sub("", body[body.index("<main") : body.index("</main>")])


def kept(client, url, django_assert_num_queries) -> str:
    """The page drawn once, then its kept copy: no template drawn, the same page."""
    first = client.get(url)
    assert first.status_code == 200 and first.context is not None
    with django_assert_num_queries(0):  # the viewer kept too (accounts/viewer.py): no access check, no page
        again = client.get(url)
    assert again.status_code == 200 and again.context is None
    assert main(again) == main(first)
    return again.content.decode()


def drawn(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200 and response.context is not None, "the kept copy was served"
    return response.content.decode()


def test_a_signed_in_page_is_kept_for_its_viewer(client, dossier, nominee, django_assert_num_queries):
    client.force_login(nominee)
    assert "Talk at the user group" in kept(client, detail(dossier), django_assert_num_queries)


def _save(activity):
    activity.title = "Renamed"
    activity.save()


def _update(activity):
    Activity.objects.filter(pk=activity.pk).update(title="Renamed")  # no signal is sent


def _raw_sql(activity):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE nominations_activity SET title = %s WHERE id = %s", ["Renamed", activity.pk])


def _bulk(activity):
    bulk.update_rows(Activity, field_name="title", values={activity.pk: "Renamed"})


def _in_a_transaction(activity):
    with transaction.atomic():
        _update(activity)
        ActivityFactory(dossier=activity.dossier, title="Another one")


@pytest.mark.parametrize("write", [_save, _update, _raw_sql, _bulk, _in_a_transaction])
def test_every_kind_of_write_makes_the_kept_page_stale(
    client, dossier, nominee, django_assert_num_queries, django_capture_on_commit_callbacks, write
):
    client.force_login(nominee)
    kept(client, detail(dossier), django_assert_num_queries)
    with django_capture_on_commit_callbacks(execute=True):
        write(dossier.activities.get())
    page = drawn(client, detail(dossier))
    assert "Renamed" in page and "Talk at the user group" not in page


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        ('INSERT INTO "nominations_activity" ("title") VALUES (%s)', {"nominations_activity"}),
        ('  update "nominations_dossier" SET "state" = %s', {"nominations_dossier"}),
        ("UPDATE nominations_activity SET title = %s WHERE id = %s", {"nominations_activity"}),
        (
            'DELETE FROM "evaluations_evaluation" WHERE "dossier_id" IN (SELECT "id" FROM "nominations_dossier")',
            {"evaluations_evaluation", "nominations_dossier"},  # a subquery's table too: more, never less
        ),
        ('WITH gone AS (DELETE FROM "awards_award" RETURNING "id") SELECT count(*) FROM gone', {"awards_award"}),
        ('SELECT "id" FROM "nominations_dossier" WHERE "id" = %s FOR UPDATE', set()),
        ('SELECT "id" FROM "nominations_dossier" WHERE "title" = \'UPDATE\'', set()),
        ('UPDATE "django_session" SET "session_data" = %s WHERE "session_key" = %s', set()),
        ('UPDATE "django_celery_beat_periodictask" SET "last_run_at" = %s', set()),
    ],
)
def test_the_tables_a_statement_writes(sql, tables):
    assert kept_pages.tables_written(sql) == tables


def test_a_sign_in_elsewhere_leaves_the_page_kept(client, dossier, nominee, django_assert_num_queries):
    """A session written to the database is no change to a page."""
    client.force_login(nominee)
    kept(client, detail(dossier), django_assert_num_queries)
    Client().force_login(nominee)  # saves a session, and the account's last sign-in
    drawn(client, detail(dossier))  # last_login is the account's row: drawn again, then kept
    with django_assert_num_queries(0):
        assert client.get(detail(dossier)).context is None
    session = SessionStore()
    session["note"] = "a session's own data"
    session.save()
    from django.contrib.sessions.backends.cached_db import SessionStore as DatabaseSessionStore

    stored = DatabaseSessionStore()
    stored["note"] = "written to the database"
    stored.save()
    assert client.get(detail(dossier)).context is None


def test_each_viewer_and_language_has_its_own_copy(client, dossier, nominee, lead, django_assert_num_queries):
    client.force_login(nominee)
    kept(client, detail(dossier), django_assert_num_queries)
    client.cookies["django_language"] = "de"
    german = drawn(client, detail(dossier))
    assert 'lang="de"' in german
    reviewer = Client()
    reviewer.force_login(lead)
    assert "Talk at the user group" in drawn(reviewer, detail(dossier))


def test_each_session_gets_its_own_csrf_token_in_a_kept_page(dossier, nominee):
    """Two browsers of one person: the second is served the kept page, with its own token,
    and its forms post."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(nominee)
    drawn(first, detail(dossier))
    second.force_login(nominee)  # writes the account's last sign-in
    drawn(second, detail(dossier))
    assert first.get(detail(dossier)).context is None
    again = second.get(detail(dossier))
    assert again.context is None
    tokens = set(TOKEN.findall(again.content.decode()))
    assert len(tokens) == 1 and "mvpshellslot" not in again.content.decode()
    response = second.post(
        reverse("accounts:language"), {"language": "fr", "next": detail(dossier), "csrfmiddlewaretoken": tokens.pop()}
    )
    assert response.status_code == 302


def test_a_viewer_with_a_message_waiting_gets_the_page_drawn(nominee):
    request = RequestFactory().get("/dossiers/")
    request.user, request.session = nominee, SessionStore()
    request._messages = SessionStorage(request)
    draws = []

    def context() -> dict:
        draws.append(1)
        return {"dossiers": []}

    @kept_pages.keep
    def view(request):
        return kept_pages.page(request, "nominations/dossier_list.html", context)

    def served() -> str:
        return view(request).content.decode()

    served()
    served()
    assert len(draws) == 1
    add_message(request, constants.SUCCESS, "Saved your changes.")
    assert "Saved your changes." in served()
    assert len(draws) == 2


def test_a_change_to_what_access_depends_on_runs_the_view_again(client, dossier, lead):
    """The kept copy is served before the access check: a conflict declared, or the lead no longer
    responsible for the dossier's country, is a write to a table the check read: refused at once."""
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.SUBMITTED, submitted_at=NOON_TODAY)
    review = reverse("desks:dossier", args=[dossier.pk])
    client.force_login(lead)
    drawn(client, review)
    assert client.get(review).context is None
    declared = ConflictDeclaration.objects.create(dossier=dossier, employee=lead, reason="A former colleague")
    assert client.get(review).status_code == 404
    declared.delete()
    drawn(client, review)
    assert client.get(review).context is None
    lead.led_regions.clear()
    assert client.get(review).status_code == 404


def test_a_new_day_draws_the_page_again(client, clock, dossier, nominee, django_assert_num_queries):
    client.force_login(nominee)
    kept(client, detail(dossier), django_assert_num_queries)
    clock.move_to("2026-11-29T12:00:00+00:00")
    drawn(client, detail(dossier))


def test_keeping_can_be_turned_off(client, settings, dossier, nominee):
    settings.KEPT_PAGE_SECONDS = 0
    client.force_login(nominee)
    drawn(client, detail(dossier))
    drawn(client, detail(dossier))


def test_a_cycle_being_announced_is_drawn_each_time(client, program_admin):
    """Whether its announcement has stalled changes with the clock, not with a write."""
    cycle = AwardCycleFactory(state=AwardCycle.State.ANNOUNCING)
    client.force_login(program_admin)
    url = reverse("desks:cycle", args=[cycle.pk])
    drawn(client, url)
    drawn(client, url)


@pytest.mark.services
@pytest.mark.usefixtures("committed_db", "postgres")
def test_a_write_in_another_process_is_seen_here(redis_cache, django_assert_num_queries):  # noqa: F811
    """Two processes sharing PostgreSQL and Redis: an UPDATE without a signal, in the
    other one, draws this one's kept page again."""
    url, prefix = redis_cache
    owner = UserFactory(display_name="Pia Process", country="IE")
    dossier = DossierFactory(owner=owner, expertise=ExpertiseFactory())
    ActivityFactory(dossier=dossier, title="Before the other process")
    client = Client()
    client.force_login(owner)
    kept(client, detail(dossier), django_assert_num_queries)
    run_django(
        "from nominations.models import Activity\n"
        f"Activity.objects.filter(dossier_id={dossier.pk}).update(title='Written elsewhere')\n",
        cache_url=url,
        prefix=prefix,
        database_url=database_url_of_the_test_database(),
    )
    page = drawn(client, detail(dossier))
    assert "Written elsewhere" in page and Dossier.objects.filter(pk=dossier.pk).exists()


# What a kept staff page costs, at any size: nothing from the database. Neither the page nor its
# access check runs, and the viewer (account, roles, authenticator) is kept too (accounts/viewer.py).
KEPT_QUERIES = dict.fromkeys(["home", "lead desk", "queue", "review page", "evaluation form", "dashboard", "cycle"], 0)


@pytest.mark.parametrize("size", [5, 60])
def test_kept_staff_pages_read_nothing_from_the_database_at_any_size(client, lead, program_admin, expertise, size):
    dossiers, evaluator = make_world(size, expertise, lead)
    cycle = AwardCycleFactory()
    reviewed = dossiers[0].pk
    pages = {
        "home": (lead, reverse("home")),
        "lead desk": (lead, reverse("desks:lead")),
        "queue": (lead, reverse("desks:dossier-list")),
        "review page": (lead, reverse("desks:dossier", args=[reviewed])),
        "evaluation form": (evaluator, reverse("evaluations:evaluate", args=[reviewed])),
        "dashboard": (program_admin, reverse("desks:dashboard")),
        "cycle": (program_admin, reverse("desks:cycle", args=[cycle.pk])),
    }
    counted = {}
    for name, (person, url) in pages.items():
        client.force_login(person)
        assert client.get(url).status_code == 200, name
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).context is None, name
        counted[name] = len(queries)
    assert counted == KEPT_QUERIES


def test_a_write_to_a_table_the_page_did_not_read_leaves_it_kept(
    client, dossier, nominee, outsider, django_assert_num_queries
):
    from api.services import token_create

    client.force_login(nominee)
    kept(client, detail(dossier), django_assert_num_queries)
    token_create(user=outsider, name="Their tool", scope="read", days=30, now=NOON_TODAY)  # an API token
    assert client.get(detail(dossier)).context is None
    ActivityFactory(dossier=dossier, title="A new talk")  # a table it read
    assert "A new talk" in drawn(client, detail(dossier))


def test_the_viewer_s_own_account_is_part_of_the_key(client, dossier, nominee, django_assert_num_queries):
    """Read before the page (by the sign-in), so not among what it read: changed, it draws the page again."""
    client.force_login(nominee)
    kept(client, detail(dossier), django_assert_num_queries)
    with mock.patch.object(kept_pages, "tables_changed"):  # no table's token replaced
        type(nominee).objects.filter(pk=nominee.pk).update(display_name="Nico Renamed")
    with mock.patch.object(viewer, "kept_viewer", viewer._read_viewer):  # the viewer read afresh, as it is then
        assert "Nico Renamed" in drawn(client, detail(dossier))


def test_a_generation_the_page_consulted_draws_it_again(client, lead, dossier, django_assert_num_queries):
    """The queue's counts come from the cache (``public_cache.kept``): their token is among what it read."""
    from evaluations.selectors import QUEUE
    from mvp_portal.public_cache import generations_changed

    client.force_login(lead)
    queue = reverse("desks:dossier-list")
    drawn(client, queue)
    assert client.get(queue).context is None
    generations_changed([QUEUE])
    drawn(client, queue)


def test_a_kept_page_and_its_tokens_are_read_in_one_round_trip(client, dossier, nominee, monkeypatch):
    """Once this process has seen what the page is kept with, one ``get_many`` reads both."""
    client.force_login(nominee)
    drawn(client, detail(dossier))
    client.get(detail(dossier))  # kept: the tokens it is kept with now known here
    monkeypatch.setattr(public_cache, "_PLANS", {})  # not read ahead with the rest of the request
    cache = kept_pages.cache
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads:
        assert client.get(detail(dossier)).context is None
    (page_read,) = [call.args[0] for call in reads.call_args_list if call.args[0][0].startswith("kept:page:")]
    tokens = [key for key in page_read if key.startswith("kept:gen:table:")]
    assert "kept:gen:table:nominations_activity" in tokens  # the page and its tokens, together
    assert not [call for call in reads.call_args_list if call.args[0] == page_read[1:]]  # not read again


def test_what_this_process_guessed_a_page_depends_on_is_only_a_guess(client, dossier, nominee):
    client.force_login(nominee)
    drawn(client, detail(dossier))
    client.get(detail(dossier))
    (key,) = [key for key in kept_pages._DEPENDS_SEEN if key.startswith(f"kept:page:{nominee.pk}:")]
    kept_pages._DEPENDS_SEEN[key] = ("kept:gen:table:nothing_read",)  # as if kept with other tokens elsewhere
    assert client.get(detail(dossier)).context is None  # still served: its own tokens are read
    _save(Activity.objects.get(dossier=dossier))
    kept_pages._DEPENDS_SEEN[key] = ("kept:gen:table:nothing_read",)
    assert "Renamed" in drawn(client, detail(dossier))  # and still drawn again after a write


def test_values_read_ahead_are_what_a_read_of_their_own_would_give():
    """Inside ``read_ahead``: a kept value asked ahead costs no further read, is computed again once
    its table is written, and one not asked ahead is read as ever."""
    computed = []

    def value(name):
        return functools.partial(lambda name: computed.append(name) or f"{name} {len(computed)}", name)

    tables = ("nominations_activity",)
    assert kept_pages.kept_over_tables("one", (1,), tables, value("one")) == "one 1"
    cache = kept_pages.cache
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads:
        with kept_pages.read_ahead(("one", (1,), tables)):
            assert len(reads.call_args_list) == 1
            assert kept_pages.kept_over_tables("one", (1,), tables, value("one")) == "one 1"
            assert len(reads.call_args_list) == 1  # what was read ahead
            assert kept_pages.kept_over_tables("two", (2,), tables, value("two")) == "two 2"
            assert len(reads.call_args_list) == 2
        kept_pages.tables_changed(tables)
        with kept_pages.read_ahead(("one", (1,), tables)):
            assert kept_pages.kept_over_tables("one", (1,), tables, value("one")) == "one 3"


def test_a_token_replaced_during_a_request_is_what_its_later_reads_see():
    """What a request read ahead is a snapshot from its start; its own writes are not left out of it."""
    key = "kept:gen:table:nominations_activity"
    caller = ("a session", "/an/address/")
    with public_cache.request_read_ahead(caller):
        public_cache.generations([key])  # read: the plan for next time
    with public_cache.request_read_ahead(caller):
        (before,) = public_cache.generations([key])  # from what was read ahead
        public_cache.generations_changed([key])
        (after,) = public_cache.generations([key])
    assert after != before
    assert [after] == public_cache.generations([key])
