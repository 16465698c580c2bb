"""How amounts of money read in words: one place, so a refusal and a page say them the same."""

from decimal import Decimal


def plain_pounds(amount: Decimal) -> str:
    """£700.00: how a refusal names an amount (SPEC §5, "only £0.19 of this budget is unallocated")."""
    return f"£{amount:.2f}"


def pounds(amount: Decimal) -> str:
    """£1,330,000.00: how pages, reports and planner messages show an amount."""
    return f"£{amount:,.2f}"
