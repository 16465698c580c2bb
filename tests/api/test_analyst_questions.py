"""What an analyst asks of the £42M: how much is planned, committed and spent, per year and
category, and what the remaining money would buy."""

from decimal import Decimal

import pytest

from funding.models import Budget
from tests.factories import AllocationFactory, make_user
from workforce.models import ComplianceResult

from .cast import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return token_client(make_user("ada", "nhse_analyst"))


def test_the_fund_by_status_year_and_category(analyst):
    fund = Budget.objects.get(is_default=True)
    AllocationFactory(budget=fund, financial_year="2018/19", amount_gbp=Decimal("1330000.00"), status="spent")
    AllocationFactory(
        budget=fund, financial_year="2019/20", amount_gbp=Decimal("665000.00"), status="committed"
    )
    AllocationFactory(
        budget=fund,
        financial_year="2019/20",
        category="backfill",
        amount_gbp=Decimal("0.50"),
        status="planned",
    )

    response = analyst.get(f"/api/v1/budgets/{fund.pk}/summary/")

    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["planned"], body["committed"], body["spent"]) == (
        "42000000.00",
        "0.50",
        "665000.00",
        "1330000.00",
    )
    assert (body["allocated"], body["remaining"]) == ("1995000.50", "40004999.50")
    years = {row["financial_year"]: row for row in body["by_financial_year"]}
    assert list(years) == ["2016/17", "2017/18", "2018/19", "2019/20", "2020/21"]
    assert years["2019/20"] == {
        "financial_year": "2019/20",
        "planned": "0.50",
        "committed": "665000.00",
        "spent": "0.00",
        "allocated": "665000.50",
        "remaining_after": "40004999.50",
    }
    assert body["by_category"]["academy_places"] == "1995000.00"
    assert body["by_category"]["backfill"] == "0.50"


def test_an_unknown_budget_is_a_404(analyst):
    assert analyst.get("/api/v1/budgets/999999/summary/").status_code == 404


def test_the_planner_answers_what_the_remaining_money_would_buy(analyst, trust_a):
    ComplianceResult.objects.filter(trust=trust_a).update(
        ccio_in_post=True,
        ccio_time_ok=True,
        ccio_reports_to_board=True,
        ccio_credentialed=True,
        team_target=5,
        projected_team_count=3,
        stale=False,
    )

    response = analyst.post("/api/v1/planner/", {"amount_gbp": "30000.00", "cost_per_place_gbp": "13300.00"})

    assert response.status_code == 200
    assert response.json() == {
        "amount_gbp": "30000.00",
        "cost_per_place_gbp": "13300.00",
        "trusts_made_compliant": 1,
        "places": [{"ods_code": "RAA", "places": 2, "cost_gbp": "26600.00"}],
        "total_cost_gbp": "26600.00",
        "unspent_gbp": "3400.00",
    }


def test_the_planner_refuses_a_negative_amount_by_field(analyst):
    response = analyst.post("/api/v1/planner/", {"amount_gbp": "-1"})
    assert response.status_code == 400
    assert list(response.json()) == ["amount_gbp"]


def test_an_unknown_or_lower_case_code_is_the_apis_json_404(analyst):
    for code in ["rgt", "ZZZZZ"]:
        response = analyst.get(f"/api/v1/compliance/{code}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "No Trust matches the given query."}
    assert analyst.get("/api/v1/compliance/summary/").status_code == 200
