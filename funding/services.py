"""Funding services: the planner fed from stored compliance results, and saving a plan."""

from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from simple_history.utils import bulk_create_with_history

from trusts.models import Trust
from trusts.querysets import UnknownTrusts
from workforce.models import ComplianceResult
from workforce.recompute import load_policy

from .models import Allocation, AllocationStatus, Budget, Category, lock_budget
from .planner import Plan, TrustNeed, plan_places

CCIO_TESTS = ("ccio_in_post", "ccio_time_ok", "ccio_reports_to_board", "ccio_credentialed")


def plan_from_results(
    amount: Decimal | None = None,
    cost_per_place: Decimal | None = None,
    region_min_share: dict[str, Decimal] | None = None,
) -> Plan:
    """Plan Academy places from the stored results of active trusts.

    Defaults: the default budget's unallocated money, and the policy's cost per informatician.
    Queries: the default budget with its allocated sum (when no amount), the active policy and
    the cohorts' costs (when no cost), the results.
    """
    if amount is None:
        amount = default_budget_unallocated()
    if cost_per_place is None:
        cost_per_place = load_policy().cost_per_informatician_gbp
    return plan_places(trust_needs(), amount, cost_per_place, region_min_share)


def default_budget_unallocated() -> Decimal:
    budget = Budget.objects.annotate(allocated_gbp=Sum("allocations__amount_gbp")).default()
    if budget is None:
        raise Budget.DoesNotExist("No default budget is set.")
    return budget.total_gbp - (budget.allocated_gbp or Decimal("0.00"))


def trust_needs() -> list[TrustNeed]:
    """What each active trust needs, from its stored result; never-computed trusts are left out."""
    rows = ComplianceResult.objects.filter(
        trust__is_active=True, team_target__isnull=False, projected_team_count__isnull=False
    ).values("trust__ods_code", "trust__region_id", "team_target", "projected_team_count", *CCIO_TESTS)
    return [
        TrustNeed(
            ods_code=row["trust__ods_code"],
            region=row["trust__region_id"],
            ccio_ok=all(row[test] for test in CCIO_TESTS),
            places_needed=max(0, row["team_target"] - row["projected_team_count"]),
        )
        for row in rows
    ]


def do_save_plan(
    plan: Plan, budget: Budget, financial_year: str, user: AbstractBaseUser | None = None
) -> list[Allocation]:
    """Save a plan as `planned` Academy-places allocations from `budget`, one per trust, all or
    nothing. Places that cost nothing take nothing from the budget and are not saved."""
    paid = [entry for entry in plan.places if entry.cost_gbp > 0]
    if not paid:
        return []
    try:
        trusts = Trust.objects.by_ods_codes([entry.ods_code for entry in paid])
    except UnknownTrusts as unknown:
        raise ValidationError({"trust": unknown.message}) from unknown
    with transaction.atomic():
        lock_budget(budget.pk)
        # The whole plan, checked as one allocation of its total: the same budget, year and
        # headroom rule, so a refusal names what is free exactly as a single allocation would.
        whole = Allocation(
            budget=budget,
            category=Category.ACADEMY_PLACES,
            financial_year=financial_year,
            amount_gbp=sum(entry.cost_gbp for entry in paid),
            status=AllocationStatus.PLANNED,
        )
        whole.full_clean()
        allocations = [
            Allocation(
                budget=budget,
                category=Category.ACADEMY_PLACES,
                trust=trusts[entry.ods_code],
                financial_year=financial_year,
                amount_gbp=entry.cost_gbp,
                status=AllocationStatus.PLANNED,
                note=f"{entry.places} Academy place{'s' if entry.places != 1 else ''}, from the planner.",
            )
            for entry in paid
        ]
        return bulk_create_with_history(allocations, Allocation, default_user=user)
