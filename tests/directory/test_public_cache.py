"""The public directory and profiles from the cache: served without the database
to anonymous visitors, and never stale after a write that changes them (one test
per write), in this process and in another one sharing the cache."""

import os
import re
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test import Client as DjangoClient
from django.urls import reverse

from awards import services as award_services
from evaluations.models import Decision
from mvp_portal import public_cache
from nominations import services as nomination_services
from nominations.models import Activity, Dossier
from tests.factories import (
    ActivityTypeFactory,
    AwardCycleFactory,
    AwardFactory,
    DossierFactory,
    ExpertiseFactory,
    UserFactory,
)

DIRECTORY = reverse("directory:directory")
ROOT = Path(__file__).resolve().parents[2]


def profile_url(person) -> str:
    return reverse("directory:profile", args=[person.pk])


@pytest.fixture
def mvp(db, expertise):
    person = UserFactory(display_name="Mira Cached", country="IE", headline="Old headline")
    AwardFactory(user=person, expertise=expertise, starts_on=date(2026, 10, 1))
    return person


def served_from_cache(client, url, django_assert_num_queries) -> str:
    """The page, rendered once, then served again without a query."""
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(url)
    assert main(again) == main(first)
    return again.content.decode()


def main(response) -> str:
    """The page's <main>: what the cache holds (the shell's CSRF token is new every time)."""
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def profile_post(person, **changes) -> dict:
    data = {
        "display_name": person.display_name,
        "country": str(person.country),
        "headline": person.headline,
        "biography": person.biography,
        "time_zone": "Europe/Dublin",
        "show_in_directory": "on",
        "identities-TOTAL_FORMS": "0",
        "identities-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# Served from the cache ----------------------------------------------------------
def test_anonymous_pages_come_from_the_cache(client, mvp, django_assert_num_queries):
    assert "Mira Cached" in served_from_cache(client, DIRECTORY, django_assert_num_queries)
    assert "Old headline" in served_from_cache(client, profile_url(mvp), django_assert_num_queries)
    # An unknown profile is remembered as unknown: a crawler's ids cost no query either.
    missing = reverse("directory:profile", args=[mvp.pk + 1000])
    assert client.get(missing).status_code == 404
    with django_assert_num_queries(0):
        assert client.get(missing).status_code == 404


def test_the_key_is_the_normalised_query(client, mvp, django_assert_num_queries):
    client.get(DIRECTORY)
    client.get(DIRECTORY, {"q": "mira  cached", "country": "ie"})
    with django_assert_num_queries(0):
        # The same filters spelled otherwise, and parameters the page does not read.
        response = client.get(DIRECTORY, {"q": "  mira cached ", "country": "IE", "utm_source": "social"})
    assert "Mira Cached" in response.content.decode()
    with django_assert_num_queries(0):
        assert client.get(DIRECTORY, {"page": "x"}).status_code == 404  # not a page number: no query either
        client.get(DIRECTORY)


def test_each_language_has_its_own_page(client, mvp):
    english = client.get(DIRECTORY, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = client.get(DIRECTORY, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="en"' in english
    assert 'lang="fr"' in french


def test_the_shell_is_fresh_per_visitor(mvp):
    """The language menu's CSRF token is each visitor's own, never the first visitor's."""
    first, second = DjangoClient(), DjangoClient()
    first.get(DIRECTORY)
    second.get(DIRECTORY)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_the_kept_shell_holds_each_visitors_own_token_and_address(mvp, django_assert_num_queries):
    """The whole page is kept, shell included: each visitor's CSRF token and the address the
    language menu returns to are written into it, and the menu's form works with them."""
    first = DjangoClient(enforce_csrf_checks=True)
    first.get(DIRECTORY, {"q": "Jose"})
    second = DjangoClient(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        response = second.get(DIRECTORY, {"q": "JOSÉ", "utm": "x"})
    assert response.templates == []  # not even the shell rendered
    page = response.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert "mvpshellslot" not in page
    assert 'name="next" value="/directory/?q=JOS%C3%89&amp;utm=x"' in page
    switched = second.post(
        reverse("accounts:language"), {"csrfmiddlewaretoken": token, "language": "fr", "next": "/directory/"}
    )
    assert switched.status_code == 302


def test_a_visitor_with_a_message_waiting_gets_it_on_a_kept_page(client, mvp):
    client.get(profile_url(mvp))  # the page is kept
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode(
        [Message(constants.SUCCESS, "Signed out: see you soon.")]
    )
    page = client.get(profile_url(mvp)).content.decode()
    assert "Signed out: see you soon." in page
    assert "Signed out: see you soon." not in client.get(profile_url(mvp)).content.decode()


def test_signed_in_people_never_get_a_cached_page(client, mvp, expertise):
    anonymous = DjangoClient()
    assert "Old headline" in anonymous.get(profile_url(mvp)).content.decode()
    type(mvp).objects.filter(pk=mvp.pk).update(headline="Changed behind the cache's back")
    client.force_login(UserFactory())
    response = client.get(profile_url(mvp))
    assert "Changed behind the cache&#x27;s back" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


# One test per write: the stale page is gone ---------------------------------------
def test_profile_edit_refreshes_directory_and_profile(client, mvp, django_assert_num_queries):
    visitor = DjangoClient()
    assert "Old headline" in served_from_cache(visitor, DIRECTORY, django_assert_num_queries)
    assert "Old headline" in served_from_cache(visitor, profile_url(mvp), django_assert_num_queries)
    client.force_login(mvp)
    response = client.post(reverse("accounts:profile-edit"), profile_post(mvp, headline="New headline"))
    assert response.status_code == 302
    for url in (DIRECTORY, profile_url(mvp)):
        body = visitor.get(url).content.decode()
        assert "New headline" in body
        assert "Old headline" not in body


def test_opting_out_removes_the_person_at_once(client, mvp, django_assert_num_queries):
    visitor = DjangoClient()
    assert "Mira Cached" in served_from_cache(visitor, DIRECTORY, django_assert_num_queries)
    served_from_cache(visitor, profile_url(mvp), django_assert_num_queries)
    client.force_login(mvp)
    assert client.post(reverse("accounts:profile-edit"), profile_post(mvp, show_in_directory=None)).status_code == 302
    assert "Mira Cached" not in visitor.get(DIRECTORY).content.decode()
    assert visitor.get(profile_url(mvp)).status_code == 404


def test_admin_edit_of_a_person_refreshes_the_directory(client, mvp, django_assert_num_queries):
    served_from_cache(client, DIRECTORY, django_assert_num_queries)
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from mvp_portal.accounts.models import User

    admin = site._registry[User]
    request = RequestFactory().post("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    form = admin.get_form(request, mvp)(instance=mvp)
    form.save_m2m = lambda: None  # the admin saved the form itself; only the public pages are under test
    mvp.display_name = "Mira Renamed"
    mvp.save()
    admin.save_related(request, form, [], change=True)
    assert "Mira Renamed" in client.get(DIRECTORY).content.decode()


def test_activity_save_and_delete_refresh_the_profile(client, mvp, expertise, django_assert_num_queries):
    dossier = DossierFactory(
        owner=mvp,
        kind=Dossier.Kind.RENEWAL,
        expertise=expertise,
        award_date=date(2027, 10, 1),
        period_start=date(2026, 9, 1),
        period_end=date(2027, 8, 31),
    )
    assert "A talk after caching" not in served_from_cache(client, profile_url(mvp), django_assert_num_queries)
    served_from_cache(client, DIRECTORY, django_assert_num_queries)
    activity = nomination_services.activity_save(
        dossier_id=dossier.pk,
        actor=mvp,
        today=date(2026, 11, 28),
        activity_type=ActivityTypeFactory(),
        title="A talk after caching",
        started_on=date(2026, 11, 2),
        url="https://example.org/talk",
        quantity=1,
        reach=10,
        visibility=Activity.Visibility.PUBLIC,
    )
    assert "A talk after caching" in client.get(profile_url(mvp)).content.decode()
    with django_assert_num_queries(0):
        client.get(DIRECTORY)  # the directory does not show activities: still cached
    nomination_services.activity_delete(activity_id=activity.pk, actor=mvp)
    assert "A talk after caching" not in client.get(profile_url(mvp)).content.decode()


def test_the_daily_run_refreshes_the_directory(client, mvp, expertise, django_assert_num_queries):
    served_from_cache(client, DIRECTORY, django_assert_num_queries)
    # An award written behind the cache's back (say, by a data fix) shows after the next daily run.
    AwardFactory(user=UserFactory(display_name="Dora Daily"), expertise=expertise, starts_on=date(2026, 10, 1))
    assert "Dora Daily" not in client.get(DIRECTORY).content.decode()
    award_services.awards_daily(today=date(2026, 11, 28))
    assert "Dora Daily" in client.get(DIRECTORY).content.decode()


def test_a_new_day_is_a_new_page(client, clock, mvp, expertise, django_assert_num_queries):
    AwardFactory(user=UserFactory(display_name="Tom Tomorrow"), expertise=expertise, starts_on=date(2026, 11, 29))
    assert "Tom Tomorrow" not in served_from_cache(client, DIRECTORY, django_assert_num_queries)
    clock.move_to("2026-11-29T00:30:00+00:00")
    assert "Tom Tomorrow" in client.get(DIRECTORY).content.decode()


def test_the_announcement_refreshes_the_directory(
    client, mvp, program_admin, expertise, django_assert_num_queries, django_capture_on_commit_callbacks
):
    award_date = date(2026, 7, 1)  # announced late: its awards cover today
    cycle = AwardCycleFactory(award_date=award_date)
    newcomer = UserFactory(display_name="Nadia Newcomer")
    dossier = DossierFactory(owner=newcomer, expertise=expertise, award_date=award_date)
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.DECIDED)
    Decision.objects.create(dossier=dossier, verdict="award", rationale="Evaluated", decided_by=program_admin)
    assert "Nadia Newcomer" not in served_from_cache(client, DIRECTORY, django_assert_num_queries)
    award_services.cycle_announce_request(cycle_id=cycle.pk, actor=program_admin, today=date(2026, 11, 28))
    with django_capture_on_commit_callbacks(execute=True):
        award_services.cycle_announce(cycle_id=cycle.pk, today=date(2026, 11, 28))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        body = client.get(DIRECTORY).content.decode()
    assert "Nadia Newcomer" in body
    assert f"{expertise.name} (2)" in body
    assert grouped_queries(queries.captured_queries) == []  # the counts were made by the announcement


def test_tokens_are_replaced_again_when_the_write_commits(db, django_capture_on_commit_callbacks):
    before = public_cache.generations([public_cache.DIRECTORY])
    with django_capture_on_commit_callbacks() as callbacks:
        public_cache.directory_changed()
        during = public_cache.generations([public_cache.DIRECTORY])
    assert during != before
    for callback in callbacks:
        callback()
    assert public_cache.generations([public_cache.DIRECTORY]) not in (before, during)


# Conditional GET -------------------------------------------------------------------
def test_conditional_get_answers_304_until_a_write(client, mvp):
    first = client.get(DIRECTORY)
    assert first["ETag"] and first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    again = client.get(DIRECTORY, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(DIRECTORY, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    profile = client.get(profile_url(mvp))
    assert client.get(profile_url(mvp), HTTP_IF_NONE_MATCH=profile["ETag"]).status_code == 304

    public_cache.directory_changed()
    changed = client.get(DIRECTORY, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert client.get(profile_url(mvp), HTTP_IF_NONE_MATCH=profile["ETag"]).status_code == 200


def test_conditional_get_depends_on_filters_and_visitor(client, mvp):
    plain = client.get(DIRECTORY)
    filtered = client.get(DIRECTORY, {"country": "IE"}, HTTP_IF_NONE_MATCH=plain["ETag"])
    assert filtered.status_code == 200
    # Another visitor (another CSRF cookie, or none) never revalidates a copy that carries someone else's token.
    assert DjangoClient().get(DIRECTORY, HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 200
    stranger = DjangoClient()
    stranger.get(DIRECTORY)
    assert stranger.get(DIRECTORY, HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 200


# The real Redis, and another process ------------------------------------------------
@pytest.fixture
def redis_cache(redis_url, settings):
    """This test's own corner of the Redis cache (CACHE_URL, else the broker's Redis)."""
    url = os.environ.get("CACHE_URL", "")
    url = url if url.startswith("redis://") else redis_url
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    yield url, prefix
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def run_django(code: str, *, cache_url: str, prefix: str, database_url: str | None = None) -> str:
    """Run ``code`` in a new Python process with the portal's settings and this cache."""
    env = {
        **os.environ,
        "CACHE_URL": cache_url,
        "CACHE_KEY_PREFIX": prefix,
        "DJANGO_SETTINGS_MODULE": "mvp_portal.settings",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    script = "import django; django.setup()\n" + code
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.services
def test_cache_url_selects_django_redis_backend_and_sessions_use_it(redis_cache, client, mvp):
    url, prefix = redis_cache
    out = run_django(
        "from django.conf import settings\n"
        "from django.core.cache import cache\n"
        "print(settings.CACHES['default']['BACKEND'])\n"
        "print(settings.SESSION_ENGINE)\n"
        "cache.set('probe', 'from-another-process')\n",
        cache_url=url,
        prefix=prefix,
    )
    assert out.split() == ["mvp_portal.redis_cache.RedisCache", "mvp_portal.accounts.sessions"]
    import redis

    server = redis.Redis.from_url(url)
    assert server.exists(f"{prefix}:1:probe")
    # Sessions: in Redis, and in the database behind it.
    client.force_login(mvp)
    session_key = client.cookies["sessionid"].value
    assert server.exists(f"{prefix}:1:django.contrib.sessions.cached_db{session_key}")
    from django.contrib.sessions.models import Session

    assert Session.objects.filter(session_key=session_key).exists()
    # The public pages too.
    client.logout()
    DjangoClient().get(DIRECTORY)
    assert any(key.startswith(f"{prefix}:1:public:page:".encode()) for key in server.scan_iter(f"{prefix}:*"))


def database_url_of_the_test_database() -> str:
    parsed = urlparse(os.environ["DATABASE_URL"])
    return urlunparse(parsed._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.fixture
def reference_data_after_flush(django_db_blocker):
    """Set up before ``transactional_db``, torn down after its flush: the migrations'
    reference data (expertises, languages, activity types) back for the next tests."""
    from tests.support.reference_data import restore_reference_data

    yield
    with django_db_blocker.unblock():
        restore_reference_data()


@pytest.fixture
def committed_db(reference_data_after_flush, transactional_db):
    """Rows the other process can see."""


@pytest.mark.services
def test_a_write_in_another_process_is_seen_here(committed_db, postgres, redis_cache, django_assert_num_queries):
    """Two processes sharing PostgreSQL and Redis: the opt-out saved by the other
    one (through the profile service, as its web process would) empties this one's page."""
    url, prefix = redis_cache
    expertise = ExpertiseFactory()
    person = UserFactory(display_name="Pia Process", country="IE", headline="Shared cache")
    AwardFactory(user=person, expertise=expertise, starts_on=date(2026, 10, 1))
    visitor = DjangoClient()
    assert "Pia Process" in served_from_cache(visitor, DIRECTORY, django_assert_num_queries)
    run_django(
        "from mvp_portal.accounts.forms import OnlineIdentityFormSet, ProfileForm\n"
        "from mvp_portal.accounts.models import User\n"
        "from mvp_portal.accounts.services import profile_save\n"
        f"user = User.objects.get(pk={person.pk})\n"
        "data = {'display_name': user.display_name, 'country': 'IE', 'headline': user.headline, 'biography': '',\n"
        "        'time_zone': 'Europe/Dublin', 'identities-TOTAL_FORMS': '0', 'identities-INITIAL_FORMS': '0'}\n"
        "form = ProfileForm(data, instance=user)\n"
        "identities = OnlineIdentityFormSet(data, instance=user, prefix='identities')\n"
        "assert form.is_valid() and identities.is_valid(), (form.errors, identities.errors)\n"
        "profile_save(form=form, identities=identities)\n",
        cache_url=url,
        prefix=prefix,
        database_url=database_url_of_the_test_database(),
    )
    assert "Pia Process" not in visitor.get(DIRECTORY).content.decode()


# Facet counts, precomputed when awards change ---------------------------------------
def grouped_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "GROUP BY" in q["sql"]]


def test_facet_counts_are_precomputed_by_the_daily_run(client, mvp, expertise, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_capture_on_commit_callbacks(execute=True):
        award_services.awards_daily(today=date(2026, 11, 28))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DIRECTORY)  # a new page (the run changed the generation), yet no counting
    assert grouped_queries(queries.captured_queries) == []
    assert f"{expertise.name} (1)" in response.content.decode()
    # Filtered pages count with the other filters applied, per distinct query (then cached).
    with CaptureQueriesContext(connection) as queries:
        client.get(DIRECTORY, {"country": "IE"})
    assert len(grouped_queries(queries.captured_queries)) == 3


def test_after_a_profile_edit_the_counts_are_counted_once_again(
    client, mvp, expertise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award_services.awards_daily(today=date(2026, 11, 28))
    public_cache.directory_changed()  # as a profile edit does: the precomputed counts are stale
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(DIRECTORY)
    assert len(grouped_queries(queries.captured_queries)) == 3
    with CaptureQueriesContext(connection) as queries:
        client.get(DIRECTORY, {"sort": "recent"}, HTTP_ACCEPT_LANGUAGE="fr")  # another page: the counts are kept
    assert grouped_queries(queries.captured_queries) == []


def test_a_generation_is_replaced_at_once_each_time_and_at_the_commit_once(db, django_capture_on_commit_callbacks):
    """A bulk write (thousands of rows, each sending a signal) asks for one replacement at its
    commit; each write still replaces the token at once. A savepoint rolled back takes its
    request with it, so the next write asks again."""
    from django.db import transaction

    with django_capture_on_commit_callbacks() as callbacks:
        tokens = set()
        for _row in range(3):
            public_cache.generations_changed(["test:gen"])
            tokens.add(public_cache.generations(["test:gen"])[0])
    assert len(tokens) == 3 and len(callbacks) == 1

    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                public_cache.generations_changed(["test:other"])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        public_cache.generations_changed(["test:other"])
    assert len(callbacks) == 1
    before = public_cache.generations(["test:other"])[0]
    callbacks[0]()
    assert public_cache.generations(["test:other"])[0] != before


@pytest.mark.services
def test_the_redis_backend_keeps_its_client_between_calls(redis_url):
    """Django's backend builds a Redis client for every call (a tenth of a millisecond); ours keeps one."""
    from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

    from mvp_portal.redis_cache import RedisCache

    prefix = f"t-{uuid.uuid4().hex[:8]}"
    ours, django_s = RedisCache(redis_url, {"KEY_PREFIX": prefix}), DjangoRedisCache(redis_url, {"KEY_PREFIX": prefix})
    ours.set("probe", "kept", timeout=30)
    assert django_s.get("probe") == "kept" and ours.get_many(["probe"]) == {"probe": "kept"}
    assert ours._cache.get_client() is ours._cache.get_client(write=True)
    assert django_s._cache.get_client() is not django_s._cache.get_client()
    ours.delete("probe")


@pytest.mark.services
def test_the_redis_backend_takes_keys_memcached_would_warn_about(redis_url, recwarn):
    """No key is checked for memcached's limits, character by character, on its way to Redis."""
    from mvp_portal.redis_cache import RedisCache

    ours = RedisCache(redis_url, {"KEY_PREFIX": f"t-{uuid.uuid4().hex[:8]}"})
    key = "a key with spaces " + "x" * 300
    ours.set(key, "kept", timeout=30)
    assert ours.get_many([key]) == {key: "kept"}
    ours.delete(key)
    assert not [warning for warning in recwarn if warning.category.__name__ == "CacheKeyWarning"]


def test_redis_replies_are_parsed_by_hiredis():
    from redis.utils import HIREDIS_AVAILABLE

    assert HIREDIS_AVAILABLE, "hiredis (requirements.txt) is installed and recent enough for redis-py"
