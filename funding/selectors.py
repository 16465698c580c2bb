"""What the funding pages and API read: a budget's allocations summed by status, category or
financial year (and two of those at once), and the national summary with its budget block.
Each function runs a fixed number of queries, however many allocations there are."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from trusts.querysets import TrustQuerySet
from workforce.models import Policy
from workforce.selectors import compliance_summary
from workforce.timeline import summary_on

from .models import Allocation, AllocationStatus, Budget, Category

ZERO = Decimal("0.00")
GROUPINGS = ("status", "category", "financial_year")


def allocations_by(budget: Budget, field: str) -> dict[str, Decimal]:
    """Total allocated from `budget` per value of `field`, in one aggregate query.

    Status and category list every choice (zero when unused), in the order they are declared;
    financial years list those allocated to, oldest first.
    """
    if field not in GROUPINGS:
        raise ValueError(f"Allocations are totalled by {', '.join(GROUPINGS)}, not {field!r}.")
    totals = dict(budget.allocations.order_by(field).values_list(field).annotate(total=Sum("amount_gbp")))
    choices = Allocation._meta.get_field(field).choices  # type: ignore[union-attr]  # a plain column
    keys = [value for value, _label in choices] if choices else list(totals)
    return {key: totals.get(key, ZERO) for key in keys}


def national_summary(
    trusts: TrustQuerySet, computed: tuple[date, Policy | None] | None = None
) -> dict[str, Any]:
    """`compliance_summary` of the active `trusts`' stored results or, with `computed` (a date
    and a policy), `summary_on` that date; plus the default budget's money by status (null
    without a default budget). Four queries for the stored figures."""
    figures = compliance_summary(trusts.active()) if computed is None else summary_on(trusts, *computed)
    budget = Budget.objects.default()
    return {**figures, "budget": budget_totals(budget) if budget else None}


def budget_summary(budget: Budget) -> dict[str, Any]:
    """Where a budget's money goes: by status, by financial year and status, by category.
    Three queries."""
    return {
        **budget_totals(budget),
        "by_financial_year": burn_down(budget),
        "by_category": allocations_by(budget, "category"),
    }


def status_sums():
    return {
        status: Sum("amount_gbp", filter=Q(status=status), default=ZERO) for status in AllocationStatus.values
    }


def budget_totals(budget):
    """Total, planned, committed, spent, allocated (all three) and remaining. 1 query."""
    sums = allocations_by(budget, "status")
    allocated = sum(sums.values(), ZERO)
    remaining = budget.total_gbp - allocated
    return {"total": budget.total_gbp, **sums, "allocated": allocated, "remaining": remaining}


@dataclass(frozen=True)
class YearRow:
    """A financial year of a budget: what is planned, committed and spent in it, and what of
    the budget is left once it and every earlier year are paid for (the burn-down)."""

    financial_year: str
    planned: Decimal
    committed: Decimal
    spent: Decimal
    remaining_after: Decimal

    @property
    def allocated(self):
        return self.planned + self.committed + self.spent


def burn_down(budget):
    """One row per financial year of the budget, and any year an allocation names. 1 query."""
    rows = budget.allocations.values("financial_year").annotate(**status_sums())
    by_year = {row.pop("financial_year"): row for row in rows}
    years = sorted(set(budget.financial_years()) | set(by_year))
    remaining = budget.total_gbp
    result = []
    for year in years:
        sums = by_year.get(year) or dict.fromkeys(AllocationStatus.values, ZERO)
        remaining -= sum(sums.values(), ZERO)
        result.append(YearRow(year, remaining_after=remaining, **sums))
    return result


def by_category_and_year(budget, years):
    """Rows of (category label, amounts in each of `years`, total) for every category. 1 query."""
    cells = defaultdict(lambda: ZERO)
    for row in budget.allocations.values("category", "financial_year").annotate(amount=Sum("amount_gbp")):
        cells[row["category"], row["financial_year"]] = row["amount"]
    return [
        {
            "category": category.label,
            "amounts": [cells[category.value, year] for year in years],
            "total": sum((cells[category.value, year] for year in years), ZERO),
        }
        for category in Category
    ]
