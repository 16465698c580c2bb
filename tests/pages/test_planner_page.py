"""The planner page (`/funding/planner/`): what would £X buy, shown to everyone signed in, and
saved as planned allocations by administrators and funding managers only."""

import re
from decimal import Decimal

import pytest

from funding.models import Allocation, Budget
from workforce.models import ComplianceResult, Policy

from ..factories import AllocationFactory, TrustFactory, make_user
from .cast import PASSWORD, signed_in

URL = "/funding/planner/"
PASSING = {
    "ccio_in_post": True,
    "ccio_time_ok": True,
    "ccio_reports_to_board": True,
    "ccio_credentialed": True,
}


def stored_result(trust, places_needed, **tests):
    """The result the recompute would store: a target of 5, `places_needed` short of it."""
    values = {**PASSING, **tests, "team_target": 5, "projected_team_count": 5 - places_needed}
    ComplianceResult.objects.update_or_create(trust=trust, defaults=values)


@pytest.fixture
def trusts(db):
    """Two trusts that places alone make compliant (2 and 1 short), one whose CCIO works too
    few hours (4 short), one already compliant; places at the policy's £13,300."""
    Policy.objects.filter(is_active=True).update(cost_per_informatician_gbp=Decimal("13300.00"))
    stored_result(TrustFactory(ods_code="RA1", name="Abbey Hospitals NHS Trust"), 2)
    stored_result(TrustFactory(ods_code="RB2", name="Brook Community NHS Trust"), 1)
    stored_result(TrustFactory(ods_code="RC3", name="Cedar Mental Health NHS Trust"), 4, ccio_time_ok=False)
    stored_result(TrustFactory(ods_code="RD4", name="Dale NHS Foundation Trust"), 0)


@pytest.fixture
def client_as(trusts):
    """role -> a test client signed in as a new user of that role."""
    return lambda role: signed_in(make_user(role, role, password=PASSWORD))


def text_of(html, element_id):
    """The text inside the element with `element_id`, tags removed."""
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(dd|span|div)>', html, re.S)
    return re.sub(r"<[^>]+>", "", match[1]).strip()


def saved():
    return list(
        Allocation.objects.order_by("trust__ods_code").values_list(
            "trust__ods_code", "category", "status", "financial_year", "amount_gbp"
        )
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, trusts):
    for response in (client.get(URL), client.post(URL, {"amount_gbp": "50000", "financial_year": "2019/20"})):
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={URL}"
    assert saved() == []


def test_an_analyst_sees_what_an_amount_buys(client_as):
    response = client_as("nhse_analyst").get(URL, {"amount_gbp": "£60,000", "cost_per_place_gbp": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert text_of(html, "plan-amount") == "£60,000.00"
    assert text_of(html, "plan-cost") == "£13,300.00: the policy's cost per clinician-informatician"
    assert text_of(html, "plan-places") == "4 at 3 trusts"
    assert text_of(html, "plan-made-compliant") == "2"
    assert text_of(html, "plan-total") == "£53,200.00"
    assert text_of(html, "plan-unspent") == "£6,800.00"
    assert text_of(html, "plan-remaining-gap") == "3"
    rows = [
        (row.trust.ods_code, row.places, row.cost_gbp, row.made_compliant)
        for row in response.context["form"].planned_trusts
    ]
    assert rows == [
        ("RA1", 2, Decimal("26600.00"), True),
        ("RB2", 1, Decimal("13300.00"), True),
        ("RC3", 1, Decimal("13300.00"), False),  # the money left over, where a gap remains
    ]
    assert (
        '<a href="/trusts/RA1/">Abbey Hospitals NHS Trust</a> <span class="nhsuk-body-s">(RA1)</span>' in html
    )
    assert "Dale NHS Foundation Trust" not in html
    assert "Save as planned allocations" not in html


def test_blank_inputs_plan_what_the_default_budget_has_unallocated(client_as):
    html = client_as("board_member").get(URL).content.decode()
    assert text_of(html, "plan-amount") == "£42,000,000.00: what the default budget has unallocated"
    assert text_of(html, "plan-total") == "£93,100.00"  # every gap: 7 places
    assert text_of(html, "plan-unspent") == "£41,906,900.00"
    assert text_of(html, "plan-made-compliant") == "2"
    assert text_of(html, "plan-remaining-gap") == "0"


@pytest.mark.parametrize(
    ("inputs", "field", "message"),
    [
        ({"amount_gbp": "-5"}, "amount_gbp", "The amount cannot be negative"),
        (
            {"amount_gbp": "lots"},
            "amount_gbp",
            "Enter the amount as a number of pounds, like 250000 or 250,000.50",
        ),
        ({"amount_gbp": "100.005"}, "amount_gbp", "Enter the amount to the nearest penny"),
        ({"cost_per_place_gbp": "-0.01"}, "cost_per_place_gbp", "The cost of a place cannot be negative"),
        (
            {"cost_per_place_gbp": "NaN"},
            "cost_per_place_gbp",
            "Enter the cost of a place as a number of pounds, like 13300 or 13,300.00",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_is_planned(client_as, inputs, field, message):
    response = client_as("funding_manager").get(URL, inputs)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].plan is None
    assert "<title>Error: Plan Academy places" in html
    assert "There is a problem" in html
    assert re.search(rf'<a href="#id_{field}">{re.escape(message)}', html)
    assert f'aria-describedby="id_{field}-hint id_{field}-error"' in html
    assert 'id="plan-total"' not in html and "Save as planned allocations" not in html
    assert saved() == []


@pytest.mark.parametrize(
    ("role", "may_save"),
    [
        ("admin", True),
        ("funding_manager", True),
        ("nhse_analyst", False),
        ("board_member", False),
        ("trust_editor", False),
    ],
)
def test_only_the_programme_office_is_offered_the_save_form(client_as, role, may_save):
    html = client_as(role).get(URL, {"amount_gbp": "50000"}).content.decode()
    assert ("Save as planned allocations" in html) is may_save


@pytest.mark.parametrize("role", ["admin", "funding_manager"])
def test_saving_makes_planned_allocations_and_says_so(client_as, role):
    client = client_as(role)
    response = client.post(
        URL, {"amount_gbp": "50,000", "cost_per_place_gbp": "", "financial_year": "2019/20"}
    )
    assert response.status_code == 302 and response["Location"] == "/funding/"
    assert saved() == [
        ("RA1", "academy_places", "planned", "2019/20", Decimal("26600.00")),
        ("RB2", "academy_places", "planned", "2019/20", Decimal("13300.00")),
    ]
    assert {record.history_user.username for record in Allocation.history.all()} == {role}
    html = client.get(response["Location"]).content.decode()
    assert "nhsuk-notification-banner--success" in html
    assert "Saved the plan: 2 planned allocations of Academy places in 2019/20, £39,900.00 in all." in html


@pytest.mark.parametrize("role", ["board_member", "nhse_analyst", "trust_editor"])
def test_other_roles_cannot_save(client_as, role):
    response = client_as(role).post(URL, {"amount_gbp": "50000", "financial_year": "2019/20"})
    assert response.status_code == 403
    assert saved() == []


def test_a_plan_that_no_longer_fits_the_budget_is_refused_on_the_amount(client_as):
    client = client_as("funding_manager")
    assert "Save as planned allocations" in client.get(URL, {"amount_gbp": "50000"}).content.decode()
    budget = Budget.objects.get(is_default=True)
    AllocationFactory(budget=budget, amount_gbp=Decimal("41961000.00"), status="spent")  # meanwhile

    response = client.post(
        URL, {"amount_gbp": "50000", "cost_per_place_gbp": "", "financial_year": "2019/20"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_amount_gbp">only £39000.00 of this budget is unallocated</a>' in html
    assert 'value="50000"' in html  # the amount asked, to change
    assert Allocation.objects.count() == 1


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2026/27", "2026/27 falls outside the budget&#x27;s dates (01 April 2016 to 31 March 2021)."),
        ("2019-20", "A financial year looks like 2017/18 (1 April 2017 to 31 March 2018)."),
        ("", "Enter the financial year, like 2019/20"),
    ],
)
def test_a_bad_financial_year_is_refused_on_the_year(client_as, year, message):
    response = client_as("funding_manager").post(URL, {"amount_gbp": "50000", "financial_year": year})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#id_financial_year">{message}</a>' in html
    assert 'id="plan-total"' in html  # the plan stays in view, to save again
    assert saved() == []


def test_free_places_leave_nothing_to_save(client_as):
    response = client_as("funding_manager").post(
        URL, {"amount_gbp": "0", "cost_per_place_gbp": "0", "financial_year": "2019/20"}
    )
    assert (
        "<li>The plan buys no places at a cost, so there is nothing to save</li>" in response.content.decode()
    )
    assert saved() == []


def test_the_funding_page_and_the_menu_lead_to_the_planner(client_as):
    html = client_as("board_member").get("/funding/").content.decode()
    assert html.count(f'href="{URL}"') == 2


# Every page starts with the session and the user: 2 queries.
# Then: the user's groups and trusts (may they save?); the default budget; the default budget
# with its allocated sum (the blank amount); the active policy; the cohorts' costs; the stored
# results; the planned trusts' names.
QUERIES = 2 + 8


@pytest.mark.parametrize("count", [2, 30])
def test_queries_do_not_grow_with_trusts(db, django_assert_num_queries, count):
    for _ in range(count):
        stored_result(TrustFactory(), 2)
    client = signed_in(make_user("board", "board_member", password=PASSWORD))
    with django_assert_num_queries(QUERIES):
        response = client.get(URL)
    assert response.context["form"].plan.trusts_made_compliant == count
