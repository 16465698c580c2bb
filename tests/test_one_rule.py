"""Each rule in one place: the board page's evidence is the recompute's, and every SQL form of a
rule agrees with the Python form the rules use."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from funding.models import Budget
from trusts.models import Trust
from trusts.querysets import UnknownTrusts, is_open_on
from workforce import recompute, rules
from workforce.models import Post
from workforce.selectors import board_evidence

from .factories import (
    CohortFactory,
    CredentialFactory,
    EnrolmentFactory,
    PersonFactory,
    PostFactory,
    TrustFactory,
)

AS_OF = date(2026, 6, 1)


@pytest.fixture
def busy_trust(db):
    """A trust whose records tempt a page to count differently from the rules: a CCIO, two
    trained informaticians (one a non-clinician), an ended post, a CIO in training, an offered
    place, an enrolled learner and a sponsored learner from elsewhere."""
    trust = TrustFactory()
    ccio = PostFactory(trust=trust, role="ccio", time_fraction=Decimal("0.800"), reports_to="board")
    CredentialFactory(person=ccio.person, awarded_on=date(2020, 1, 1))
    CredentialFactory(person=PostFactory(trust=trust).person)
    manager = PostFactory(
        trust=trust,
        person__profession="non_clinical",
        person__registration_body="",
        person__registration_number="",
    )
    CredentialFactory(person=manager.person)
    CredentialFactory(person=PostFactory(trust=trust, end_date=AS_OF - timedelta(days=1)).person)
    CredentialFactory(person=PostFactory(trust=trust, start_date=AS_OF + timedelta(days=1)).person)
    cohort = CohortFactory(start_date=AS_OF - timedelta(days=30), graduation_date=AS_OF + timedelta(days=200))
    EnrolmentFactory(cohort=cohort, person=PostFactory(trust=trust).person, sponsoring_trust=trust)
    EnrolmentFactory(
        cohort=cohort, person=PostFactory(trust=trust).person, sponsoring_trust=trust, status="offered"
    )
    EnrolmentFactory(
        cohort=cohort, person=PostFactory(trust=trust, role="cio").person, sponsoring_trust=trust
    )
    EnrolmentFactory(cohort=cohort, person=PersonFactory(), sponsoring_trust=trust)
    return trust


def test_the_board_page_and_the_stored_result_cannot_disagree(busy_trust):
    recompute.recompute(as_of=AS_OF)
    result = Trust.objects.get(pk=busy_trust.pk).compliance
    evidence = board_evidence(busy_trust, AS_OF)

    assert (result.team_count, result.pipeline_count) == (2, 1)
    assert sum(row.counts for row in evidence.posts) == result.team_count
    assert len(evidence.pipeline) == result.pipeline_count
    assert evidence.ccio.post.time_fraction == result.ccio_time_fraction
    assert len(evidence.posts) == 6  # the ended post and the one not yet started are left out


@pytest.mark.parametrize(
    ("offset", "ends"),
    [(start, end) for start in (-1, 0, 1) for end in (None, -1, 0, 1) if end is None or end >= start],
)
def test_a_post_is_active_on_the_same_days_in_sql_and_in_the_rules(db, offset, ends):
    post = PostFactory(start_date=AS_OF + timedelta(days=offset))
    if ends is not None:
        post.end_date = AS_OF + timedelta(days=ends)
        post.save()
    in_sql = Post.objects.active_on(AS_OF).filter(pk=post.pk).exists()
    facts = rules.PostFacts(
        post.pk,
        post.role,
        post.person_id,
        post.time_fraction,
        post.reports_to,
        post.start_date,
        post.end_date,
    )
    assert in_sql is facts.is_active_on(AS_OF)


@pytest.mark.parametrize("closes", [None, -1, 0, 1])
def test_a_trust_is_open_on_the_same_days_in_sql_and_in_python(db, closes):
    trust = TrustFactory(closed_on=None if closes is None else AS_OF + timedelta(days=closes))
    Trust.objects.refresh_activity(AS_OF)
    trust.refresh_from_db()
    assert trust.is_active is is_open_on(trust.closed_on, AS_OF)


def test_unknown_ods_codes_are_named_everywhere_the_same_way(db):
    TrustFactory(ods_code="RGT")
    closed = TrustFactory(ods_code="RAJ", closed_on=date(2020, 1, 1))
    assert set(Trust.objects.by_ods_codes(["RGT", "RAJ"])) == {"RGT", "RAJ"}
    with pytest.raises(UnknownTrusts, match=r"^No active trust has the ODS code RAJ, ZZZ\.$"):
        Trust.objects.by_ods_codes(["RGT", closed.ods_code, "ZZZ"], active=True)
    with pytest.raises(CommandError, match="No active trust has the ODS code RAJ"):
        call_command("recompute", "--ods", "RAJ")


def test_the_default_budget_and_its_financial_years(db):
    budget = Budget.objects.default()
    assert budget.financial_years() == ["2016/17", "2017/18", "2018/19", "2019/20", "2020/21"]
    Budget.objects.filter(pk=budget.pk).update(is_default=False)
    assert Budget.objects.default() is None
