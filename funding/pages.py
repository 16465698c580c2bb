"""What the funding pages read: a budget's allocations summed by status and, two ways at once,
by financial year and status or category. Each function runs one query, however many
allocations there are."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from .models import AllocationStatus, Category
from .reports import allocations_by

ZERO = Decimal("0.00")


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


def financial_years(budget):
    """The financial years ("2017/18") a budget's dates overlap, in order."""
    first = budget.start_date.year - (budget.start_date.month < 4)
    last = budget.end_date.year - (budget.end_date.month < 4)
    return [f"{year}/{(year + 1) % 100:02d}" for year in range(first, last + 1)]


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
    years = sorted(set(financial_years(budget)) | set(by_year))
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
