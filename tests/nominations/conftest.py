"""Fixtures of the nominations tests."""

import pytest


@pytest.fixture
def activity_types(db):
    """The activity types of the data migration, again: ``transactional_db``
    tests flush every table, migrated data included."""
    from nominations.models import ActivityType
    from tests.support.reference_data import restore_activity_types

    restore_activity_types()
    return list(ActivityType.objects.all())
