"""Bad input through the API: a 400 keyed by the field to change, DRF's shape, nothing saved."""

from decimal import Decimal

import pytest

from tests.factories import (
    AllocationFactory,
    BudgetFactory,
    CohortFactory,
    EnrolmentFactory,
    PersonFactory,
    PostFactory,
    make_user,
)
from workforce.models import Post

from .cast import token_client
from .resources import resource_at

pytestmark = pytest.mark.django_db
TOO_LONG = "x" * 201


def duplicate_enrolment(trust):
    enrolment = EnrolmentFactory(person__employing_trust=trust)
    return {"cohort": enrolment.cohort_id, "person": enrolment.person_id}


def full_cohort(trust):
    return {"cohort": EnrolmentFactory(cohort__places=1).cohort_id}


# (endpoint, changes to a valid new record, or a function of the trust giving them, fields blamed)
BAD_CREATES = [
    ("trusts", {"ods_code": "raa"}, "ods_code"),
    ("trusts", {"ods_code": "RG"}, "ods_code"),
    ("trusts", {"ods_code": "RAA"}, "ods_code"),
    ("trusts", {"name": ""}, "name"),
    ("trusts", {"name": TOO_LONG}, "name"),
    ("trusts", {"name": "Nul\x00Trust"}, "name"),
    ("trusts", {"region": "Y99"}, "region"),
    ("trusts", {"staff_fte": "-1"}, "staff_fte"),
    ("trusts", {"staff_fte": "12.34"}, "staff_fte"),
    ("trusts", {"staff_fte": "many"}, "staff_fte"),
    ("trusts", {"opened_on": "2020-01-01", "closed_on": "2019-12-31"}, "closed_on"),
    ("trusts", {"opened_on": "2020-13-01"}, "opened_on"),
    ("trusts", {"trust_type": "Acute"}, "trust_type"),
    ("people", {"registration_number": "12345678"}, "registration_number"),
    ("people", {"registration_number": "12A3456E\x00"}, "registration_number"),
    ("people", {"registration_number": "1" * 500}, "registration_number"),
    ("people", {"profession": "doctor"}, "registration_body"),
    ("people", {"registration_body": "nmc"}, "registration_body"),
    ("people", {"profession": "non_clinical"}, {"registration_body", "registration_number"}),
    ("people", {"employing_trust": "RZZ"}, "employing_trust"),
    ("people", {"employing_trust": None}, "employing_trust"),
    ("people", {"given_name": ["Grace"]}, "given_name"),
    ("people", {"family_name": TOO_LONG}, "family_name"),
    (
        "people",
        lambda trust: {
            "registration_number": PersonFactory(
                profession="nurse", registration_body="NMC", registration_number="12A3456E"
            ).registration_number
        },
        "registration_number",
    ),
    ("credentials", {"kind": "phd"}, "kind"),
    ("credentials", {"awarded_on": "soon"}, "awarded_on"),
    ("credentials", {"person": 10**12}, "person"),
    ("posts", {"time_fraction": "1.5"}, "time_fraction"),
    ("posts", {"time_fraction": "0"}, "time_fraction"),
    ("posts", {"time_fraction": "0.8001"}, "time_fraction"),
    ("posts", {"time_fraction": True}, "time_fraction"),
    ("posts", {"start_date": "2020-01-01", "end_date": "2019-12-31"}, "end_date"),
    ("posts", {"start_date": "31/01/2020"}, "start_date"),
    ("posts", {"person": 999999}, "person"),
    ("posts", {"person": "abc"}, "person"),
    ("posts", {"trust": "RZZ"}, "trust"),
    ("posts", {"role": "boss"}, "role"),
    ("posts", {"budget_authority_gbp": "-5.00"}, "budget_authority_gbp"),
    ("cohorts", {"start_date": "2026-09-01", "graduation_date": "2026-09-01"}, "graduation_date"),
    ("cohorts", {"places": 0}, "places"),
    ("cohorts", {"places": 2**40}, "places"),
    ("cohorts", {"places": "ten"}, "places"),
    ("cohorts", {"cost_per_place_gbp": "-1.00"}, "cost_per_place_gbp"),
    ("cohorts", {"partner": ""}, "partner"),
    ("enrolments", {"status": "graduated"}, "status"),
    ("enrolments", {"cohort": 999999}, "cohort"),
    ("enrolments", duplicate_enrolment, "person"),
    ("enrolments", full_cohort, "cohort"),
    ("enrolments", {"sponsoring_trust": "RZZ"}, "sponsoring_trust"),
    ("budgets", {"start_date": "2020-04-01", "end_date": "2020-03-31"}, "end_date"),
    ("budgets", {"total_gbp": "-1.00"}, "total_gbp"),
    ("budgets", {"total_gbp": "1e20"}, "total_gbp"),
    ("allocations", {"financial_year": "2017/19"}, "financial_year"),
    ("allocations", {"financial_year": "2014/15"}, "financial_year"),
    ("allocations", {"amount_gbp": "0.00"}, "amount_gbp"),
    ("allocations", {"amount_gbp": "0.001"}, "amount_gbp"),
    ("allocations", {"budget": 999999}, "budget"),
    ("allocations", {"category": "misc"}, "category"),
    ("allocations", {"note": "x" * 2001}, "note"),
    ("allocations", {"cohort": 999999}, "cohort"),
    ("regions", {"code": "y56"}, "code"),
    ("regions", {"code": "Y56"}, "code"),
    ("policies", {"ccio_reports_to": ["king"]}, "ccio_reports_to"),
    ("policies", {"ccio_reports_to": "board"}, "ccio_reports_to"),
    ("policies", {"team_min": 0}, "team_min"),
    ("policies", {"ccio_min_time_fraction": "1.500"}, "ccio_min_time_fraction"),
]


@pytest.mark.parametrize(
    "path, changes, blamed",
    BAD_CREATES,
    ids=[f"{path}-{index}" for index, (path, *_) in enumerate(BAD_CREATES)],
)
def test_bad_new_record_is_a_400_on_its_field_and_nothing_is_saved(
    admin_client, trust_a, path, changes, blamed
):
    resource = resource_at(path)
    payload = {**resource.payload(trust_a), **(changes(trust_a) if callable(changes) else changes)}
    before = resource.model.objects.count()
    response = admin_client.post(f"/api/v1/{path}/", payload)
    assert response.status_code == 400, response.content
    errors = response.json()
    assert set(errors) == ({blamed} if isinstance(blamed, str) else blamed)
    assert all(isinstance(message, str) for messages in errors.values() for message in messages)
    assert resource.model.objects.count() == before


def test_an_allocation_beyond_the_budget_names_what_is_free(admin_client, trust_a):
    budget = BudgetFactory(total_gbp=Decimal("1000.00"))
    AllocationFactory(budget=budget, amount_gbp=Decimal("999.81"))
    payload = {**resource_at("allocations").payload(trust_a), "budget": budget.pk, "amount_gbp": "0.20"}
    response = admin_client.post("/api/v1/allocations/", payload)
    assert (response.status_code, response.json()) == (
        400,
        {"amount_gbp": ["only £0.19 of this budget is unallocated"]},
    )


def test_raising_an_allocation_counts_its_own_amount_as_free(admin_client):
    allocation = AllocationFactory(budget__total_gbp=Decimal("1000.00"), amount_gbp=Decimal("600.00"))
    AllocationFactory(budget=allocation.budget, amount_gbp=Decimal("300.00"))
    response = admin_client.patch(f"/api/v1/allocations/{allocation.pk}/", {"amount_gbp": "700.01"})
    assert response.json() == {"amount_gbp": ["only £700.00 of this budget is unallocated"]}
    allocation.refresh_from_db()
    assert allocation.amount_gbp == Decimal("600.00")


def test_lowering_a_budget_below_what_is_allocated_is_refused_on_total(admin_client):
    allocation = AllocationFactory(amount_gbp=Decimal("600.00"))
    response = admin_client.patch(f"/api/v1/budgets/{allocation.budget_id}/", {"total_gbp": "599.99"})
    assert response.status_code == 400
    assert list(response.json()) == ["total_gbp"]


def test_an_update_breaking_a_rule_across_fields_is_keyed_by_the_field_to_change(admin_client):
    post = PostFactory()
    response = admin_client.patch(f"/api/v1/posts/{post.pk}/", {"end_date": "2015-12-31"})
    assert response.json() == {"end_date": ["The end date cannot be before the start date."]}


def test_put_replaces_a_record_and_checks_it_whole(admin_client):
    cohort = CohortFactory()
    payload = {**resource_at("cohorts").payload(None), "places": 25}
    assert admin_client.put(f"/api/v1/cohorts/{cohort.pk}/", payload).status_code == 200
    cohort.refresh_from_db()
    assert (cohort.places, cohort.partner) == (25, "University of Edinburgh")
    assert admin_client.put(f"/api/v1/cohorts/{cohort.pk}/", {"places": 30}).status_code == 400


@pytest.mark.parametrize(
    "path, query",
    [
        ("trusts", {"trust_type": "hospital"}),
        ("trusts", {"is_active": "maybe"}),
        ("trusts", {"region": "Y99"}),
        ("people", {"employing_trust": "RZZ"}),
        ("people", {"profession": "wizard"}),
        ("people", {"search": "a\x00b"}),
        ("posts", {"active_on": "2020-02-30"}),
        ("posts", {"person": "abc"}),
        ("posts", {"person": 10**20}),
        ("credentials", {"kind": "phd"}),
        ("enrolments", {"cohort": 999999}),
        ("allocations", {"financial_year": "2017-18"}),
        ("policies", {"active": "yes"}),
    ],
)
def test_unknown_filter_values_are_a_400(admin_client, trust_a, path, query):
    response = admin_client.get(f"/api/v1/{path}/", query)
    assert response.status_code == 400, response.content
    assert list(response.json()) == list(query)


def test_json_nested_too_deeply_is_a_400_and_saves_nothing():
    client = token_client(make_user("deep", "admin"))
    response = client.generic(
        "POST", "/api/v1/posts/", "[" * 5000 + "]" * 5000, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]
    assert Post.objects.count() == 0
