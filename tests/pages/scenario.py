"""A small, realistic set of trusts for the page tests: one green, one amber with a pipeline,
one red, with Academy cohorts, allocations of the default budget and a few months of history."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from funding.models import Budget
from trusts.models import Region
from workforce import recompute

from ..factories import (
    AllocationFactory,
    CohortFactory,
    CredentialFactory,
    EnrolmentFactory,
    PersonFactory,
    PostFactory,
    TrustFactory,
)


@dataclass
class Scenario:
    green: object
    amber: object
    red: object
    amber_ccio: object
    pipeline_person: object


def trained_posts(trust, count, start_date=date(2017, 4, 1)):
    posts = PostFactory.create_batch(count, trust=trust, start_date=start_date)
    for post in posts:
        CredentialFactory(person=post.person)
    return posts


def ccio_post(trust, **fields):
    post = PostFactory(
        trust=trust, role="ccio", **{"time_fraction": Decimal("0.800"), "reports_to": "board", **fields}
    )
    CredentialFactory(person=post.person, kind="fci_fellow", awarded_on=date(2016, 6, 1))
    return post


def build(extra_trusts=0):
    """The three named trusts, `extra_trusts` more with a post each, and their results as of
    three months ago, last month and today (so the history has a trend)."""
    today = timezone.localdate()
    london, midlands = Region.objects.get(code="Y56"), Region.objects.get(code="Y60")
    green = TrustFactory(
        ods_code="RGT", name="Cambridge University Hospitals NHS Foundation Trust", region=midlands
    )
    amber = TrustFactory(ods_code="RAJ", name="Mid and South Essex NHS Foundation Trust", region=london)
    red = TrustFactory(ods_code="RX1", name="Nottingham University Hospitals NHS Trust", region=midlands)

    ccio_post(green)
    trained_posts(green, 3)
    trained_posts(green, 1, start_date=today - timedelta(days=45))

    amber_ccio = ccio_post(
        amber, time_fraction=Decimal("0.600"), reports_to="cio", start_date=today - timedelta(days=75)
    )
    trained_posts(amber, 1)
    learner = PostFactory(trust=amber, person__given_name="Grace", person__family_name="Pipeline").person
    future = CohortFactory(
        name="Cohort 9", start_date=today - timedelta(days=30), graduation_date=today + timedelta(days=300)
    )
    EnrolmentFactory(cohort=future, person=learner, sponsoring_trust=amber)
    past = CohortFactory(
        name="Cohort 1", start_date=date(2018, 9, 1), graduation_date=date(2019, 8, 31), places=30
    )
    EnrolmentFactory(cohort=past, person=PersonFactory(employing_trust=red), status="graduated")

    for _ in range(extra_trusts):
        trained_posts(TrustFactory(region=london), 1)

    budget = Budget.objects.get(is_default=True)
    AllocationFactory(
        budget=budget, financial_year="2018/19", amount_gbp=Decimal("4000000.00"), status="spent"
    )
    AllocationFactory(
        budget=budget, financial_year="2019/20", amount_gbp=Decimal("1330000.00"), status="committed"
    )
    AllocationFactory(
        budget=budget,
        category="backfill",
        financial_year="2020/21",
        amount_gbp=Decimal("250000.50"),
        trust=amber,
    )
    for as_of in (today - timedelta(days=90), today - timedelta(days=31), today):
        recompute.recompute(as_of=as_of)
    return Scenario(green, amber, red, amber_ccio, learner)
