"""Every model endpoint of the API, described once for the tests that go over all of them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from funding.models import Allocation, Budget
from tests.factories import (
    AllocationFactory,
    BudgetFactory,
    CohortFactory,
    CredentialFactory,
    EnrolmentFactory,
    PersonFactory,
    PostFactory,
    TrustFactory,
)
from trusts.models import Region, Trust
from workforce.models import Cohort, Credential, Enrolment, Person, Policy, Post


@dataclass(frozen=True)
class Resource:
    path: str
    model: type
    make: Callable[[Any], Any]  # a record of the given trust
    payload: Callable[[Any], dict]  # a valid new record of the given trust
    change: dict  # a valid partial update
    writers: frozenset[str] = frozenset()  # roles besides admin that may write it
    scoped: bool = False  # its rows belong to trusts, and trust roles see only their own
    key: Callable[[Any], Any] = field(default=lambda record: record.pk)

    def __str__(self):
        return self.path


def new_region(trust):
    return Region.objects.create(
        code=f"Z{Region.objects.filter(code__startswith='Z').count() + 10}", name="Test"
    )


def new_policy(trust):
    return Policy.objects.create(code=f"test-{Policy.objects.count()}", name="A test policy")


def person_of(trust):
    return PersonFactory(employing_trust=trust)


TRUST_EDITOR = frozenset({"trust_editor"})
PROGRAMME_OFFICE = frozenset({"funding_manager"})

RESOURCES = [
    Resource(
        "regions",
        Region,
        make=new_region,
        payload=lambda trust: {"code": "Z99", "name": "New region"},
        change={"name": "Renamed region"},
        key=lambda region: region.code,
    ),
    Resource(
        "policies",
        Policy,
        make=new_policy,
        payload=lambda trust: {
            "code": "stricter",
            "name": "Stricter",
            "ccio_reports_to": ["board"],
            "team_min": 6,
        },
        change={"name": "Renamed policy"},
    ),
    Resource(
        "trusts",
        Trust,
        make=lambda trust: TrustFactory(),
        payload=lambda trust: {"ods_code": "RZZ", "name": "New Hospitals NHS Trust", "region": "Y56"},
        change={"name": "Renamed Hospitals NHS Trust"},
        key=lambda trust: trust.ods_code,
    ),
    Resource(
        "people",
        Person,
        make=person_of,
        payload=lambda trust: {
            "given_name": "Grace",
            "family_name": "Hopper",
            "profession": "nurse",
            "registration_body": "NMC",
            "registration_number": "12A3456E",
            "employing_trust": trust.ods_code,
        },
        change={"family_name": "Renamed"},
        writers=TRUST_EDITOR,
        scoped=True,
    ),
    Resource(
        "credentials",
        Credential,
        make=lambda trust: CredentialFactory(person=person_of(trust)),
        payload=lambda trust: {
            "person": person_of(trust).pk,
            "kind": "fci_fellow",
            "awarded_on": "2019-06-01",
        },
        change={"kind": "fedip_senior"},
        writers=TRUST_EDITOR,
        scoped=True,
    ),
    Resource(
        "posts",
        Post,
        make=lambda trust: PostFactory(trust=trust),
        payload=lambda trust: {
            "trust": trust.ods_code,
            "person": None,
            "role": "ccio",
            "time_fraction": "0.800",
            "reports_to": "ceo",
            "start_date": "2020-01-01",
        },
        change={"time_fraction": "0.900"},
        writers=TRUST_EDITOR,
        scoped=True,
    ),
    Resource(
        "cohorts",
        Cohort,
        make=lambda trust: CohortFactory(),
        payload=lambda trust: {
            "name": "Cohort 9",
            "programme": "Digital Health Leadership",
            "partner": "University of Edinburgh",
            "start_date": "2026-09-01",
            "graduation_date": "2027-08-31",
            "places": 60,
            "cost_per_place_gbp": "13300.00",
        },
        change={"places": 70},
        writers=PROGRAMME_OFFICE,
    ),
    Resource(
        "enrolments",
        Enrolment,
        make=lambda trust: EnrolmentFactory(person=person_of(trust)),
        payload=lambda trust: {
            "cohort": CohortFactory().pk,
            "person": person_of(trust).pk,
            "sponsoring_trust": trust.ods_code,
            "status": "offered",
        },
        change={"status": "withdrawn"},
        writers=PROGRAMME_OFFICE,
        scoped=True,
    ),
    Resource(
        "budgets",
        Budget,
        make=lambda trust: BudgetFactory(),
        payload=lambda trust: {
            "name": "Backfill fund",
            "total_gbp": "250000.00",
            "start_date": "2018-04-01",
            "end_date": "2020-03-31",
        },
        change={"total_gbp": "300000.00"},
        writers=PROGRAMME_OFFICE,
    ),
    Resource(
        "allocations",
        Allocation,
        make=lambda trust: AllocationFactory(trust=trust),
        payload=lambda trust: {
            "budget": BudgetFactory().pk,
            "category": "backfill",
            "trust": trust.ods_code,
            "financial_year": "2018/19",
            "amount_gbp": "5000.00",
        },
        change={"status": "committed"},
        writers=PROGRAMME_OFFICE,
    ),
]


def resource_at(path):
    return next(resource for resource in RESOURCES if resource.path == path)
