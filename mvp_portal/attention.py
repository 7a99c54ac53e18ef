"""'What needs your attention' on the home page.

Each app contributes items through a provider registered in its AppConfig,
so that this kernel module never imports the apps above it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AttentionItem:
    title: str
    url: str
    detail: str = ""
    count: int | None = None


_providers: list[Callable] = []


def register_attention_provider(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def attention_items_for(user) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for provider in _providers:
        items.extend(provider(user))
    return items
