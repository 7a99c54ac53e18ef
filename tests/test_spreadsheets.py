"""The one rule for a CSV cell: a formula is shown as typed, never run."""

import pytest

from mvp_portal.spreadsheets import spreadsheet_cell


@pytest.mark.parametrize("typed", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_a_formula_is_disarmed(typed):
    assert spreadsheet_cell(typed) == "'" + typed


@pytest.mark.parametrize(("value", "cell"), [("O'Brien", "O'Brien"), (12, "12"), (None, ""), ("a=b", "a=b")])
def test_anything_else_is_kept(value, cell):
    assert spreadsheet_cell(value) == cell
