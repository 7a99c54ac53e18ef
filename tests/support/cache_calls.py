"""The cache calls a request makes, as a shared cache would see them."""

from django.core.cache import caches

CALLS = ("get", "get_many", "set", "set_many", "add", "delete", "delete_many")


def cache_calls(monkeypatch) -> list[tuple[str, object]]:
    """The default cache's calls made from now on, each as its name and first argument (a key, keys
    or values), one per call: the in-process cache's ``get_many`` asks its own ``get`` for each key,
    which a shared cache answers in one round trip."""
    backend, calls, depth = caches["default"], [], [0]

    def counting(name, method):
        def counted(*args, **kwargs):
            if not depth[0]:
                calls.append((name, args[0] if args else None))
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return counted

    for name in CALLS:
        monkeypatch.setattr(backend, name, counting(name, getattr(backend, name)))
    return calls
