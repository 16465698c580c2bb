"""Every boundary of SPEC §3, on plain data: no database, the as-of date an argument."""

from datetime import date
from decimal import Decimal

import pytest

from workforce.rules import (
    PersonFacts,
    PolicyRules,
    PostFacts,
    TrustFacts,
    assess,
    cost_per_informatician,
    team_target,
)

D = date(2026, 11, 28)
WACHTER = PolicyRules(
    team_min=5,
    ccio_min_time_fraction=Decimal("0.750"),
    ccio_reports_to=frozenset({"board", "ceo"}),
    scale_by_size=False,
    reference_staff_fte=Decimal("4444"),
    cost_per_informatician_gbp=Decimal("13300.00"),
)
TRAINED = (date(2015, 6, 1),)


def clinician(pid, credentials=TRAINED, enrolled=()):
    return PersonFacts(pid, True, credentials, enrolled)


def post(
    pid,
    person_id,
    role="clinical_informatician",
    fraction="0.500",
    reports_to="ceo",
    start=date(2016, 1, 1),
    end=None,
):
    return PostFacts(pid, role, person_id, Decimal(fraction), reports_to, start, end)


def ccio(pid=1, person_id=1, fraction="0.800", reports_to="ceo", **dates):
    return post(pid, person_id, "ccio", fraction, reports_to, **dates)


def team(first_id, size):
    """`size` trained clinicians in clinical-informatician posts, ids from `first_id`."""
    ids = range(first_id, first_id + size)
    return [post(i, i) for i in ids], {i: clinician(i) for i in ids}


def result(posts, people, policy=WACHTER, as_of=D, staff_fte=None):
    return assess(TrustFacts(tuple(posts), staff_fte), people, policy, as_of)


def compliant_trust(**ccio_changes):
    posts, people = team(2, 4)
    return result([ccio(**ccio_changes), *posts], {1: clinician(1), **people})


def test_a_full_team_with_a_credentialed_full_time_ccio_is_green():
    outcome = compliant_trust()
    assert outcome.compliant and outcome.rag == "green"
    assert (outcome.team_count, outcome.team_target, outcome.team_gap) == (5, 5, 0)
    assert outcome.actions == []
    assert outcome.projected_compliance_date == D
    assert outcome.cost_to_close_gbp == Decimal("0.00")


@pytest.mark.parametrize(
    ("fraction", "time_ok"),
    [("0.750", False), ("0.751", True), ("0.760", True), ("0.800", True), ("1.000", True)],
)
def test_ccio_time_must_be_strictly_more_than_three_quarters(fraction, time_ok):
    outcome = compliant_trust(fraction=fraction)
    assert outcome.ccio_time_fraction == Decimal(fraction)
    assert outcome.ccio_time_ok is time_ok
    assert outcome.compliant is time_ok


def test_too_little_time_is_amber_with_the_action_in_percent():
    outcome = compliant_trust(fraction="0.600")
    assert outcome.rag == "amber"
    assert outcome.actions == ["Raise CCIO time from 60% to over 75%"]


@pytest.mark.parametrize(
    ("line", "ok"),
    [("board", True), ("ceo", True), ("cio", False), ("medical_director", False), ("other", False)],
)
def test_ccio_must_report_to_the_ceo_or_board(line, ok):
    outcome = compliant_trust(reports_to=line)
    assert outcome.ccio_reports_to_board is ok
    assert ("Make the CCIO report to the CEO or board" in outcome.actions) is not ok


def test_a_non_clinician_ccio_fails_the_credential_test_even_when_trained():
    posts, people = team(2, 4)
    outcome = result([ccio(), *posts], {1: PersonFacts(1, False, TRAINED), **people})
    assert outcome.ccio_credentialed is False
    assert outcome.team_count == 4
    assert outcome.actions == ["Appoint a registered clinician as CCIO", "Add 1 clinician-informatician"]


def test_an_uncredentialed_ccio_fails_the_credential_test_and_is_not_in_the_team():
    posts, people = team(2, 4)
    outcome = result([ccio(), *posts], {1: clinician(1, credentials=()), **people})
    assert outcome.ccio_credentialed is False
    assert outcome.team_count == 4
    assert outcome.actions == [
        "Support the CCIO to gain an informatics credential",
        "Add 1 clinician-informatician",
    ]


def test_a_credential_awarded_after_the_as_of_date_does_not_count():
    outcome = result([ccio()], {1: clinician(1, credentials=(date(2026, 11, 29),))})
    assert outcome.ccio_credentialed is False
    assert outcome.team_count == 0


def test_a_credential_awarded_on_the_as_of_date_counts():
    outcome = result([ccio()], {1: clinician(1, credentials=(D,))})
    assert outcome.ccio_credentialed is True


def test_no_ccio_fails_all_four_tests_and_is_red():
    posts, people = team(2, 5)
    outcome = result(posts, people)
    assert (
        outcome.ccio_in_post,
        outcome.ccio_time_ok,
        outcome.ccio_reports_to_board,
        outcome.ccio_credentialed,
    ) == (
        False,
        False,
        False,
        False,
    )
    assert outcome.ccio_time_fraction is None
    assert outcome.rag == "red"
    assert outcome.actions == ["Appoint a CCIO"]


def test_two_ccio_posts_pick_the_largest_fraction():
    outcome = result(
        [ccio(1, 1, fraction="0.500"), ccio(2, 2, fraction="0.900", reports_to="cio")],
        {1: clinician(1), 2: clinician(2)},
    )
    assert outcome.ccio_time_fraction == Decimal("0.900")
    assert outcome.ccio_reports_to_board is False


def test_two_ccio_posts_with_equal_fractions_pick_the_earliest_start():
    outcome = result(
        [
            ccio(1, 1, reports_to="ceo", start=date(2020, 1, 1)),
            ccio(2, 2, reports_to="cio", start=date(2019, 1, 1)),
        ],
        {1: clinician(1), 2: clinician(2)},
    )
    assert outcome.ccio_reports_to_board is False


def test_two_ccio_posts_equal_in_fraction_and_start_pick_the_lowest_id():
    outcome = result(
        [ccio(7, 1, reports_to="cio"), ccio(3, 2, reports_to="board")], {1: clinician(1), 2: clinician(2)}
    )
    assert outcome.ccio_reports_to_board is True


@pytest.mark.parametrize(
    ("start", "end", "counted"),
    [
        (date(2016, 1, 1), date(2026, 11, 27), False),  # ended yesterday
        (date(2016, 1, 1), D, True),  # ends today
        (D, None, True),  # starts today
        (date(2026, 11, 29), None, False),  # starts tomorrow
    ],
)
def test_only_posts_active_on_the_as_of_date_count(start, end, counted):
    outcome = result([ccio(start=start, end=end)], {1: clinician(1)})
    assert outcome.ccio_in_post is counted
    assert outcome.team_count == int(counted)


def test_a_vacant_ccio_post_is_no_ccio_in_post():
    outcome = result([ccio(person_id=None)], {})
    assert outcome.ccio_in_post is False
    assert outcome.rag == "red"


def test_a_person_with_two_posts_at_one_trust_counts_once():
    outcome = result([post(1, 1), post(2, 1, role="cmio")], {1: clinician(1)})
    assert outcome.team_count == 1
    assert outcome.team_gap == 4


def test_a_person_with_posts_at_two_trusts_counts_at_both():
    people = {1: clinician(1)}
    assert result([post(1, 1)], people).team_count == 1
    assert result([post(2, 1)], people).team_count == 1


@pytest.mark.parametrize("role", ["cio", "other"])
def test_cio_and_other_roles_are_not_clinical_informatics(role):
    outcome = result([post(1, 1, role=role)], {1: clinician(1)})
    assert outcome.team_count == 0


def test_a_non_clinician_is_not_a_clinician_informatician():
    outcome = result([post(1, 1)], {1: PersonFacts(1, False, TRAINED)})
    assert outcome.team_count == 0


def test_a_small_team_is_amber_with_the_gap_in_words():
    posts, people = team(2, 2)
    outcome = result([ccio(), *posts], {1: clinician(1), **people})
    assert (outcome.team_count, outcome.team_gap, outcome.rag) == (3, 2, "amber")
    assert outcome.actions == ["Add 2 clinician-informaticians"]
    assert outcome.cost_to_close_gbp == Decimal("26600.00")


@pytest.mark.parametrize(
    ("scale", "fte", "target"),
    [
        (False, Decimal("20000"), 5),
        (True, None, 5),
        (True, Decimal("2000"), 5),
        (True, Decimal("4444"), 5),
        (True, Decimal("4444.1"), 6),
        (True, Decimal("17975.7"), 21),
    ],
)
def test_team_target_scales_by_size_only_when_the_policy_says(scale, fte, target):
    policy = PolicyRules(5, Decimal("0.75"), frozenset({"ceo"}), scale, Decimal("4444"), Decimal("0"))
    assert team_target(policy, fte) == target


def test_pipeline_counts_untrained_clinicians_enrolled_on_a_cohort_that_graduates_later():
    graduation = date(2027, 8, 31)
    posts, people = team(2, 3)
    people[10] = clinician(10, credentials=(), enrolled=(graduation, date(2028, 8, 31)))
    people[11] = clinician(
        11, credentials=(), enrolled=(date(2026, 8, 31),)
    )  # already graduated date: not pipeline
    people[12] = PersonFacts(12, False, (), (graduation,))  # not a clinician
    posts += [post(10, 10), post(11, 11), post(12, 12)]
    outcome = result([ccio(), *posts], {1: clinician(1), **people})
    assert outcome.team_count == 4
    assert outcome.pipeline_count == 1
    assert outcome.projected_team_count == 5
    assert outcome.projected_compliance_date == graduation
    assert outcome.cost_to_close_gbp == Decimal("0.00")


def test_a_ccio_in_the_pipeline_fixes_the_credential_test_on_graduation():
    graduation = date(2027, 3, 31)
    posts, people = team(2, 4)
    outcome = result([ccio(), *posts], {1: clinician(1, credentials=(), enrolled=(graduation,)), **people})
    assert outcome.ccio_credentialed is False
    assert outcome.projected_compliance_date == graduation


def test_projected_date_is_the_first_graduation_that_closes_the_gap():
    first, second = date(2027, 3, 31), date(2027, 9, 30)
    posts, people = team(2, 2)
    people[20] = clinician(20, credentials=(), enrolled=(first,))
    people[21] = clinician(21, credentials=(), enrolled=(second,))
    outcome = result([ccio(), *posts, post(20, 20), post(21, 21)], {1: clinician(1), **people})
    assert outcome.projected_compliance_date == second


def test_no_projected_date_when_the_pipeline_cannot_close_the_gap():
    outcome = compliant_trust(fraction="0.500")
    assert outcome.projected_compliance_date is None


@pytest.mark.parametrize(
    ("posts", "eligible"),
    [
        ([], False),
        ([ccio(person_id=None)], True),  # vacant but active
        ([ccio(start=date(2027, 11, 28))], True),  # starts in exactly 365 days
        ([ccio(start=date(2027, 11, 29))], False),  # starts in 366 days
        ([ccio(end=date(2026, 1, 1))], False),  # ended
        ([post(1, 1, role="cmio")], False),
    ],
)
def test_eligibility_for_central_investment(posts, eligible):
    assert result(posts, {1: clinician(1)}).eligible_for_central_investment is eligible


@pytest.mark.parametrize(
    ("policy_cost", "cohorts", "cost"),
    [
        (Decimal("10000.00"), [Decimal("1")], Decimal("10000.00")),
        (None, [Decimal("13300.00"), Decimal("13300.01"), Decimal("13300.00")], Decimal("13300.00")),
        (None, [Decimal("0.01"), Decimal("0.02")], Decimal("0.02")),  # 0.015 rounds half up
        (None, [], Decimal("0.00")),
    ],
)
def test_cost_per_informatician(policy_cost, cohorts, cost):
    assert cost_per_informatician(policy_cost, cohorts) == cost
