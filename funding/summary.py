"""The national summary (SPEC §5): stored results over active trusts, and the default budget."""

from workforce.summary import compliance_summary

from .models import Budget
from .pages import budget_totals, burn_down
from .reports import allocations_by


def national_summary(trusts):
    """`compliance_summary(trusts)` plus the default budget's money by status (null without
    a default budget). Four queries."""
    budget = Budget.objects.filter(is_default=True).first()
    return {**compliance_summary(trusts), "budget": budget_totals(budget) if budget else None}


def budget_summary(budget):
    """Where a budget's money goes: by status, by financial year and status, by category.
    Three queries."""
    return {
        **budget_totals(budget),
        "by_financial_year": burn_down(budget),
        "by_category": allocations_by(budget, "category"),
    }
