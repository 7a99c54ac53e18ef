"""Django's cached sessions with the database behind them (``cached_db``), read through
``public_cache.read_many``: a request that read ahead what its caller's last request read
(``public_cache.request_read_ahead``) finds its session there, with no round trip of its own."""

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import DEFAULT_CACHE_ALIAS

from .. import public_cache


class SessionStore(cached_db.SessionStore):
    def load(self):
        if settings.SESSION_CACHE_ALIAS == DEFAULT_CACHE_ALIAS:  # the cache public_cache reads
            key = self.cache_key
            found = public_cache.read_many([key])
            if found.get(key) is not None:
                return found[key]
        return super().load()  # not in the cache: Django's own, from the database
