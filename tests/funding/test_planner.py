"""The planner (SPEC §5 `planner/`): hand cases with exact figures, and a proof by brute force
that no allocation of places beats it on small random cases."""

import itertools
import random
from decimal import Decimal

import pytest

from funding.planner import PlanError, TrustNeed, plan_places

REGIONS = ("Y56", "Y58", "Y59")


def need(ods_code, places_needed, ccio_ok=True, region="Y56"):
    return TrustNeed(ods_code=ods_code, region=region, ccio_ok=ccio_ok, places_needed=places_needed)


def places_of(plan):
    return {entry.ods_code: entry.places for entry in plan.places}


# --- hand cases ---------------------------------------------------------------------------


def test_what_forty_thousand_pounds_buys():
    trusts = [need("RGT", 2), need("RM1", 1), need("RQW", 4, ccio_ok=False), need("RAJ", 0)]
    plan = plan_places(trusts, Decimal("40000.00"), Decimal("13300.00"))
    assert places_of(plan) == {"RGT": 2, "RM1": 1}
    assert plan.made_compliant == ("RGT", "RM1")
    assert plan.trusts_made_compliant == 2
    assert plan.total_cost_gbp == Decimal("39900.00")
    assert plan.unspent_gbp == Decimal("100.00")
    assert plan.remaining_gap == 4
    assert [entry.cost_gbp for entry in plan.places] == [Decimal("26600.00"), Decimal("13300.00")]


def test_the_smallest_gaps_are_closed_first_and_the_rest_goes_on_the_nearest():
    trusts = [need("AAA", 3), need("BBB", 1), need("CCC", 1), need("DDD", 2)]
    plan = plan_places(trusts, Decimal("500.00"), Decimal("100.00"))
    assert plan.made_compliant == ("BBB", "CCC", "DDD")
    assert places_of(plan) == {"BBB": 1, "CCC": 1, "DDD": 2, "AAA": 1}
    assert (plan.remaining_gap, plan.unspent_gbp) == (2, Decimal("0.00"))


def test_leftover_money_buys_places_where_the_ccio_tests_fail():
    trusts = [need("AAA", 2), need("BBB", 5, ccio_ok=False)]
    plan = plan_places(trusts, Decimal("400.00"), Decimal("100.00"))
    assert places_of(plan) == {"AAA": 2, "BBB": 2}
    assert plan.made_compliant == ("AAA",)
    assert plan.remaining_gap == 3


def test_a_trust_whose_ccio_tests_fail_is_never_counted_even_when_its_gap_is_closed():
    plan = plan_places([need("AAA", 1, ccio_ok=False)], Decimal("100.00"), Decimal("100.00"))
    assert places_of(plan) == {"AAA": 1}
    assert plan.trusts_made_compliant == 0
    assert plan.remaining_gap == 0


def test_money_beyond_every_gap_is_left_unspent():
    plan = plan_places([need("AAA", 2), need("BBB", 1, ccio_ok=False)], Decimal("1000.00"), Decimal("100.00"))
    assert places_of(plan) == {"AAA": 2, "BBB": 1}
    assert (plan.total_cost_gbp, plan.unspent_gbp) == (Decimal("300.00"), Decimal("700.00"))


def test_free_places_fill_every_gap():
    trusts = [need("AAA", 4), need("BBB", 2, ccio_ok=False), need("CCC", 0)]
    plan = plan_places(trusts, Decimal("0.00"), Decimal("0.00"), {"Y58": Decimal("0.5")})
    assert places_of(plan) == {"AAA": 4, "BBB": 2}
    assert plan.made_compliant == ("AAA",)
    assert (plan.total_cost_gbp, plan.unspent_gbp, plan.remaining_gap) == (
        Decimal("0.00"),
        Decimal("0.00"),
        0,
    )


def test_no_money_buys_nothing():
    plan = plan_places([need("AAA", 1)], Decimal("0.00"), Decimal("13300.00"))
    assert (plan.places, plan.made_compliant, plan.remaining_gap) == ((), (), 1)


def test_a_regional_share_can_cost_a_compliant_trust():
    trusts = [need("LON", 3, region="Y56"), need("SW1", 1, region="Y58"), need("SW2", 1, region="Y58")]
    without = plan_places(trusts, Decimal("300.00"), Decimal("100.00"))
    assert without.made_compliant == ("SW1", "SW2")
    # Half of £300 in London is at least two places there, leaving one elsewhere.
    plan = plan_places(trusts, Decimal("300.00"), Decimal("100.00"), {"Y56": 0.5})
    assert plan.trusts_made_compliant == 1
    assert places_of(plan)["LON"] >= 2
    assert (plan.total_cost_gbp, plan.remaining_gap) == (Decimal("300.00"), 2)


def test_a_share_is_met_in_whole_places_rounding_up():
    trusts = [need("LON", 2, ccio_ok=False, region="Y56"), need("SW1", 2, region="Y58")]
    # 10% of £250 is £25: one £100 place in London, so the £200 left buys SW1's two.
    plan = plan_places(trusts, Decimal("250.00"), Decimal("100.00"), {"Y56": "0.1"})
    assert places_of(plan) == {"LON": 1, "SW1": 1}
    assert plan.made_compliant == ()
    plan = plan_places(trusts, Decimal("300.00"), Decimal("100.00"), {"Y56": "0.1"})
    assert places_of(plan) == {"LON": 1, "SW1": 2}
    assert plan.made_compliant == ("SW1",)


def test_a_region_without_enough_gap_for_its_share_is_named():
    trusts = [need("LON", 1, region="Y56"), need("SW1", 9, region="Y58")]
    with pytest.raises(PlanError) as refused:
        plan_places(trusts, Decimal("1000.00"), Decimal("100.00"), {"Y56": 0.5})
    assert refused.value.field == "region_min_share"
    assert refused.value.message == (
        "Y56 cannot take its 50% share: that is 5 places at £100.00 but its trusts need only 1."
    )


def test_a_share_for_a_region_without_trusts_is_named():
    with pytest.raises(PlanError, match="^Y63 cannot take its 10% share"):
        plan_places([need("LON", 5)], Decimal("1000.00"), Decimal("100.00"), {"Y63": 0.1})


def test_shares_that_together_need_more_places_than_the_money_buys_are_named():
    trusts = [need("LON", 3, region="Y56"), need("SW1", 3, region="Y58")]
    with pytest.raises(PlanError) as refused:
        plan_places(trusts, Decimal("100.00"), Decimal("30.00"), {"Y56": 0.5, "Y58": 0.5})
    assert refused.value.message == (
        "The shares of Y56, Y58 need 4 places together but £100.00 buys only 3 at £30.00."
    )


@pytest.mark.parametrize(
    ("amount", "cost", "shares", "field"),
    [
        ("-0.01", "100.00", None, "amount_gbp"),
        ("100.00", "-1.00", None, "cost_per_place_gbp"),
        ("100.00", "100.00", {"Y56": "1.01"}, "region_min_share"),
        ("100.00", "100.00", {"Y56": "-0.1"}, "region_min_share"),
        ("100.00", "100.00", {"Y56": 0.6, "Y58": 0.5}, "region_min_share"),
    ],
)
def test_bad_inputs_name_the_field(amount, cost, shares, field):
    with pytest.raises(PlanError) as refused:
        plan_places([need("AAA", 1)], Decimal(amount), Decimal(cost), shares)
    assert refused.value.field == field


def test_a_national_scale_plan_spends_to_the_last_whole_place():
    rng = random.Random(2016)
    trusts = [
        need(f"R{index:03d}", rng.randint(0, 5), rng.random() < 0.4, rng.choice(REGIONS))
        for index in range(240)
    ]
    plan = plan_places(trusts, Decimal("2000000.00"), Decimal("13300.00"), {"Y56": 0.1, "Y58": 0.3})
    assert sum(entry.places for entry in plan.places) == 150
    assert (plan.total_cost_gbp, plan.unspent_gbp) == (Decimal("1995000.00"), Decimal("5000.00"))
    regional = {region: 0 for region in REGIONS}
    for trust in trusts:
        regional[trust.region] += places_of(plan).get(trust.ods_code, 0)
    assert regional["Y56"] >= 16 and regional["Y58"] >= 46


# --- optimality against brute force --------------------------------------------------------


def outcome(trusts, places):
    """(trusts made compliant, remaining national gap) of one allocation of places."""
    made = sum(
        1
        for trust, count in zip(trusts, places, strict=True)
        if trust.can_be_made_compliant and count == trust.places_needed
    )
    return made, sum(trust.places_needed for trust in trusts) - sum(places)


def is_allowed(trusts, places, amount, cost, shares):
    if sum(places) * cost > amount:
        return False
    for region, share in shares.items():
        in_region = sum(count for trust, count in zip(trusts, places, strict=True) if trust.region == region)
        if cost and in_region * cost < Decimal(str(share)) * amount:
            return False
    return True


def brute_force_best(trusts, amount, cost, shares):
    """The best outcome over every allocation of whole places up to each trust's need, or None."""
    best = None
    for places in itertools.product(*(range(trust.places_needed + 1) for trust in trusts)):
        if is_allowed(trusts, places, amount, cost, shares):
            made, gap = outcome(trusts, places)
            if best is None or (made, -gap) > (best[0], -best[1]):
                best = (made, gap)
    return best


def random_case(rng, with_shares):
    """Up to five trusts with gaps up to three; money for anything from nothing to every gap."""
    trusts = [
        need(f"T{index}", rng.randint(0, 3), rng.random() < 0.6, rng.choice(REGIONS))
        for index in range(rng.randint(0, 5))
    ]
    cost = rng.choice([Decimal("0.00"), Decimal("1.00"), Decimal("2.50"), Decimal("3.00"), Decimal("7.33")])
    national_need = sum(trust.places_needed for trust in trusts)
    pennies = rng.randint(0, 70 * national_need + 100)
    amount = (max(cost, Decimal("1.00")) * pennies / 100).quantize(Decimal("0.01"))
    shares = {}
    if with_shares:
        present = sorted({trust.region for trust in trusts if trust.places_needed}) or list(REGIONS)
        for region in rng.sample(present, rng.randint(1, len(present))) + (
            ["Y63"] if rng.random() < 0.05 else []
        ):
            share = rng.choice([0, 0.1, 0.25, 0.34, 0.5, 0.6, 0.75])
            if sum(shares.values()) + share <= 1:
                shares[region] = share
    return trusts, amount, cost, shares


def check_against_brute_force(trusts, amount, cost, shares):
    """Assert the plan is allowed and as good as the best allocation; return that best, or
    None when no allocation meets the shares (and the planner said so)."""
    best = brute_force_best(trusts, amount, cost, shares)
    if best is None:
        with pytest.raises(PlanError) as refused:
            plan_places(trusts, amount, cost, shares)
        assert refused.value.field == "region_min_share"
        return None
    plan = plan_places(trusts, amount, cost, shares)
    placed = [places_of(plan).get(trust.ods_code, 0) for trust in trusts]
    context = (trusts, amount, cost, shares, placed)
    assert all(count <= trust.places_needed for trust, count in zip(trusts, placed, strict=True)), context
    assert is_allowed(trusts, placed, amount, cost, shares), context
    assert (plan.trusts_made_compliant, plan.remaining_gap) == outcome(trusts, placed) == best, context
    assert plan.total_cost_gbp == sum(placed) * cost, context
    assert plan.unspent_gbp == amount - plan.total_cost_gbp, context
    return best


def test_no_allocation_beats_the_plan():
    rng = random.Random(2016)
    for _case in range(200):
        assert check_against_brute_force(*random_case(rng, with_shares=False)) is not None


def test_no_allocation_beats_the_plan_with_regional_shares():
    rng = random.Random(2018)
    refused = binding = 0
    for _case in range(600):
        trusts, amount, cost, shares = random_case(rng, with_shares=True)
        best = check_against_brute_force(trusts, amount, cost, shares)
        refused += best is None
        binding += best is not None and best != brute_force_best(trusts, amount, cost, {})
    # The cases cover both shares that cannot be met and shares that change the best outcome.
    assert refused > 50 and binding > 10
