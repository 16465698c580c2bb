"""The gap-to-target rules of the Wachter review (SPEC §3), as plain functions on plain data.

Nothing here touches the database or the clock: the caller loads the facts and names the
as-of date, so every rule can be read, and tested, on its own.
"""

import functools
import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

# The only posts the rules read (a CCIO's among them).
CLINICAL_INFORMATICS_ROLES = frozenset(
    {"ccio", "cmio", "cnio", "chief_pharmacy_io", "ahp_io", "clinical_informatician"}
)
CCIO_PLANNING_HORIZON = timedelta(days=365)
PENNY = Decimal("0.01")
REPORTING_LINE_WORDS = {
    "ceo": "CEO",
    "board": "board",
    "medical_director": "medical director",
    "cio": "CIO",
    "other": "another director",
}


@dataclass(frozen=True)
class PolicyRules:
    team_min: int
    ccio_min_time_fraction: Decimal
    ccio_reports_to: frozenset[str]
    scale_by_size: bool
    reference_staff_fte: Decimal
    cost_per_informatician_gbp: Decimal


# Facts, standings and results are named tuples: a national recompute builds 100,000 of them,
# and a frozen dataclass takes three times as long to make.
class PersonFacts(NamedTuple):
    id: int
    is_clinician: bool
    credentials_awarded_on: tuple[date, ...] = ()
    # Graduation dates of the cohorts the person is `enrolled` on (any sponsoring trust).
    enrolled_graduations: tuple[date, ...] = ()

    def is_trained_on(self, day: date) -> bool:
        return bool(self.credentials_awarded_on) and min(self.credentials_awarded_on) <= day


class PostFacts(NamedTuple):
    id: int
    role: str
    person_id: int | None
    time_fraction: Decimal
    reports_to: str
    start_date: date
    end_date: date | None = None
    budget_authority_gbp: Decimal | None = None

    def is_active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class TrustFacts(NamedTuple):
    posts: tuple[PostFacts, ...]
    staff_fte: Decimal | None = None


class TrustResult(NamedTuple):
    as_of: date
    ccio_in_post: bool
    ccio_time_fraction: Decimal | None
    ccio_time_ok: bool
    ccio_reports_to_board: bool
    ccio_credentialed: bool
    team_count: int
    team_target: int
    team_gap: int
    compliant: bool
    rag: str
    actions: list[str]
    pipeline_count: int
    projected_team_count: int
    projected_compliance_date: date | None
    cost_to_close_gbp: Decimal
    eligible_for_central_investment: bool


class _Standing(NamedTuple):
    """Where a trust stands if exactly the people in `trained` count as informatics-trained."""

    ccio_post: PostFacts | None
    ccio_credentialed: bool
    time_ok: bool
    reports_ok: bool
    team_count: int
    team_gap: int

    @property
    def compliant(self) -> bool:
        return (
            self.ccio_post is not None
            and self.time_ok
            and self.reports_ok
            and self.ccio_credentialed
            and self.team_gap == 0
        )


class Evidence(NamedTuple):
    """Who and what a trust's result rests on, on its as-of date: the same for the recompute
    and for every page that shows the records behind a result."""

    active_posts: list[PostFacts]
    trained: set[int]
    team: set[int]  # the clinician-informaticians
    ccio: PostFacts | None
    pipeline: dict[int, date]  # person id -> the graduation that adds them to the team


def evidence(trust: TrustFacts, people: dict[int, PersonFacts], as_of: date) -> Evidence:
    """The active posts, the trained, the team, the CCIO and the pipeline of one trust."""
    active = [post for post in trust.posts if post.is_active_on(as_of)]
    holders = {post.person_id for post in active if post.person_id is not None}
    trained = {pid for pid in holders if people[pid].is_trained_on(as_of)}
    return Evidence(
        active_posts=active,
        trained=trained,
        team=clinician_informaticians(active, people, trained),
        ccio=ccio_post(active),
        pipeline=pipeline_graduations(active, people, trained, as_of),
    )


def assess(
    trust: TrustFacts, people: dict[int, PersonFacts], policy: PolicyRules, as_of: date
) -> TrustResult:
    """The full SPEC §3 result for one trust. `people` maps person id to PersonFacts."""
    found = evidence(trust, people, as_of)
    active, trained, pipeline = found.active_posts, found.trained, found.pipeline
    target = team_target(policy, trust.staff_fte)
    today = _standing_of(found.ccio, len(found.team), trained, people, policy, target)
    projected_count = today.team_count + len(pipeline)
    return TrustResult(
        as_of=as_of,
        ccio_in_post=today.ccio_post is not None,
        ccio_time_fraction=today.ccio_post.time_fraction if today.ccio_post else None,
        ccio_time_ok=today.time_ok,
        ccio_reports_to_board=today.reports_ok,
        ccio_credentialed=today.ccio_credentialed,
        team_count=today.team_count,
        team_target=target,
        team_gap=today.team_gap,
        compliant=today.compliant,
        rag=rag(today),
        actions=actions(today, policy, people),
        pipeline_count=len(pipeline),
        projected_team_count=projected_count,
        projected_compliance_date=projected_compliance_date(
            today, active, people, trained, pipeline, policy, target, as_of
        ),
        cost_to_close_gbp=(max(0, target - projected_count) * policy.cost_per_informatician_gbp).quantize(
            PENNY
        ),
        eligible_for_central_investment=eligible_for_central_investment(trust.posts, as_of),
    )


def team_target(policy: PolicyRules, staff_fte: Decimal | None) -> int:
    if not policy.scale_by_size or staff_fte is None:
        return policy.team_min
    scaled = math.ceil(Decimal(policy.team_min) * Decimal(staff_fte) / policy.reference_staff_fte)
    return max(policy.team_min, scaled)


def ccio_post(active_posts: list[PostFacts]) -> PostFacts | None:
    """The filled CCIO post with the largest time fraction; ties: earliest start, lowest id."""
    candidates = [post for post in active_posts if post.role == "ccio" and post.person_id is not None]
    if not candidates:
        return None
    return min(candidates, key=lambda post: (-post.time_fraction, post.start_date, post.id))


def clinician_informaticians(
    active_posts: list[PostFacts], people: dict[int, PersonFacts], trained: set[int]
) -> set[int]:
    """Ids of trained clinicians in an active clinical-informatics post: each person once."""
    return {
        post.person_id
        for post in active_posts
        if post.role in CLINICAL_INFORMATICS_ROLES
        and post.person_id in trained
        and people[post.person_id].is_clinician
    }


def _standing(
    active_posts: list[PostFacts],
    people: dict[int, PersonFacts],
    trained: set[int],
    policy: PolicyRules,
    target: int,
) -> _Standing:
    team_count = len(clinician_informaticians(active_posts, people, trained))
    return _standing_of(ccio_post(active_posts), team_count, trained, people, policy, target)


def _standing_of(
    ccio: PostFacts | None,
    team_count: int,
    trained: set[int],
    people: dict[int, PersonFacts],
    policy: PolicyRules,
    target: int,
) -> _Standing:
    """Where a trust stands, its CCIO and the size of its team found."""
    return _Standing(
        ccio_post=ccio,
        ccio_credentialed=ccio is not None
        and ccio.person_id in trained
        and people[ccio.person_id].is_clinician,
        time_ok=ccio is not None and ccio.time_fraction > policy.ccio_min_time_fraction,
        reports_ok=ccio is not None and ccio.reports_to in policy.ccio_reports_to,
        team_count=team_count,
        team_gap=max(0, target - team_count),
    )


def rag(standing: _Standing) -> str:
    if standing.compliant:
        return "green"
    if standing.ccio_post is None:
        return "red"
    return "amber"


def pipeline_graduations(
    active_posts: list[PostFacts], people: dict[int, PersonFacts], trained: set[int], as_of: date
) -> dict[int, date]:
    """Person id -> earliest graduation after `as_of`, for untrained clinicians in an active
    clinical-informatics post who are enrolled on a cohort that has yet to graduate."""
    pipeline = {}
    for post in active_posts:
        if post.role not in CLINICAL_INFORMATICS_ROLES or post.person_id is None or post.person_id in trained:
            continue
        person = people[post.person_id]
        upcoming = [day for day in person.enrolled_graduations if day > as_of]
        if upcoming and person.is_clinician:
            pipeline[person.id] = min(upcoming)
    return pipeline


def projected_compliance_date(
    today: _Standing,
    active_posts: list[PostFacts],
    people: dict[int, PersonFacts],
    trained: set[int],
    pipeline: dict[int, date],
    policy: PolicyRules,
    target: int,
    as_of: date,
) -> date | None:
    """The first pipeline graduation date on which the trust would be compliant, if nothing
    but those graduations changes; `as_of` itself if it already is; None if never."""
    if today.compliant:
        return as_of
    for graduation in sorted(set(pipeline.values())):
        graduated = {pid for pid, day in pipeline.items() if day <= graduation}
        if _standing(active_posts, people, trained | graduated, policy, target).compliant:
            return graduation
    return None


def standing_changes(trust: TrustFacts, people: dict[int, PersonFacts]) -> list[date]:
    """The days on which a trust's posts in force, or which of their holders are trained, can
    change. Between two of them every test, the team and the RAG rating stay as they are (the
    pipeline and the projection may still move)."""
    days = set()
    for post in trust.posts:
        days.add(post.start_date)
        if post.end_date is not None:
            days.add(post.end_date + timedelta(days=1))
        if post.person_id is not None:
            days.update(people[post.person_id].credentials_awarded_on)
    return sorted(days)


def eligible_for_central_investment(posts: tuple[PostFacts, ...], as_of: date) -> bool:
    """A CCIO in post, or a CCIO post (filled or vacant) active now or starting within a year."""
    horizon = as_of + CCIO_PLANNING_HORIZON
    return any(
        post.role == "ccio" and (post.is_active_on(as_of) or as_of < post.start_date <= horizon)
        for post in posts
    )


def actions(standing: _Standing, policy: PolicyRules, people: dict[int, PersonFacts]) -> list[str]:
    """What would close the gap, in a board's words."""
    ccio = standing.ccio_post
    steps = []
    if ccio is None:
        steps.append("Appoint a CCIO")
    else:
        if not standing.time_ok:
            steps.append(
                f"Raise CCIO time from {percent(ccio.time_fraction)} to over "
                f"{percent(policy.ccio_min_time_fraction)}"
            )
        if not standing.reports_ok:
            steps.append(f"Make the CCIO report to the {reporting_line_words(policy.ccio_reports_to)}")
        if ccio.person_id is None or not people[ccio.person_id].is_clinician:
            steps.append("Appoint a registered clinician as CCIO")
        elif not standing.ccio_credentialed:
            steps.append("Support the CCIO to gain an informatics credential")
    if standing.team_gap:
        noun = "clinician-informatician" if standing.team_gap == 1 else "clinician-informaticians"
        steps.append(f"Add {standing.team_gap} {noun}")
    return steps


@functools.lru_cache(maxsize=1024)  # a few fractions, said for thousands of trusts
def percent(fraction: Decimal | float | str) -> str:
    value = (Decimal(fraction) * 100).normalize()
    return f"{value:f}%"


def reporting_line_words(allowed: frozenset[str] | list[str]) -> str:
    return " or ".join(words for code, words in REPORTING_LINE_WORDS.items() if code in allowed)


def cost_per_informatician(policy_cost: Decimal | None, cohort_costs: list[Decimal]) -> Decimal:
    """The policy's cost if set, else the plain mean of the cohorts' cost per place to the penny
    (half up), else nothing."""
    if policy_cost is not None:
        return Decimal(policy_cost)
    costs = [Decimal(cost) for cost in cohort_costs]
    if not costs:
        return Decimal("0.00")
    return (sum(costs, Decimal(0)) / len(costs)).quantize(PENNY, rounding=ROUND_HALF_UP)
