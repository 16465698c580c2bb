"""The national summary (SPEC §5): stored results over active trusts, and the default budget."""

from workforce.summary import compliance_summary
from workforce.timeline import summary_on

from .models import Budget
from .pages import budget_totals, burn_down
from .reports import allocations_by


def national_summary(trusts, computed=None):
    """`compliance_summary(trusts)` of the active trusts' stored results, or with `computed`
    (a date and a policy) the figures of `summary_on` that date; plus the default budget's
    money by status (null without a default budget). Four queries for the stored figures."""
    figures = compliance_summary(trusts.active()) if computed is None else summary_on(trusts, *computed)
    return {**figures, "budget": default_budget_totals()}


def default_budget_totals():
    budget = Budget.objects.filter(is_default=True).first()
    return budget_totals(budget) if budget else None


def budget_summary(budget):
    """Where a budget's money goes: by status, by financial year and status, by category.
    Three queries."""
    return {
        **budget_totals(budget),
        "by_financial_year": burn_down(budget),
        "by_category": allocations_by(budget, "category"),
    }
