"""Fixtures of the nominations tests."""

import pytest


@pytest.fixture
def activity_types(db):
    """The activity types of the data migration, again: ``transactional_db``
    tests flush every table, migrated data included."""
    import importlib

    from django.apps import apps

    from nominations.models import ActivityType

    importlib.import_module("nominations.migrations.0002_activity_types").create_types(apps, None)
    return list(ActivityType.objects.all())
