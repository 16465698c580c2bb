"""`load_demo` (SPEC §7): the demo workforce and the money spent on it, loaded once, in one
transaction, the same for the same seed.

The default budget is spread over its financial years (growing after the first) and categories:
the Academy cohorts that started in each year, then posts and backfill at chosen trusts, the
national leadership, the professional bodies and the rest. A few million are left unallocated.
"""

import random
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone

from trusts.demo import make_synthetic_trusts, pick
from trusts.models import Trust
from wachter_planner.money import plain_pounds
from workforce.demo import DemoWorkforce, build_workforce
from workforce.models import Cohort, Person

from .models import Allocation, AllocationStatus, Budget, Category, financial_year_bounds

SHARE_ALLOCATED = Decimal("0.92")  # of the default budget: £38.64M of the £42M
POUND = Decimal("1")
# category: (weight within a year, after Academy places; how many trusts share it, or None; note)
YEAR_CATEGORIES = {
    Category.POST_FUNDING: (45, (8, 14), "Pump-priming a CCIO or clinician-informatician post"),
    Category.BACKFILL: (20, (5, 10), "Clinical backfill for time spent on informatics"),
    Category.NATIONAL_LEADERSHIP: (12, None, "National CCIO office and leadership network"),
    Category.PROFESSIONAL_BODIES: (8, None, "Faculty of Clinical Informatics and FedIP registration"),
    Category.OTHER: (15, None, "Evaluation, events and learning materials"),
}


class NothingToLoad(Exception):
    """Why load_demo loaded nothing (not an error: `make run` calls it on every start)."""


@dataclass
class DemoLoad:
    workforce: DemoWorkforce
    allocations: list

    def __str__(self):
        workforce = self.workforce
        allocated = sum((allocation.amount_gbp for allocation in self.allocations), Decimal("0.00"))
        return (
            f"Demo workforce loaded for {len(workforce.trusts)} trusts: {workforce.people} people, "
            f"{workforce.posts} posts ({workforce.vacancies} vacant), {workforce.credentials} credentials, "
            f"{len(workforce.cohorts)} Academy cohorts with {workforce.enrolments} enrolments; "
            f"{len(self.allocations)} allocations totalling {plain_pounds(allocated)}."
        )


def load_demo(seed, synthetic_trusts=0):
    """Load the demo, or raise NothingToLoad (with nothing changed) if it has nowhere to go."""
    with transaction.atomic():
        if Person.objects.exists() or Cohort.objects.exists():
            raise NothingToLoad("Demo workforce already present; nothing loaded.")
        # One random stream per part, so adding synthetic trusts leaves the real trusts' demo as it was.
        make_synthetic_trusts(synthetic_trusts, random.Random(f"{seed}-trusts"))
        if not Trust.objects.active().exists():
            raise NothingToLoad(
                "No active trusts to staff: import them first (manage.py import_trusts FILE)."
            )
        today = timezone.localdate()
        workforce = build_workforce(random.Random(f"{seed}-workforce"), today)
        allocations = allocate_default_budget(workforce, random.Random(f"{seed}-funding"), today)
    return DemoLoad(workforce, allocations)


def allocate_default_budget(workforce, rng, today):
    """Spread the default budget, unless it already has allocations (or there is none)."""
    budget = Budget.objects.filter(is_default=True).first()
    if budget is None or budget.allocations.exists():
        return []
    years = budget.financial_years()
    weights = [min(index + 1, 3) * rng.uniform(0.85, 1.15) for index in range(len(years))]
    money = split((budget.total_gbp * SHARE_ALLOCATED).quantize(POUND, ROUND_DOWN), weights)
    allocations = []
    for year, amount in zip(years, money, strict=True):
        allocations += year_allocations(budget, year, amount, workforce, rng)
    for allocation in allocations:
        allocation.status = status_for(allocation.financial_year, years[-1], rng, today)
        allocation.save()
    return allocations


def year_allocations(budget, year, amount, workforce, rng):
    """One financial year's allocations, summing to `amount`."""
    starts, ends = financial_year_bounds(year)
    allocations = []

    def allocate(category, amount_gbp, note, **towards):
        allocations.append(
            Allocation(
                budget=budget,
                category=category,
                financial_year=year,
                amount_gbp=amount_gbp,
                note=note,
                **towards,
            )
        )

    for cohort in workforce.cohorts:
        if starts <= cohort.start_date <= ends:
            cost = min(cohort.places * cohort.cost_per_place_gbp, (amount / 2).quantize(POUND, ROUND_DOWN))
            allocate(Category.ACADEMY_PLACES, cost, f"{cohort.places} places on {cohort.name}", cohort=cohort)
            amount -= cost
    shares = split(amount, [weight for weight, _, _ in YEAR_CATEGORIES.values()])
    for (category, (_, sharing, note)), share in zip(YEAR_CATEGORIES.items(), shares, strict=True):
        trusts = (
            rng.sample(workforce.trusts, min(len(workforce.trusts), rng.randint(*sharing)))
            if sharing
            else [None]
        )
        for trust, part in zip(trusts, split(share, [rng.uniform(0.5, 1.5) for _ in trusts]), strict=True):
            if part > 0:
                allocate(category, part, note, trust=trust)
    return allocations


def split(amount, weights):
    """`amount` in whole pounds by `weights`, the last part taking what rounding leaves."""
    total = sum(weights)
    parts = [(amount * Decimal(weight / total)).quantize(POUND, ROUND_DOWN) for weight in weights[:-1]]
    return [*parts, amount - sum(parts)]


def status_for(year, last_year, rng, today):
    """Past years' money is mostly spent; the fund's last year left some committed or planned."""
    starts, ends = financial_year_bounds(year)
    if starts > today:
        return AllocationStatus.PLANNED
    if ends >= today:
        return AllocationStatus.COMMITTED
    if year == last_year:
        return pick(
            rng, {AllocationStatus.SPENT: 60, AllocationStatus.COMMITTED: 25, AllocationStatus.PLANNED: 15}
        )
    return pick(rng, {AllocationStatus.SPENT: 95, AllocationStatus.COMMITTED: 5})
