"""Rate limits per token: a burst limit and a sustained one, 429 with Retry-After."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import ApiToken
from mvp_portal import public_cache
from tests.api.conftest import bearer
from tests.support.cache_calls import cache_calls

ME = "/api/v1/me/"


@pytest.fixture
def rates(settings):
    settings.API_THROTTLE_RATES = {"burst": "3/minute", "sustained": "5/hour"}


def test_burst_limit_then_retry_after(api, rates, nominee, outsider, make_token, clock):
    mine, theirs = bearer(make_token(nominee)), bearer(make_token(outsider))
    start = timezone.now()
    clock.move_to(start)
    assert [api.get(ME, **mine).status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get(ME, **mine)
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert refused["Retry-After"] == "60"
    assert api.get(ME, **theirs).status_code == 200  # per token, not per address
    clock.move_to(start + timedelta(seconds=30))
    assert api.get(ME, **mine)["Retry-After"] == "30"
    clock.move_to(start + timedelta(seconds=61))
    assert api.get(ME, **mine).status_code == 200
    # The two refused requests cost nothing: the hourly window holds 4 of 5.
    assert api.get(ME, **mine).status_code == 200
    assert api.get(ME, **mine).status_code == 429


def test_sustained_limit(api, rates, nominee, make_token, clock):
    mine = bearer(make_token(nominee))
    start = timezone.now()
    for minute in range(5):
        clock.move_to(start + timedelta(minutes=minute))
        assert api.get(ME, **mine).status_code == 200
    clock.move_to(start + timedelta(minutes=6))
    refused = api.get(ME, **mine)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 60  # the hourly window, not the minute's


@pytest.mark.services
def test_limits_are_shared_through_redis(api, rates, settings, redis_url, nominee, make_token):
    """With CACHE_URL on Redis, web processes share the counts: here, two separate connections."""
    import uuid

    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    prefix = f"test-api-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    mine = bearer(make_token(nominee))
    token_id = ApiToken.objects.get().pk
    keys = [f"api-throttle:{scope}:{token_id}" for scope in ("burst", "sustained")]
    try:
        assert isinstance(caches["default"], RedisCache)
        for _ in range(2):
            assert api.get(ME, **mine).status_code == 200
        other_process = RedisCache(redis_url, {"KEY_PREFIX": prefix})
        assert len(other_process.get(keys[0])) == 2
        api.get(ME, **mine)
        assert api.get(ME, **mine).status_code == 429
    finally:
        caches["default"].delete_many(keys)


def test_both_windows_cost_one_cache_round_trip_to_read_and_one_to_write(api, rates, nominee, make_token, monkeypatch):
    mine = bearer(make_token(nominee))
    api.get(ME, **mine)  # the token's first use is recorded once
    monkeypatch.setattr(public_cache, "_PLANS", {})  # nothing read ahead: the throttle's own reads
    calls = cache_calls(monkeypatch)
    assert api.get(ME, **mine).status_code == 200
    windows = [f"api-throttle:{scope}:{ApiToken.objects.get().pk}" for scope in ("burst", "sustained")]
    assert [keys for name, keys in calls if name == "get_many" and set(windows) & set(keys)] == [windows]
    assert len([name for name, keys in calls if name == "set_many" and set(windows) & set(keys)]) == 1


def test_two_tokens_of_one_person_count_apart(api, rates, nominee, make_token):
    first, second = bearer(make_token(nominee)), bearer(make_token(nominee))
    for _ in range(3):
        api.get(ME, **first)
    assert api.get(ME, **first).status_code == 429
    assert api.get(ME, **second).status_code == 200


def test_refused_tokens_are_not_counted_against_anyone(api, rates, db):
    for _ in range(10):
        assert api.get(ME, HTTP_AUTHORIZATION="Bearer mvp_zzzzzzzz_" + "a" * 40).status_code == 401


def test_bad_rate_settings_fail_loudly(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import mvp_portal.settings

    monkeypatch.setenv("API_RATE_BURST", "lots")
    with pytest.raises(ImproperlyConfigured, match="API rate burst"):
        importlib.reload(mvp_portal.settings)
    monkeypatch.delenv("API_RATE_BURST")
    importlib.reload(mvp_portal.settings)
