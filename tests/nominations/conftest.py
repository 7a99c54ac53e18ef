"""Fixtures of the nominations tests: the program's "today" is the suite's TODAY."""

import pytest

from tests.conftest import TODAY


@pytest.fixture(autouse=True)
def _program_today(monkeypatch):
    monkeypatch.setattr("nominations.views.program_today", lambda: TODAY)
    return TODAY
