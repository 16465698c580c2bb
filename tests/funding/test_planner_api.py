"""`POST /api/v1/planner/` (SPEC §5), called on the view itself: the URL is routed elsewhere."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIRequestFactory, force_authenticate

from funding.api.planner import PlannerView
from funding.models import Budget
from tests.factories import AllocationFactory, TrustFactory
from trusts.models import Region
from workforce.models import ComplianceResult

pytestmark = pytest.mark.django_db

PASSING = {
    "ccio_in_post": True,
    "ccio_time_ok": True,
    "ccio_reports_to_board": True,
    "ccio_credentialed": True,
}


def post(body, user=True):
    request = APIRequestFactory().post("/api/v1/planner/", body, format="json")
    if user:
        force_authenticate(request, get_user_model().objects.get_or_create(username="analyst")[0])
    response = PlannerView.as_view()(request)
    response.render()
    response.body = json.loads(response.content)
    return response


@pytest.fixture
def trusts():
    for code, region, gap, tests in [
        ("RGT", "Y61", 2, PASSING),
        ("RAJ", "Y61", 1, PASSING),
        ("RQW", "Y56", 4, {**PASSING, "ccio_in_post": False}),
    ]:
        trust = TrustFactory(ods_code=code, region=Region.objects.get(code=region))
        ComplianceResult.objects.filter(trust=trust).update(
            **tests, team_target=5, projected_team_count=5 - gap
        )


def test_what_forty_thousand_pounds_buys(trusts):
    # 30% of £40,000 is one place in London; of the two left, one closes RAJ's gap.
    response = post(
        {"amount_gbp": "40000", "cost_per_place_gbp": "13300.00", "region_min_share": {"Y56": 0.3}}
    )
    assert response.status_code == 200, response.data
    assert response.body == {
        "amount_gbp": "40000.00",
        "cost_per_place_gbp": "13300.00",
        "trusts_made_compliant": 1,
        "places": [
            {"ods_code": "RAJ", "places": 1, "cost_gbp": "13300.00"},
            {"ods_code": "RGT", "places": 1, "cost_gbp": "13300.00"},
            {"ods_code": "RQW", "places": 1, "cost_gbp": "13300.00"},
        ],
        "total_cost_gbp": "39900.00",
        "unspent_gbp": "100.00",
    }


def test_an_empty_body_plans_the_default_budgets_free_money_at_the_policy_cost(trusts):
    AllocationFactory(budget=Budget.objects.get(is_default=True), amount_gbp=Decimal("41999000.00"))
    response = post({})
    assert response.status_code == 200, response.data
    body = response.body
    # No cohort and no policy cost: places are free and every gap is filled.
    assert (body["amount_gbp"], body["cost_per_place_gbp"], body["unspent_gbp"]) == (
        "1000.00",
        "0.00",
        "1000.00",
    )
    assert body["trusts_made_compliant"] == 2
    assert [entry["places"] for entry in body["places"]] == [1, 2, 4]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount_gbp": "-1.00"}, "amount_gbp"),
        ({"amount_gbp": "ten"}, "amount_gbp"),
        ({"amount_gbp": "1.001"}, "amount_gbp"),
        ({"cost_per_place_gbp": "-0.01"}, "cost_per_place_gbp"),
        ({"region_min_share": {"Y99": 0.1}}, "region_min_share"),
        ({"region_min_share": {"y56": 0.1}}, "region_min_share"),
        ({"region_min_share": {"Y56": 1.5}}, "region_min_share"),
        ({"region_min_share": {"Y56": -0.1}}, "region_min_share"),
        ({"region_min_share": {"Y56": "NaN"}}, "region_min_share"),
        ({"region_min_share": {"Y56": 0.6, "Y61": 0.5}}, "region_min_share"),
        ({"region_min_share": ["Y56"]}, "region_min_share"),
    ],
)
def test_bad_input_is_a_400_keyed_by_the_field(trusts, body, field):
    response = post({"amount_gbp": "1000.00", "cost_per_place_gbp": "100.00", **body})
    assert response.status_code == 400
    assert list(response.body) == [field]


def test_error_messages_name_the_problem(trusts):
    unknown = post({"region_min_share": {"Y99": 0.1, "Y56": 0.1}}).body
    assert unknown == {"region_min_share": ["No region has the code Y99."]}
    too_big = post({"region_min_share": {"Y56": 2}}).body
    assert too_big == {"region_min_share": {"Y56": ["Ensure this value is less than or equal to 1."]}}
    summed = post({"region_min_share": {"Y56": 0.6, "Y61": 0.5}}).body
    assert summed == {"region_min_share": ["The regional shares add up to more than 1."]}


def test_a_share_a_region_cannot_take_is_a_400_naming_it(trusts):
    response = post(
        {"amount_gbp": "1000.00", "cost_per_place_gbp": "100.00", "region_min_share": {"Y61": 0.5}}
    )
    assert response.status_code == 400
    assert response.body == {
        "region_min_share": [
            "Y61 cannot take its 50% share: that is 5 places at £100.00 but its trusts need only 3."
        ]
    }


def test_anonymous_callers_are_refused():
    assert post({}, user=False).status_code == 401
