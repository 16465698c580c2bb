"""What would £X buy? The allocation of NHS Digital Academy places that makes the most trusts
compliant (SPEC §5 `planner/`). Plain data in, plain data out: nothing here touches the database.

A trust can be *made compliant* by places alone only when its four CCIO tests pass and it needs
at least one place. Among the allocations that make the most trusts compliant, the planner takes
one that leaves the smallest national gap: the money left over buys places wherever a gap remains,
including at trusts whose CCIO tests fail. Places are whole and never exceed what a trust needs.

A region's minimum share ({"Y56": 0.1}) means at least that fraction of the amount is spent on
places at trusts in the region. With free places every gap is filled, so shares ask nothing.
"""

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from wachter_planner.money import pounds


@dataclass(frozen=True)
class TrustNeed:
    ods_code: str
    region: str
    ccio_ok: bool  # all four CCIO tests pass
    places_needed: int  # max(0, team_target - projected_team_count)

    @property
    def can_be_made_compliant(self) -> bool:
        return self.ccio_ok and self.places_needed > 0


@dataclass(frozen=True)
class TrustPlaces:
    ods_code: str
    places: int
    cost_gbp: Decimal


@dataclass(frozen=True)
class Plan:
    amount_gbp: Decimal
    cost_per_place_gbp: Decimal
    places: tuple[TrustPlaces, ...]  # the trusts given at least one place, by ODS code
    made_compliant: tuple[str, ...]
    remaining_gap: int  # places still needed nationally once these are bought
    total_cost_gbp: Decimal
    unspent_gbp: Decimal

    @property
    def trusts_made_compliant(self) -> int:
        return len(self.made_compliant)


ByRegion = dict[str, list[TrustNeed]]
# (places used, gaps filled, gaps filled per region)
_State = tuple[int, int, dict[str, int]]


class PlanError(ValueError):
    """An input the planner cannot honour; `field` names the input to change."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class _Option:
    """Spend `places` in a region, enough to fill its `filled` smallest fillable gaps."""

    places: int
    filled: int


def plan_places(
    trusts: Sequence[TrustNeed],
    amount_gbp: Decimal | int | str,
    cost_per_place_gbp: Decimal | int | str,
    region_min_share: Mapping[str, Decimal | float] | None = None,
) -> Plan:
    """The optimal plan for `trusts` (TrustNeed); raises PlanError for inputs it cannot honour."""
    amount, cost = Decimal(amount_gbp), Decimal(cost_per_place_gbp)
    shares = {region: Decimal(str(share)) for region, share in (region_min_share or {}).items()}
    check_inputs(amount, cost, shares)
    national_need = sum(trust.places_needed for trust in trusts)
    affordable = national_need if cost == 0 else math.floor(Fraction(amount) / Fraction(cost))
    by_region = group_by_region(trusts)
    minimums = region_minimums(shares, amount, cost, by_region, affordable)
    filled = best_fills(by_region, minimums, affordable)
    places = place(by_region, minimums, filled, min(affordable, national_need))
    return describe(trusts, places, amount, cost)


def check_inputs(amount: Decimal, cost: Decimal, shares: dict[str, Decimal]) -> None:
    if amount < 0:
        raise PlanError("amount_gbp", "The amount cannot be negative.")
    if cost < 0:
        raise PlanError("cost_per_place_gbp", "The cost per place cannot be negative.")
    outside = sorted(region for region, share in shares.items() if not 0 <= share <= 1)
    if outside:
        raise PlanError("region_min_share", f"A share is a fraction from 0 to 1 ({', '.join(outside)}).")
    if sum(shares.values()) > 1:
        raise PlanError("region_min_share", "The regional shares add up to more than 1.")


def group_by_region(trusts: Sequence[TrustNeed]) -> ByRegion:
    regions: defaultdict[str, list[TrustNeed]] = defaultdict(list)
    for trust in trusts:
        regions[trust.region].append(trust)
    return dict(regions)


def region_minimums(
    shares: dict[str, Decimal], amount: Decimal, cost: Decimal, by_region: ByRegion, affordable: int
) -> dict[str, int]:
    """The fewest places each region must get for its share; PlanError if a share cannot be met."""
    if cost == 0:
        return {}
    minimums = {
        region: math.ceil(Fraction(share) * Fraction(amount) / Fraction(cost))
        for region, share in shares.items()
    }
    for region in sorted(minimums):
        gap = sum(trust.places_needed for trust in by_region.get(region, ()))
        if minimums[region] > gap:
            raise PlanError(
                "region_min_share",
                f"{region} cannot take its {shares[region].normalize():%} share: that is {minimums[region]} places "
                f"at {pounds(cost)} but its trusts need only {gap}.",
            )
    if sum(minimums.values()) > affordable:
        named = ", ".join(region for region in sorted(minimums) if minimums[region])
        raise PlanError(
            "region_min_share",
            f"The shares of {named} need {sum(minimums.values())} places together "
            f"but {pounds(amount)} buys only {affordable} at {pounds(cost)}.",
        )
    return minimums


def fillable_in_order(trusts: Sequence[TrustNeed]) -> list[TrustNeed]:
    """The gaps places alone can close, smallest first (ties by ODS code)."""
    fillable = [trust for trust in trusts if trust.can_be_made_compliant]
    return sorted(fillable, key=lambda trust: (trust.places_needed, trust.ods_code))


def region_options(trusts: Sequence[TrustNeed], minimum: int) -> list[_Option]:
    """For each k, the fewest places (never below the region's minimum) that fill k gaps.

    Filling the k smallest gaps is the cheapest way to fill k, so no other choice is needed.
    """
    options, spent = [_Option(minimum, 0)], 0
    for filled, trust in enumerate(fillable_in_order(trusts), start=1):
        spent += trust.places_needed
        options.append(_Option(max(minimum, spent), filled))
    return options


def best_fills(by_region: ByRegion, minimums: dict[str, int], affordable: int) -> dict[str, int]:
    """How many gaps to fill in each region so the most are filled within `affordable` places.

    A dynamic programme over regions on the Pareto frontier of (places used, gaps filled): a
    state survives only if no other uses as few places and fills as many gaps.
    """
    frontier: list[_State] = [(0, 0, {})]  # (places used, gaps filled, gaps filled per region)
    for region in sorted(by_region):
        candidates = [
            (used + option.places, count + option.filled, {**choice, region: option.filled})
            for used, count, choice in frontier
            for option in region_options(by_region[region], minimums.get(region, 0))
            if used + option.places <= affordable
        ]
        frontier = pareto(candidates)
    _, _, choice = max(frontier, key=lambda state: (state[1], -state[0]))
    return choice


def pareto(states: list[_State]) -> list[_State]:
    kept: list[_State] = []
    for state in sorted(states, key=lambda state: (state[0], -state[1])):
        if not kept or state[1] > kept[-1][1]:
            kept.append(state)
    return kept


def place(
    by_region: ByRegion, minimums: dict[str, int], filled: dict[str, int], places_to_buy: int
) -> dict[str, int]:
    """Places per trust: the chosen gaps, then each region's minimum, then the rest anywhere."""
    places: defaultdict[str, int] = defaultdict(int)
    for region, trusts in by_region.items():
        for trust in fillable_in_order(trusts)[: filled[region]]:
            places[trust.ods_code] = trust.places_needed
        top_up(trusts, places, minimums.get(region, 0) - sum(places[trust.ods_code] for trust in trusts))
    everyone = [trust for trusts in by_region.values() for trust in trusts]
    top_up(everyone, places, places_to_buy - sum(places.values()))
    return places


def top_up(trusts: Sequence[TrustNeed], places: dict[str, int], count: int) -> None:
    """Spread `count` places over remaining gaps: trusts whose CCIO tests pass first, then the
    nearest to closing their gap."""

    def order(trust: TrustNeed) -> tuple[bool, int, str]:
        return (not trust.ccio_ok, trust.places_needed - places[trust.ods_code], trust.ods_code)

    for trust in sorted(trusts, key=order):
        if count <= 0:
            return
        extra = min(count, trust.places_needed - places[trust.ods_code])
        places[trust.ods_code] += extra
        count -= extra


def describe(trusts: Sequence[TrustNeed], places: dict[str, int], amount: Decimal, cost: Decimal) -> Plan:
    bought = tuple(
        TrustPlaces(ods_code, count, count * cost) for ods_code, count in sorted(places.items()) if count
    )
    total_cost = sum((entry.cost_gbp for entry in bought), Decimal("0.00"))
    return Plan(
        amount_gbp=amount,
        cost_per_place_gbp=cost,
        places=bought,
        made_compliant=tuple(
            sorted(
                trust.ods_code
                for trust in trusts
                if trust.can_be_made_compliant and places.get(trust.ods_code, 0) == trust.places_needed
            )
        ),
        remaining_gap=sum(trust.places_needed - places.get(trust.ods_code, 0) for trust in trusts),
        total_cost_gbp=total_cost,
        unspent_gbp=amount - total_cost,
    )
