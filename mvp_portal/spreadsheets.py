"""What every CSV the portal writes does to a cell."""

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> str:
    """``value`` as text a spreadsheet shows as typed: a leading quote disarms a formula; None is empty."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
