"""What the server-rendered pages read. Every figure comes from the stored results
(`ComplianceResult`, `ComplianceHistory`); nothing here recomputes one. Each function runs a
fixed number of queries, however many trusts there are."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Prefetch, Q

from trusts.access import Access

from . import rules
from .models import Cohort, ComplianceHistory, ComplianceResult, Credential, Enrolment, EnrolmentStatus, Post
from .models.results import Rag
from .summary import percentage

TREND_MONTHS = 12
TRUST_HISTORY_ROWS = 24


@dataclass(frozen=True)
class TrendPoint:
    """How many trusts stood at each RAG rating at the end of a month."""

    month: date
    green: int
    amber: int
    red: int

    @property
    def trusts(self):
        return self.green + self.amber + self.red

    @property
    def compliant_pct(self):
        return percentage(self.green, self.trusts)


def compliance_trend(today, months=TREND_MONTHS):
    """RAG counts at each month's end, from the result history: the months since the first
    history row, at most `months` of them, up to today's month. 1 query."""
    rows = ComplianceHistory.objects.filter(as_of__isnull=False).order_by("as_of", "computed_at", "id")
    rows = rows.values_list("trust_id", "trust__closed_on", "as_of", "rag")
    return rag_by_month(list(rows), month_starts(today, months))


def month_starts(today, months):
    """The first days of the last `months` months, oldest first, ending with today's month."""
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


def next_month(day):
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def rag_by_month(rows, months):
    """Fold (trust id, closed on, as-of, rag) rows, in as-of order, into month-end counts.
    A trust counts in a month if it had a result by then and had not closed. Months before the
    first row are left out."""
    latest = {}
    points = []
    position = 0
    for month in months:
        end = next_month(month)
        while position < len(rows) and rows[position][2] < end:
            trust_id, closed_on, _, rag = rows[position]
            latest[trust_id] = (closed_on, rag)
            position += 1
        if not latest:
            continue
        open_rags = [rag for closed_on, rag in latest.values() if closed_on is None or closed_on >= end]
        points.append(TrendPoint(month, *(open_rags.count(rag) for rag in Rag.values)))
    return points


@dataclass(frozen=True)
class PostRow:
    """An active post at the trust, with what the board needs to judge it."""

    post: Post
    counts: bool  # the holder is one of the trust's clinician-informaticians

    @property
    def credentials(self):
        return self.post.person.credentials.all() if self.post.person else []


@dataclass(frozen=True)
class BoardEvidence:
    """The records behind a trust's stored result, as of that result's date."""

    as_of: date
    posts: list[PostRow]
    ccio: PostRow | None
    pipeline: list[Enrolment]
    history: list[ComplianceHistory]


def board_evidence(trust, as_of):
    """The active posts, the CCIO, the Academy pipeline and the result history of a trust.
    4 queries: posts with holders, their credentials, pipeline enrolments, history."""
    posts = list(
        Post.objects.active_on(as_of)
        .filter(trust=trust)
        .select_related("person")
        .prefetch_related(Prefetch("person__credentials", queryset=Credential.objects.order_by("awarded_on")))
        .order_by("role", "-time_fraction", "start_date", "id")
    )
    people = {post.person_id: post.person for post in posts if post.person_id}
    trained = {
        person.pk
        for person in people.values()
        if any(credential.awarded_on <= as_of for credential in person.credentials.all())
    }
    team = rules.clinician_informaticians(posts, people, trained)
    rows = {post.pk: PostRow(post, post.person_id in team) for post in posts}
    ccio = rules.ccio_post(posts)
    return BoardEvidence(
        as_of=as_of,
        posts=list(rows.values()),
        ccio=rows[ccio.pk] if ccio else None,
        pipeline=pipeline_enrolments(trust, people, as_of),
        history=list(trust.compliance_history.order_by("-as_of", "-computed_at", "-id")[:TRUST_HISTORY_ROWS]),
    )


def pipeline_enrolments(trust, people, as_of):
    """Offered and enrolled places, on cohorts yet to graduate, of the trust's post holders or
    sponsored by the trust. 1 query."""
    return list(
        Enrolment.objects.filter(Q(person_id__in=list(people)) | Q(sponsoring_trust=trust))
        .filter(
            status__in=[EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED],
            cohort__graduation_date__gt=as_of,
        )
        .select_related("person", "cohort", "sponsoring_trust")
        .order_by("cohort__graduation_date", "person__family_name", "id")
    )


def stored_result(trust):
    """The trust's stored result (select_related it), or an empty one if never computed."""
    try:
        return trust.compliance
    except ComplianceResult.DoesNotExist:
        return ComplianceResult(trust=trust)


def long_date(day):
    return f"{day.day} {day:%B %Y}"


def sees_people_of(user, trust):
    """Whether `user` may read the names of `trust`'s people (SPEC §1): national readers
    everywhere, everyone else at their own trusts only."""
    reach = Access.of(user).trust_ids
    return reach is None or trust.pk in reach


def cohorts_with_places():
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


def academy_totals(cohorts):
    """Places and enrolments summed over already-loaded cohorts."""
    fields = ("places", "taken", "free", *EnrolmentStatus.values)
    return {name: sum(getattr(cohort, name) for cohort in cohorts) for name in fields}


@dataclass(frozen=True)
class Check:
    """One of the five tests of a board's checklist: what it asks, whether the stored result
    passes it, and the evidence from the records."""

    test: str
    passed: bool | None
    evidence: str


def checklist(result, evidence, policy):
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
