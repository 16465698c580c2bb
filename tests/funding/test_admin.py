"""The operators' admin for budgets and allocations."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from funding.models import Budget
from tests.factories import AllocationFactory, TrustFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


def test_budgets_list_what_is_allocated_and_free(admin_client):
    AllocationFactory(budget=Budget.objects.get(is_default=True), amount_gbp=Decimal("2000000.00"))
    page = admin_client.get("/admin/funding/budget/").content.decode()
    assert '<td class="field-allocated_gbp">2000000.00</td>' in page
    assert '<td class="field-unallocated_gbp">40000000.00</td>' in page


@pytest.mark.parametrize("rows", [2, 50])
def test_the_allocation_list_takes_the_same_queries_however_long(
    admin_client, rows, django_assert_num_queries
):
    for _ in range(rows):
        AllocationFactory(trust=TrustFactory(), amount_gbp=Decimal("1.00"))
    # 1 session, 2 user, 3 budgets for the filter, 4 count matching the search, 5 count of all,
    # 6 the page of rows with budget, trust and cohort joined, 7 financial years for the filter.
    with django_assert_num_queries(7):
        page = admin_client.get("/admin/funding/allocation/?q=T")
    assert page.status_code == 200


def test_an_over_allocation_in_the_admin_is_refused_on_the_amount(admin_client):
    budget = Budget.objects.get(is_default=True)
    page = admin_client.post(
        "/admin/funding/allocation/add/",
        {
            "budget": budget.pk,
            "category": "other",
            "financial_year": "2018/19",
            "amount_gbp": "42000000.01",
            "status": "planned",
            "note": "",
        },
    )
    assert page.status_code == 200
    assert "only £42000000.00 of this budget is unallocated" in page.content.decode()
