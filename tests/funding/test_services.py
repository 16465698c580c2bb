"""The planner fed from stored results, its defaults, and saving a plan as allocations."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from funding.models import Allocation, Budget
from funding.planner import Plan, TrustPlaces
from funding.services import do_save_plan, plan_from_results, trust_needs
from tests.factories import AllocationFactory, BudgetFactory, CohortFactory, TrustFactory
from trusts.models import Region
from workforce.models import ComplianceResult, Policy

pytestmark = pytest.mark.django_db

PASSING = {
    "ccio_in_post": True,
    "ccio_time_ok": True,
    "ccio_reports_to_board": True,
    "ccio_credentialed": True,
}


def computed(trust, team_target=5, projected_team_count=0, **tests):
    """Store a result for `trust` as the recompute would."""
    values = {**PASSING, **tests, "team_target": team_target, "projected_team_count": projected_team_count}
    ComplianceResult.objects.update_or_create(trust=trust, defaults=values)
    return trust


def default_budget():
    return Budget.objects.get(is_default=True)


def test_needs_come_from_active_trusts_with_a_result():
    computed(TrustFactory(ods_code="AAA"), projected_team_count=3)
    computed(TrustFactory(ods_code="BBB", region=Region.objects.get(code="Y58")), ccio_time_ok=False)
    computed(TrustFactory(ods_code="CCC"), projected_team_count=7)
    computed(TrustFactory(ods_code="OLD", closed_on=date(2020, 3, 31)))
    TrustFactory(ods_code="NEW")  # never computed: its result row has no figures yet

    needs = sorted(trust_needs(), key=lambda need: need.ods_code)

    assert [(n.ods_code, n.region, n.ccio_ok, n.places_needed) for n in needs] == [
        ("AAA", "Y56", True, 2),
        ("BBB", "Y58", False, 5),
        ("CCC", "Y56", True, 0),
    ]


def test_a_plan_from_stored_results():
    computed(TrustFactory(ods_code="AAA"), projected_team_count=3)
    computed(TrustFactory(ods_code="BBB"), projected_team_count=4)
    computed(TrustFactory(ods_code="CCC"), ccio_credentialed=None)

    plan = plan_from_results(amount=Decimal("50000.00"), cost_per_place=Decimal("13300.00"))

    assert plan.made_compliant == ("AAA", "BBB")
    assert [(entry.ods_code, entry.places) for entry in plan.places] == [("AAA", 2), ("BBB", 1)]
    assert plan.unspent_gbp == Decimal("10100.00")


def test_defaults_are_what_the_default_budget_has_free_and_the_mean_cohort_cost():
    AllocationFactory(budget=default_budget(), amount_gbp=Decimal("41960000.00"), status="spent")
    CohortFactory(cost_per_place_gbp=Decimal("13300.00"))
    CohortFactory(cost_per_place_gbp=Decimal("13300.01"))  # mean 13,300.005: half up to the penny
    computed(TrustFactory(ods_code="AAA"), projected_team_count=1)

    plan = plan_from_results()

    assert (plan.amount_gbp, plan.cost_per_place_gbp) == (Decimal("40000.00"), Decimal("13300.01"))
    assert [(entry.ods_code, entry.places) for entry in plan.places] == [("AAA", 3)]
    assert plan.unspent_gbp == Decimal("99.97")


def test_the_policys_own_cost_wins_and_no_cohorts_means_free_places():
    computed(TrustFactory(ods_code="AAA"), projected_team_count=1)
    assert plan_from_results(amount=Decimal("0.00")).cost_per_place_gbp == Decimal("0.00")
    policy = Policy.objects.get(is_active=True)
    policy.cost_per_informatician_gbp = Decimal("12000.00")
    policy.save()
    CohortFactory(cost_per_place_gbp=Decimal("13300.00"))
    assert plan_from_results(amount=Decimal("0.00")).cost_per_place_gbp == Decimal("12000.00")


@pytest.mark.parametrize("trusts", [2, 50])
def test_planning_takes_the_same_queries_for_two_trusts_or_fifty(trusts, django_assert_num_queries):
    for _ in range(trusts):
        computed(TrustFactory(), projected_team_count=2)
    # 1 default budget with its allocated sum, 2 active policy, 3 cohort costs, 4 results.
    with django_assert_num_queries(4):
        plan = plan_from_results(region_min_share={"Y56": Decimal("0.1")})
    assert plan.trusts_made_compliant == trusts


def plan_of(places):
    cost = Decimal("13300.00")
    entries = tuple(TrustPlaces(ods_code, count, count * cost) for ods_code, count in places.items())
    total = sum((entry.cost_gbp for entry in entries), Decimal("0.00"))
    return Plan(Decimal("100000.00"), cost, entries, (), 0, total, Decimal("100000.00") - total)


def test_a_plan_is_saved_as_planned_academy_places_with_who_saved_it():
    TrustFactory(ods_code="AAA")
    TrustFactory(ods_code="BBB")
    user = get_user_model().objects.create_user("programme-office")
    budget = BudgetFactory(total_gbp=Decimal("100000.00"))

    saved = do_save_plan(plan_of({"AAA": 2, "BBB": 1}), budget, "2019/20", user)

    rows = Allocation.objects.order_by("trust__ods_code").values_list(
        "trust__ods_code", "category", "status", "financial_year", "amount_gbp", "note"
    )
    assert list(rows) == [
        (
            "AAA",
            "academy_places",
            "planned",
            "2019/20",
            Decimal("26600.00"),
            "2 Academy places, from the planner.",
        ),
        (
            "BBB",
            "academy_places",
            "planned",
            "2019/20",
            Decimal("13300.00"),
            "1 Academy place, from the planner.",
        ),
    ]
    assert len(saved) == 2
    assert {record.history_user for record in Allocation.history.all()} == {user}


def test_a_plan_beyond_what_is_free_saves_nothing_and_names_what_is():
    for code in ("AAA", "BBB"):
        TrustFactory(ods_code=code)
    budget = BudgetFactory(total_gbp=Decimal("100000.00"))
    AllocationFactory(budget=budget, amount_gbp=Decimal("70000.00"))

    with pytest.raises(ValidationError) as refused:
        do_save_plan(plan_of({"AAA": 2, "BBB": 1}), budget, "2019/20")

    assert refused.value.message_dict == {"amount_gbp": ["only £30000.00 of this budget is unallocated"]}
    assert Allocation.objects.count() == 1


def test_a_plan_outside_the_budget_years_or_for_unknown_trusts_saves_nothing():
    TrustFactory(ods_code="AAA")
    budget = BudgetFactory(total_gbp=Decimal("100000.00"))
    with pytest.raises(ValidationError) as refused:
        do_save_plan(plan_of({"AAA": 1}), budget, "2025/26")
    assert list(refused.value.message_dict) == ["financial_year"]
    with pytest.raises(ValidationError) as refused:
        do_save_plan(plan_of({"AAA": 1, "ZZZ": 1}), budget, "2019/20")
    assert refused.value.message_dict == {"trust": ["No trust has the ODS code ZZZ."]}
    assert Allocation.objects.count() == 0


def test_free_places_take_nothing_from_the_budget():
    plan = Plan(Decimal("0.00"), Decimal("0.00"), (TrustPlaces("AAA", 3, Decimal("0.00")),), (), 0, 0, 0)
    assert do_save_plan(plan, BudgetFactory(), "2019/20") == []
    assert Allocation.objects.count() == 0
