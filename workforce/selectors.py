"""What the API and the pages read about results: stored rows, national and regional figures,
the trend, and the records behind a trust's result. Every figure comes from the stored results
(`ComplianceResult`, `ComplianceHistory`) or from `rules`; nothing here re-derives a rule. Each
function runs a fixed number of queries, however many trusts there are."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from trusts.access import Access
from trusts.models import Trust

from . import rules
from .figures import percentage
from .models import (
    Cohort,
    ComplianceHistory,
    ComplianceResult,
    Credential,
    Enrolment,
    EnrolmentStatus,
    Person,
    Policy,
    Post,
)
from .models.results import Rag
from .querysets import STALE_OR_NEVER_COMPUTED
from .recompute import POST_FACT_COLUMNS, RESULT_FIELDS, build_facts

TRUST_HISTORY_ROWS = 24
# The figures of SPEC §3 as the API shows them: the as-of date, the results, when computed.
SHOWN_FIELDS = ["as_of", *RESULT_FIELDS, "computed_at"]
ZERO_GBP = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


# Stored results as rows and figures ------------------------------------------------------------


def compliance_rows(trusts: QuerySet[Trust]) -> QuerySet[Trust, Any]:
    """One row per trust with its current result: nulls and `stale` for a trust never computed.

    One query (a left join); the rows are dicts, so filters and ordering stay in SQL."""
    stored: dict[str, Any] = {name: F(f"compliance__{name}") for name in SHOWN_FIELDS}
    # A row marked but never computed holds defaults, not results: show them as nulls too.
    stored["rag"] = NullIf("compliance__rag", Value(""))
    stored["actions"] = Case(When(compliance__computed_at__isnull=False, then=F("compliance__actions")))
    return trusts.values(
        "id",
        "ods_code",
        "region",
        "trust_type",
        trust_name=F("name"),
        stale=ExpressionWrapper(STALE_OR_NEVER_COMPUTED, output_field=BooleanField()),
        **stored,
    )


def history_rows(trust_id: int) -> QuerySet[ComplianceHistory, dict[str, Any]]:
    """A trust's past results, newest first."""
    return (
        ComplianceHistory.objects.filter(trust_id=trust_id)
        .values(*SHOWN_FIELDS)
        .order_by("-computed_at", "-id")
    )


def _figures() -> dict[str, Any]:
    return {
        "trusts": Count("id"),
        "compliant": Count("id", filter=Q(compliance__compliant=True)),
        **{rag: Count("id", filter=Q(compliance__rag=rag)) for rag in Rag.values},
        "team_count": Coalesce(Sum("compliance__team_count"), 0),
        "team_target": Coalesce(Sum("compliance__team_target"), 0),
        "team_gap": Coalesce(Sum("compliance__team_gap"), 0),
        "cost_to_close_gbp": Coalesce(Sum("compliance__cost_to_close_gbp"), ZERO_GBP),
    }


def _shaped(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "trusts": row["trusts"],
        "compliant": row["compliant"],
        "compliant_pct": percentage(row["compliant"], row["trusts"]),
        "rag": {rag: row[rag] for rag in Rag.values},
        "team_count": row["team_count"],
        "team_target": row["team_target"],
        "team_gap": row["team_gap"],
        "cost_to_close_gbp": row["cost_to_close_gbp"],
    }


def compliance_summary(trusts: QuerySet[Trust]) -> dict[str, Any]:
    """National figures over `trusts`, then the same per region. Two queries."""
    national = trusts.aggregate(
        **_figures(),
        stale=Count("id", filter=STALE_OR_NEVER_COMPUTED),
        computed_at=Min("compliance__computed_at"),
    )
    regions = trusts.order_by("region").values("region", region_name=F("region__name")).annotate(**_figures())
    return {
        **_shaped(national),
        "stale": national["stale"],
        "computed_at": national["computed_at"],
        "by_region": [
            {"region": row["region"], "region_name": row["region_name"], **_shaped(row)} for row in regions
        ],
    }


# The records behind a trust's result -------------------------------------------------------------


@dataclass(frozen=True)
class PostRow:
    """An active post at the trust, with what the board needs to judge it."""

    post: Post
    counts: bool  # the holder is one of the trust's clinician-informaticians

    @property
    def credentials(self) -> list[Credential]:
        return list(self.post.person.credentials.all()) if self.post.person else []


@dataclass(frozen=True)
class PipelineRow:
    """A person the rules count in the projected team, and the cohort they graduate from."""

    person: Person
    graduates_on: date
    cohort: Cohort | None


@dataclass(frozen=True)
class BoardEvidence:
    """The records behind a trust's stored result, as of that result's date."""

    as_of: date
    posts: list[PostRow]
    ccio: PostRow | None
    pipeline: list[PipelineRow]
    history: list[ComplianceHistory]


def board_evidence(trust: Trust, as_of: date) -> BoardEvidence:
    """The active posts, the CCIO, the Academy pipeline and the result history of a trust, as
    the rules see them: the posts are turned into the rules' facts by the recompute's own
    `build_facts`, and `rules.evidence` says who counts, who is CCIO and who is in the pipeline.
    4 queries: posts with holders, their credentials, their enrolments, the history."""
    posts = trust_posts(trust, as_of)
    people = {post.person.pk: post.person for post in posts if post.person is not None}
    facts, people_facts = build_facts(
        [post_row(post) for post in posts],
        [(pk, c.awarded_on) for pk, person in people.items() for c in person.credentials.all()],
        [(pk, e.cohort.graduation_date) for pk, person in people.items() for e in enrolled_places(person)],
    )
    found = rules.evidence(rules.TrustFacts(tuple(facts[trust.pk])), people_facts, as_of)
    by_id = {post.pk: post for post in posts}
    rows = {fact.id: PostRow(by_id[fact.id], fact.person_id in found.team) for fact in found.active_posts}
    return BoardEvidence(
        as_of=as_of,
        posts=sorted(rows.values(), key=lambda row: post_order(row.post)),
        ccio=rows[found.ccio.id] if found.ccio else None,
        pipeline=[
            PipelineRow(people[pk], graduates_on, cohort_graduating(people[pk], graduates_on))
            for pk, graduates_on in sorted(found.pipeline.items(), key=lambda item: (item[1], item[0]))
        ],
        history=list(trust.compliance_history.order_by("-as_of", "-computed_at", "-id")[:TRUST_HISTORY_ROWS]),
    )


def trust_posts(trust: Trust, as_of: date) -> list[Post]:
    """The trust's posts not ended by `as_of` (as the recompute loads them), with their holders,
    credentials and enrolled places. 3 queries."""
    enrolled = Enrolment.objects.filter(status=EnrolmentStatus.ENROLLED).select_related("cohort")
    return list(
        Post.objects.filter(trust=trust)
        .not_ended_by(as_of)
        .select_related("person")
        .prefetch_related(
            Prefetch("person__credentials", queryset=Credential.objects.order_by("awarded_on")),
            Prefetch("person__enrolments", queryset=enrolled, to_attr="enrolled"),
        )
    )


def enrolled_places(person: Person) -> list[Enrolment]:
    """The places `trust_posts` prefetched: the person's `enrolled` enrolments, with cohorts."""
    return person.enrolled  # type: ignore[attr-defined]  # set by Prefetch(to_attr="enrolled")


def post_row(post: Post) -> tuple[Any, ...]:
    """A loaded post as the row `build_facts` reads."""
    profession = post.person.profession if post.person else None
    return (post.trust_id, profession, *(getattr(post, column) for column in POST_FACT_COLUMNS))


def post_order(post: Post) -> tuple[Any, ...]:
    return (post.role, -post.time_fraction, post.start_date, post.pk)


def cohort_graduating(person: Person, graduates_on: date) -> Cohort | None:
    return next((e.cohort for e in enrolled_places(person) if e.cohort.graduation_date == graduates_on), None)


def stored_result(trust: Trust) -> ComplianceResult:
    """The trust's stored result (select_related it), or an empty one if never computed."""
    try:
        return trust.compliance
    except ComplianceResult.DoesNotExist:
        return ComplianceResult(trust=trust)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def sees_people_of(user, trust: Trust) -> bool:
    """Whether `user` may read the names of `trust`'s people (SPEC §1): the reach that
    `restrict(user)` scopes every person, post and enrolment by."""
    return Access.of(user).reaches(trust.pk)


# The Academy -------------------------------------------------------------------------------------


def cohorts_with_places() -> QuerySet[Cohort]:
    """Every cohort with its enrolments counted by status and its places taken and free.
    1 query."""
    counts = {
        status: Count("enrolments", filter=Q(enrolments__status=status)) for status in EnrolmentStatus.values
    }
    return (
        Cohort.objects.annotate(**counts)
        .annotate(
            taken=F("offered") + F("enrolled") + F("graduated"),
            free=F("places") - F("offered") - F("enrolled") - F("graduated"),
        )
        .order_by("start_date", "id")
    )


def academy_totals(cohorts: list[Cohort]) -> dict[str, int]:
    """Places and enrolments summed over already-loaded cohorts."""
    fields = ("places", "taken", "free", *EnrolmentStatus.values)
    return {name: sum(getattr(cohort, name) for cohort in cohorts) for name in fields}


# The board's checklist ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One of the five tests of a board's checklist: what it asks, whether the stored result
    passes it, and the evidence from the records."""

    test: str
    passed: bool | None
    evidence: str


def checklist(result: ComplianceResult, evidence: BoardEvidence, policy: Policy) -> list[Check]:
    """The five tests, passed or not as the stored result says, with non-personal evidence."""
    ccio = evidence.ccio.post if evidence.ccio else None
    return [
        Check("A CCIO is in post", result.ccio_in_post, ccio_evidence(ccio)),
        Check(
            f"The CCIO spends more than {rules.percent(policy.ccio_min_time_fraction)} of their time on it",
            result.ccio_time_ok,
            time_evidence(result.ccio_time_fraction),
        ),
        Check(
            f"The CCIO reports to the {rules.reporting_line_words(policy.ccio_reports_to)}",
            result.ccio_reports_to_board,
            f"Reports to {ccio.get_reports_to_display().lower()}" if ccio else "No CCIO in post",
        ),
        Check(
            "The CCIO is a credentialed clinician-informatician",
            result.ccio_credentialed,
            credential_evidence(evidence.ccio, evidence.as_of),
        ),
        Check(
            f"The trust has at least {team_target(result, policy)} clinician-informaticians",
            None if result.team_gap is None else result.team_gap == 0,
            team_evidence(result),
        ),
    ]


def team_target(result, policy):
    """The stored target, or the policy's minimum for a trust not yet computed."""
    return policy.team_min if result.team_target is None else result.team_target


def ccio_evidence(ccio):
    if ccio is None:
        return "No filled CCIO post"
    return f"In post since {long_date(ccio.start_date)}"


def time_evidence(fraction):
    if fraction is None:
        return "No CCIO in post"
    programmed_activities = (fraction * 10).normalize()
    return f"{rules.percent(fraction)} of their time ({programmed_activities:f} programmed activities a week)"


def credential_evidence(ccio, as_of):
    if ccio is None:
        return "No CCIO in post"
    if not ccio.post.person.is_clinician:
        return "Not a registered clinician"
    held = [c for c in ccio.credentials if c.awarded_on <= as_of]
    if not held:
        return f"{ccio.post.person.get_registration_body_display()} registered; no informatics credential"
    kinds = "; ".join(f"{c.get_kind_display()} ({c.awarded_on.year})" for c in held)
    return f"{ccio.post.person.get_registration_body_display()} registered; {kinds}"


def team_evidence(result):
    if result.team_count is None:
        return "Not yet computed"
    gap = f"{result.team_gap} short" if result.team_gap else "target met"
    return f"{result.team_count} of {result.team_target}: {gap}"
