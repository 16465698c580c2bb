"""The national summary (SPEC §5): stored results over active trusts, and the default budget."""

from workforce.summary import compliance_summary

from .models import Budget
from .pages import budget_totals


def national_summary(trusts):
    """`compliance_summary(trusts)` plus the default budget's money by status (null without
    a default budget). Four queries."""
    budget = Budget.objects.filter(is_default=True).first()
    return {**compliance_summary(trusts), "budget": budget_totals(budget) if budget else None}
