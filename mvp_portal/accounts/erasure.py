"""Erasing a person: each app erases or anonymises its own personal data.

The kernel owns the account and the order of things (``account_erase`` in
``services``); the apps register an eraser here in their AppConfig, so that
the kernel never imports them. An eraser takes ``user`` (still with its
e-mail and name, about to be anonymised) and keeps the records' shape —
rows that count (awards, decisions, log entries) stay, pointing at the
anonymised account, "a former member"; free text about the person goes.
Running it twice changes nothing.
"""

from collections.abc import Callable

_erasers: dict[str, Callable[..., None]] = {}


def register_personal_data_eraser(name: str, eraser: Callable[..., None]) -> Callable[..., None]:
    _erasers[name] = eraser
    return eraser


def personal_data_erasers() -> list[Callable[..., None]]:
    return list(_erasers.values())
