"""Compliance on any date and under any policy, the trend since the review, peers and the CCIO
standing (SPEC §9). Computed on request by the recompute's loader and the pure rules, over
records loaded once for every date asked, and never stored: the dashboard's figures are
kept in the cache under the data's version instead (`cached`)."""

import bisect
import contextlib
import hashlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone
from redis.exceptions import RedisError

from trusts.models import Trust
from trusts.querysets import TrustQuerySet, is_open_on

from . import figures, rules
from .models import ComplianceResult, Policy
from .recompute import load_facts, load_policy
from .selectors import compliance_rows, compliance_summary

EARLIEST = date(2000, 1, 1)
HORIZON = timedelta(days=3650)
REVIEW_PUBLISHED = date(2016, 9, 30)
CACHE_SECONDS = 24 * 60 * 60
TRUST_FIELDS = (
    "id",
    "ods_code",
    "region",
    "trust_type",
    "digital_exemplar",
    "epr_supplier",
    "staff_fte",
    "opened_on",
    "closed_on",
)
Row = dict[str, Any]
T = TypeVar("T")


def latest_date(today: date) -> date:
    return today + HORIZON


def counted_on(trust: Row, day: date) -> bool:
    """A trust counts on `day` once opened and until the day it closes."""
    opened = trust["opened_on"]
    return (opened is None or opened <= day) and is_open_on(trust["closed_on"], day)


class Records:
    """The records of some trusts as they stand, loaded once (a fixed number of queries) and
    evaluated by `rules.assess` on any date from `since` on."""

    def __init__(self, trusts: QuerySet[Trust], since: date):
        rows = list(trusts.values(*TRUST_FIELDS, trust_name=F("name"), region_name=F("region__name")))
        facts, self.people = load_facts([row["id"] for row in rows], since)
        self.since = since
        self.trusts = [
            (row, rules.TrustFacts(tuple(facts.get(row["id"], ())), row["staff_fte"])) for row in rows
        ]

    def results_on(self, day: date, policy: rules.PolicyRules) -> list[tuple[Row, rules.TrustResult]]:
        """Every trust counted on `day`, with its result on that day."""
        assert day >= self.since, "posts ended before the records' first date were not loaded"
        return [
            (trust, rules.assess(facts, self.people, policy, day))
            for trust, facts in self.trusts
            if counted_on(trust, day)
        ]

    def standings_on(self, days: list[date], policy: rules.PolicyRules) -> list[list[rules.TrustResult]]:
        """For each of `days` (in order), the results of the trusts counted then, each trust
        assessed again only once its standing can have changed: the trend's figures are right,
        its pipelines and projections are not."""
        by_day: list[list[rules.TrustResult]] = [[] for _ in days]
        for trust, facts in self.trusts:
            changes = rules.standing_changes(facts, self.people)
            last_change, result = None, None
            for position, day in enumerate(days):
                if not counted_on(trust, day):
                    continue
                change = bisect.bisect_right(changes, day)
                if change != last_change or result is None:
                    last_change, result = change, rules.assess(facts, self.people, policy, day)
                by_day[position].append(result)
        return by_day

    def rows_on(self, day: date, policy: rules.PolicyRules, computed_at: datetime) -> list[Row]:
        """The API's rows (SPEC §9): the trust, its result on `day`, never stale."""
        return [
            {**trust, **result._asdict(), "computed_at": computed_at, "stale": False}
            for trust, result in self.results_on(day, policy)
        ]


def summary_of(rows: list[Row]) -> Row:
    """The summary's compliance figures (SPEC §5) over computed rows, then per region."""
    return {
        **figures.compliance_figures(rows),
        "by_region": [
            {"region": region, "region_name": group[0]["region_name"], **figures.compliance_figures(group)}
            for region, group in figures.grouped(rows, "region").items()
        ],
    }


def summary_on(trusts: QuerySet[Trust], day: date, policy: Policy | None = None) -> Row:
    """`compliance/summary/?as_of=&policy=` without the money: the trusts counted on `day`."""
    now = timezone.now()
    rows = Records(trusts, day).rows_on(day, load_policy(policy), now)
    return {**summary_of(rows), "as_of": day, "stale": 0, "computed_at": now}


def trend_figures(results: list[rules.TrustResult]) -> Row:
    figures_row = figures.compliance_figures(
        [
            {
                "compliant": result.compliant,
                "rag": result.rag,
                "team_count": result.team_count,
                "team_target": result.team_target,
                "team_gap": result.team_gap,
                "cost_to_close_gbp": result.cost_to_close_gbp,
            }
            for result in results
        ]
    )
    del figures_row["cost_to_close_gbp"]
    return figures_row


def trend(
    start: date, end: date, every: str, today: date, region: str | None = None, policy: Policy | None = None
) -> Row:
    """One point per period end (SPEC §9), each as `summary_on` that date gives its figures;
    after today, also how many active trusts' stored projections are compliant by then."""
    trusts = Trust.objects.all() if region is None else Trust.objects.filter(region=region)
    records = Records(trusts, start)
    rules_in_force = load_policy(policy)
    projected = projected_dates(region)
    points = []
    days = figures.period_ends(start, end, every)
    for day, results in zip(days, records.standings_on(days, rules_in_force), strict=True):
        point = {"date": day, **trend_figures(results)}
        if day > today:
            point["projected_compliant"] = compliant_by(projected, day)
        points.append(point)
    return {"every": every, "start": start, "end": end, "points": points}


def projected_dates(region: str | None = None) -> list[date]:
    """The stored projected compliance dates of the active trusts (of `region`). One query."""
    results = ComplianceResult.objects.filter(trust__is_active=True, projected_compliance_date__isnull=False)
    if region is not None:
        results = results.filter(trust__region=region)
    return [day for day in results.values_list("projected_compliance_date", flat=True) if day is not None]


def compliant_by(projected: list[date], day: date) -> int:
    return sum(1 for projected_on in projected if projected_on <= day)


def projection(today: date, end: date, every: str) -> list[tuple[date, int, int]]:
    """(date, trusts the stored projections make compliant by then, active trusts) at each
    period end after today to `end`, kept until the next change of the data or of the day."""
    return cached("projection", lambda: projected_counts(today, end, every), today, end, every)


def projected_counts(today: date, end: date, every: str) -> list[tuple[date, int, int]]:
    """`projection` computed. Two queries."""
    projected = projected_dates()
    trusts = Trust.objects.active().count()
    days = figures.period_ends(today + timedelta(days=1), end, every)
    return [(day, compliant_by(projected, day), trusts) for day in days]


def data_version() -> tuple[Any, ...]:
    """Moves on every change that can move a result: every such change marks a trust (SPEC §4)
    and every recompute stores one. One query."""
    stamp = ComplianceResult.objects.aggregate(Max("marked_at"), Max("computed_at"), Count("id"))
    return tuple(str(value) for value in stamp.values())


def cached(kind: str, compute: Callable[[], T], *asked: Any) -> T:
    """`compute()`, kept under the data version and `asked` until the next change of the data:
    the one cache of computed figures (the trend, the projection, the summary)."""
    key = f"{kind}:" + hashlib.sha256(repr((*data_version(), *asked)).encode()).hexdigest()
    try:
        answer = cache.get(key)
    except RedisError:  # the cache is out: answer all the same, computed
        return compute()
    if answer is None:
        answer = compute()
        with contextlib.suppress(RedisError):
            cache.set(key, answer, CACHE_SECONDS)
    return answer


def cached_trend(
    start: date, end: date, every: str, today: date, region: str | None = None, policy: Policy | None = None
) -> Row:
    """`trend`, kept until the next change of the data or of the day."""
    return cached(
        "trend",
        lambda: trend(start, end, every, today, region, policy),
        today,
        start,
        end,
        every,
        region,
        policy.code if policy else "",
    )


def stored_summary(trusts: TrustQuerySet) -> Row:
    """`compliance_summary` of `trusts`' stored results, kept until the next change of the data
    or of the day (which opens and closes trusts)."""
    if trusts.query.is_empty():  # no SQL to key it by, and nothing to count
        return compliance_summary(trusts)
    return cached("summary", lambda: compliance_summary(trusts), str(trusts.query), timezone.localdate())


def default_trend(today: date) -> Row:
    """The national dashboard's series: monthly, from the review to today."""
    return cached_trend(REVIEW_PUBLISHED, today, "month", today)


def peers(trust: Row) -> Row:
    """The trust (a row with `ods_code`, `trust_type`, `region`) beside the active trusts of
    its type and of its region, by their stored results, kept until the next change of the
    data or of the day. One query."""
    return cached("peers", lambda: peers_now(trust), trust, timezone.localdate())


def peers_now(trust: Row) -> Row:
    kind, region = trust["trust_type"], trust["region"]
    group = compliance_rows(Trust.objects.active().filter(Q(trust_type=kind) | Q(region=region)))
    rows = list(group.values(*PEER_FIELDS))
    return {
        "ods_code": trust["ods_code"],
        "by_type": figures.peer_group(
            kind, [row for row in rows if row["trust_type"] == kind], trust["ods_code"]
        ),
        "by_region": figures.peer_group(
            region, [row for row in rows if row["region"] == region], trust["ods_code"]
        ),
    }


PEER_FIELDS = ("ods_code", "trust_type", "region", "team_count", "ccio_time_fraction", "compliant")
GROUPINGS = (
    ("by_region", "region"),
    ("by_exemplar", "digital_exemplar"),
    ("by_epr_supplier", "epr_supplier"),
)


def standing(trusts: TrustQuerySet, today: date) -> Row:
    """The CCIO Network survey's questions (SPEC §9) answered from the active trusts' records:
    each trust's CCIO (the rules' one) nationally, then by region, exemplar role and EPR."""
    records = Records(trusts.active(), today)
    policy = load_policy()
    rows = []
    for trust, facts in records.trusts:
        ccio = rules.ccio_post([post for post in facts.posts if post.is_active_on(today)])
        rows.append(
            {**trust, "ccio": ccio and ccio_row(ccio, rules.assess(facts, records.people, policy, today))}
        )
    return {
        **standing_of(rows),
        **{
            name: [{key: value, **standing_of(group)} for value, group in figures.grouped(rows, key).items()]
            for name, key in GROUPINGS
        },
    }


def ccio_row(ccio: rules.PostFacts, result: rules.TrustResult) -> Row:
    return {
        "time_fraction": ccio.time_fraction,
        "reports_to": ccio.reports_to,
        "budget_authority_gbp": ccio.budget_authority_gbp,
        "credentialed": result.ccio_credentialed,
    }


def standing_of(rows: list[Row]) -> Row:
    return figures.standing_figures([row["ccio"] for row in rows if row["ccio"]], len(rows))
