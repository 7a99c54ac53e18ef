from datetime import UTC, datetime

import pytest
import time_machine

from tests.conftest import TODAY


@pytest.fixture(autouse=True)
def _on_today():
    """The suite's TODAY (2026-11-28), midday in the program's zone (UTC by default)."""
    with time_machine.travel(datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0, tzinfo=UTC), tick=False):
        yield
