"""Where a budget's money goes: totals of its allocations by status, category or financial year."""

from decimal import Decimal

from django.db.models import Sum

from .models import Allocation

GROUPINGS = ("status", "category", "financial_year")


def allocations_by(budget, field):
    """Total allocated from `budget` per value of `field`, in one aggregate query.

    Status and category list every choice (zero when unused), in the order they are declared;
    financial years list those allocated to, oldest first.
    """
    if field not in GROUPINGS:
        raise ValueError(f"Allocations are totalled by {', '.join(GROUPINGS)}, not {field!r}.")
    totals = dict(budget.allocations.order_by(field).values_list(field).annotate(total=Sum("amount_gbp")))
    choices = Allocation._meta.get_field(field).choices
    keys = [value for value, _label in choices] if choices else list(totals)
    return {key: totals.get(key, Decimal("0.00")) for key in keys}
