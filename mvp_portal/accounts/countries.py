"""A country's name in the reader's language, for lists of many.

django-countries looks a name up anew each time (about 25 µs); the whole list of names,
read once per language and process, costs as much as five such lookups, and a queue page,
the dashboard and the directory's facets show tens of countries. The names are the
package's and the settings' (``COUNTRIES_OVERRIDE``), fixed for the life of a process.
"""

import functools

from django.utils import translation
from django_countries import countries


@functools.lru_cache(maxsize=64)
def _names(language: str) -> dict[str, str]:
    return {code: str(name) for code, name in countries}  # iterating gives the names in the active language


def country_name(country) -> str:
    """``country`` (a ``Country`` or its code) by its name in the active language; "" for none."""
    code = getattr(country, "code", country) or ""
    return _names(translation.get_language() or "").get(code, "")
