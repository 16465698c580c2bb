"""Where a budget's money goes, by status, category and financial year."""

from decimal import Decimal

import pytest

from funding.selectors import allocations_by
from tests.factories import AllocationFactory, BudgetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    budget = BudgetFactory(total_gbp=Decimal("100000.00"))
    for category, status, year, amount in [
        ("academy_places", "planned", "2019/20", "13300.00"),
        ("academy_places", "spent", "2018/19", "26600.00"),
        ("backfill", "spent", "2018/19", "5000.50"),
        ("national_leadership", "committed", "2020/21", "1000.00"),
    ]:
        AllocationFactory(
            budget=budget, category=category, status=status, financial_year=year, amount_gbp=Decimal(amount)
        )
    AllocationFactory(budget=BudgetFactory(), amount_gbp=Decimal("999.00"))  # another budget's money
    return budget


def test_totals_by_status_list_every_status(budget, django_assert_num_queries):
    with django_assert_num_queries(1):
        totals = allocations_by(budget, "status")
    assert totals == {
        "planned": Decimal("13300.00"),
        "committed": Decimal("1000.00"),
        "spent": Decimal("31600.50"),
    }


def test_totals_by_category_list_every_category_in_declared_order(budget, django_assert_num_queries):
    with django_assert_num_queries(1):
        totals = allocations_by(budget, "category")
    assert list(totals.items()) == [
        ("academy_places", Decimal("39900.00")),
        ("post_funding", Decimal("0.00")),
        ("backfill", Decimal("5000.50")),
        ("professional_bodies", Decimal("0.00")),
        ("national_leadership", Decimal("1000.00")),
        ("other", Decimal("0.00")),
    ]


def test_totals_by_financial_year_oldest_first(budget, django_assert_num_queries):
    with django_assert_num_queries(1):
        totals = allocations_by(budget, "financial_year")
    assert list(totals.items()) == [
        ("2018/19", Decimal("31600.50")),
        ("2019/20", Decimal("13300.00")),
        ("2020/21", Decimal("1000.00")),
    ]


def test_a_budget_with_nothing_allocated():
    empty = BudgetFactory()
    assert allocations_by(empty, "financial_year") == {}
    assert set(allocations_by(empty, "status").values()) == {Decimal("0.00")}


def test_only_the_three_groupings_are_offered(budget):
    with pytest.raises(ValueError, match="not 'trust'"):
        allocations_by(budget, "trust")
