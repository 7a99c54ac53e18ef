"""Django's own Redis cache backend, keeping one client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every
cache call, and building one (its table of response callbacks) costs about a
tenth of a millisecond: on a page served from the cache, with its generation
token and its session, that was a tenth of the request. A ``redis.Redis`` is
safe to share between threads (each command takes a connection from the pool,
which also starts afresh in a forked worker), so one per pool is kept.

Nor does it check each key for memcached's limits (250 characters, no spaces or
control characters), which Django's backends all do, one character at a time:
Redis has no such limits, and a kept page reads some thirty keys a request.
Replies are parsed by hiredis (requirements.txt), which redis-py uses when it
is installed.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def validate_key(self, key):
        """Any key is a Redis key: memcached's limits are not checked (see the module's note)."""
