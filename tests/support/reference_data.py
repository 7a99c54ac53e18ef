"""The reference data the data migrations ship, loaded again for ``transactional_db``
tests (their flush empties every table, migrated data included)."""

import importlib

from django.apps import apps

# Each (migration module, function), in migration order.
ACTIVITY_TYPES = [
    ("nominations.migrations.0002_activity_types", "create_types"),
    ("nominations.migrations.0004_dossier_country_closed_state_profile_urls", "fill"),
    ("nominations.migrations.0006_legacy_activity_types", "load"),
]


def restore_activity_types() -> None:
    for module, function in ACTIVITY_TYPES:
        getattr(importlib.import_module(module), function)(apps, None)


# The kernel's expertises (with their legacy ids) and languages.
ACCOUNTS = [
    ("mvp_portal.accounts.migrations.0002_reference_data", "load"),
    ("mvp_portal.accounts.migrations.0004_legacy_contribution_areas", "load"),
]


def restore_reference_data() -> None:
    """Every table the data migrations fill, filled again (after a ``transactional_db`` flush)."""
    for module, function in [*ACCOUNTS, *ACTIVITY_TYPES]:
        getattr(importlib.import_module(module), function)(apps, None)
