"""What every spreadsheet the app writes shares."""

FORMULA_STARTS = ("=", "+", "-", "@")


def escape_formula(value):
    """A text cell that a spreadsheet would run as a formula, quoted so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value
