"""SPEC §2: a budget's allocations, whatever their status, never sum above its total, also when
many requests arrive at once; and every financial year is one the budget covers."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from funding.models import Allocation, Budget, financial_year_bounds
from tests.concurrency import in_parallel
from tests.factories import AllocationFactory, BudgetFactory

pytestmark = pytest.mark.django_db


def refusal(action):
    with pytest.raises(ValidationError) as refused:
        action()
    return refused.value.message_dict


@pytest.fixture
def budget():
    return BudgetFactory(total_gbp=Decimal("1000.00"))


def test_an_allocation_that_fits_is_saved(budget):
    AllocationFactory(budget=budget, amount_gbp=Decimal("999.81"))
    AllocationFactory(budget=budget, amount_gbp=Decimal("0.19"), status="spent")
    assert budget.allocated() == Decimal("1000.00")


def test_one_penny_too_many_is_refused_on_amount_naming_what_is_free_and_nothing_saved(budget):
    AllocationFactory(budget=budget, amount_gbp=Decimal("999.81"), status="committed")
    over = AllocationFactory.build(budget=budget, amount_gbp=Decimal("0.20"))
    assert refusal(over.save) == {"amount_gbp": ["only £0.19 of this budget is unallocated"]}
    assert Allocation.objects.count() == 1


def test_every_status_counts(budget):
    for status in ("planned", "committed", "spent"):
        AllocationFactory(budget=budget, amount_gbp=Decimal("300.00"), status=status)
    over = AllocationFactory.build(budget=budget, amount_gbp=Decimal("100.01"))
    assert refusal(over.save) == {"amount_gbp": ["only £100.00 of this budget is unallocated"]}


def test_large_sums_are_named_as_plain_amounts():
    big = BudgetFactory(total_gbp=Decimal("42000000.00"))
    AllocationFactory(budget=big, amount_gbp=Decimal("40000000.00"))
    over = AllocationFactory.build(budget=big, amount_gbp=Decimal("2000000.01"))
    assert refusal(over.save) == {"amount_gbp": ["only £2000000.00 of this budget is unallocated"]}


def test_raising_counts_the_allocations_own_amount_as_free(budget):
    AllocationFactory(budget=budget, amount_gbp=Decimal("600.00"))
    mine = AllocationFactory(budget=budget, amount_gbp=Decimal("300.00"))
    mine.amount_gbp = Decimal("400.00")
    mine.save()
    mine.amount_gbp = Decimal("400.01")
    assert refusal(mine.save) == {"amount_gbp": ["only £400.00 of this budget is unallocated"]}
    mine.refresh_from_db()
    assert mine.amount_gbp == Decimal("400.00")


def test_lowering_or_changing_other_fields_is_always_allowed(budget):
    mine = AllocationFactory(budget=budget, amount_gbp=Decimal("1000.00"))
    mine.status = "spent"
    mine.amount_gbp = Decimal("10.00")
    mine.save()
    assert Allocation.objects.get().amount_gbp == Decimal("10.00")


def test_moving_to_another_budget_checks_the_new_budget(budget):
    small = BudgetFactory(total_gbp=Decimal("50.00"))
    AllocationFactory(budget=small, amount_gbp=Decimal("20.00"))
    mine = AllocationFactory(budget=budget, amount_gbp=Decimal("40.00"))
    mine.budget = small
    assert refusal(mine.save) == {"amount_gbp": ["only £30.00 of this budget is unallocated"]}
    assert Allocation.objects.get(pk=mine.pk).budget_id == budget.pk
    mine.amount_gbp = Decimal("30.00")
    mine.save()
    assert small.allocated() == Decimal("50.00")
    assert budget.allocated() == Decimal("0.00")


def test_a_partial_save_still_checks_and_writes_the_budget_and_amount(budget):
    small = BudgetFactory(total_gbp=Decimal("50.00"))
    mine = AllocationFactory(budget=budget, amount_gbp=Decimal("40.00"))
    mine.budget = small
    mine.amount_gbp = Decimal("60.00")
    assert refusal(lambda: mine.save(update_fields=["note"])) == {
        "amount_gbp": ["only £50.00 of this budget is unallocated"]
    }
    mine.amount_gbp = Decimal("50.00")
    mine.save(update_fields=["note"])
    assert (Allocation.objects.get().budget_id, small.allocated()) == (small.pk, Decimal("50.00"))


def test_lowering_the_total_below_what_is_allocated_is_refused_on_total(budget):
    AllocationFactory(budget=budget, amount_gbp=Decimal("700.00"))
    budget.total_gbp = Decimal("699.99")
    assert refusal(budget.save) == {
        "total_gbp": ["£700.00 is already allocated from this budget; the total cannot be less."]
    }
    assert Budget.objects.get(pk=budget.pk).total_gbp == Decimal("1000.00")
    budget.total_gbp = Decimal("700.00")
    budget.save()


def test_a_new_budget_can_have_any_total():
    BudgetFactory(total_gbp=Decimal("0.00"))


def test_the_amount_must_be_positive_with_two_places(budget):
    for amount in (Decimal("0.00"), Decimal("-1.00"), Decimal("1.001")):
        assert "amount_gbp" in refusal(AllocationFactory.build(budget=budget, amount_gbp=amount).save)
    assert Allocation.objects.count() == 0


# --- financial years -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "bounds"),
    [
        ("2017/18", (date(2017, 4, 1), date(2018, 3, 31))),
        ("1999/00", (date(1999, 4, 1), date(2000, 3, 31))),
        ("2019/20", (date(2019, 4, 1), date(2020, 3, 31))),
    ],
)
def test_financial_year_bounds(label, bounds):
    assert financial_year_bounds(label) == bounds


@pytest.mark.parametrize(
    "label",
    [
        "2017/19",
        "2017-18",
        "2017/2018",
        "17/18",
        " 2017/18",
        "2017/18\n",
        "",
        None,
        "٢٠١٧/١٨",
        "0000/01",
        "9999/00",
    ],
)
def test_malformed_financial_years_have_no_bounds(label):
    assert financial_year_bounds(label) is None


def test_a_malformed_financial_year_is_refused_on_the_field(budget):
    allocation = AllocationFactory.build(budget=budget, financial_year="2017-18", amount_gbp=Decimal("1.00"))
    assert refusal(allocation.save) == {
        "financial_year": ["A financial year looks like 2017/18 (1 April 2017 to 31 March 2018)."]
    }


@pytest.mark.parametrize(
    ("year", "allowed"), [("2015/16", False), ("2016/17", True), ("2020/21", True), ("2021/22", False)]
)
def test_the_financial_year_must_overlap_the_budget(budget, year, allowed):
    allocation = AllocationFactory.build(budget=budget, financial_year=year, amount_gbp=Decimal("1.00"))
    if allowed:
        allocation.save()
    else:
        assert refusal(allocation.save) == {
            "financial_year": [f"{year} falls outside the budget's dates (01 April 2016 to 31 March 2021)."]
        }


def test_a_year_partly_inside_the_budget_overlaps():
    mid_year = BudgetFactory(start_date=date(2018, 1, 1), end_date=date(2018, 6, 30))
    AllocationFactory(budget=mid_year, financial_year="2017/18", amount_gbp=Decimal("1.00"))
    AllocationFactory(budget=mid_year, financial_year="2018/19", amount_gbp=Decimal("1.00"))


def test_budget_dates_cannot_move_away_from_its_allocations(budget):
    AllocationFactory(budget=budget, financial_year="2016/17", amount_gbp=Decimal("1.00"))
    AllocationFactory(budget=budget, financial_year="2020/21", amount_gbp=Decimal("1.00"))
    budget.start_date, budget.end_date = date(2017, 4, 1), date(2020, 3, 31)
    assert refusal(budget.save) == {
        "start_date": ["Allocations in 2016/17 would fall before the budget starts."],
        "end_date": ["Allocations in 2020/21 would fall after the budget ends."],
    }
    budget.start_date, budget.end_date = date(2017, 3, 31), date(2020, 4, 1)
    budget.save()


# --- many requests at once (PostgreSQL row locks) -----------------------------------------


def allocated_sum(budget_id):
    return Allocation.objects.filter(budget_id=budget_id).aggregate(total=Sum("amount_gbp"))["total"]


@pytest.mark.django_db(transaction=True)
def test_forty_simultaneous_requests_take_exactly_what_the_budget_holds():
    assert connection.vendor == "postgresql"
    budget = BudgetFactory(total_gbp=Decimal("1000.00"))

    def request(index):
        Allocation.objects.create(
            budget_id=budget.pk, category="other", financial_year="2018/19", amount_gbp=Decimal("100.00")
        )

    refusals = in_parallel(40, request)

    assert Allocation.objects.filter(budget=budget).count() == 10
    assert allocated_sum(budget.pk) == Decimal("1000.00")
    assert refusals == [{"amount_gbp": ["only £0.00 of this budget is unallocated"]}] * 30


@pytest.mark.django_db(transaction=True)
def test_simultaneous_raises_moves_and_a_cut_never_break_the_total():
    assert connection.vendor == "postgresql"
    budget = BudgetFactory(total_gbp=Decimal("1000.00"))
    elsewhere = BudgetFactory(total_gbp=Decimal("1000.00"))
    mine = [AllocationFactory(budget=budget, amount_gbp=Decimal("50.00")) for _ in range(10)]
    theirs = [AllocationFactory(budget=elsewhere, amount_gbp=Decimal("100.00")) for _ in range(5)]

    def request(index):
        if index < 10:  # raise one of mine by £100
            allocation = Allocation.objects.get(pk=mine[index].pk)
            allocation.amount_gbp += Decimal("100.00")
        elif index < 15:  # move one of theirs (£100) into this budget
            allocation = Allocation.objects.get(pk=theirs[index - 10].pk)
            allocation.budget_id = budget.pk
        else:  # cut the total to £900
            allocation = Budget.objects.get(pk=budget.pk)
            allocation.total_gbp = Decimal("900.00")
        allocation.save()

    refusals = in_parallel(16, request)

    # £500 was free. If the cut to £900 came after five of the £100 requests it was refused and
    # no sixth fitted; if it came sooner it succeeded and only four fitted. Five succeed either way.
    total = Budget.objects.get(pk=budget.pk).total_gbp
    assert allocated_sum(budget.pk) == total
    assert len(refusals) == 11
    assert all(list(refused) in (["amount_gbp"], ["total_gbp"]) for refused in refusals)
