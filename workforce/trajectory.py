"""The charts of the pages and the board paper (SPEC §6 and §9), each with the rows of its
table: the national trend and its projection, RAG by region, a trust's own trajectory and its
peers, and the CCIO standing. Figures come from `timeline` and the stored results."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.safestring import SafeString

from trusts.models import Trust
from wachter_planner import charts

from . import figures, rules, timeline
from .models import ComplianceHistory, Policy
from .recompute import load_policy

PROJECTION_DAYS = 3 * 365
TRUST_TREND_EVERY = "quarter"
# The fields whose change a board would call a change of result.
TELLING_FIELDS = (
    "rag",
    "compliant",
    "ccio_in_post",
    "ccio_time_ok",
    "ccio_reports_to_board",
    "ccio_credentialed",
    "team_count",
    "team_target",
)
REGION_SEGMENTS = (("Green", "green"), ("Amber", "amber"), ("Red", "red"))


@dataclass(frozen=True)
class Chart:
    """An SVG chart and the rows of the table that holds its data."""

    svg: SafeString
    rows: list[dict[str, Any]]


def short_month(day: date) -> str:
    return f"{day:%b} {day:%y}"


def national_trend(today: date) -> Chart:
    """Compliant trusts (%) at each month's end since the review, then, dashed, the share the
    stored projections make compliant by each month's end for three years."""
    past = timeline.default_trend(today)["points"]
    future = timeline.projection(today, today + timedelta(days=PROJECTION_DAYS), "month")
    labels = [short_month(point["date"]) for point in past] + [short_month(day) for day, _, _ in future]
    measured = [point["compliant_pct"] for point in past] + [None] * len(future)
    projected = [None] * (len(past) - 1) + [past[-1]["compliant_pct"]] if past else []
    projected += [figures.percentage(count, trusts) for _, count, trusts in future]
    svg = charts.line_chart(
        "Compliant trusts since the Wachter review, and where the Academy pipeline takes them",
        f"The share of trusts meeting every test at each month's end from {past[0]['date']:%B %Y} "
        f"({past[0]['compliant_pct']}%) to today ({past[-1]['compliant_pct']}%), then dashed: the share the "
        "people now training would make compliant by each month's end for three years.",
        labels,
        [
            charts.Series("Compliant", measured, "green"),
            charts.Series("Projected", projected, "blue", dashed_from=0),
        ],
        unit="%",
        top=max(10.0, charts.nice_ceiling(max([v for v in measured + projected if v is not None] + [1]))),
        every=12,
    )
    rows = [{**point, "projected": False} for point in past] + [
        {
            "date": day,
            "compliant": count,
            "trusts": trusts,
            "compliant_pct": figures.percentage(count, trusts),
            "projected": True,
        }
        for day, count, trusts in future
    ]
    return Chart(svg, rows)


def region_rag(by_region: list[dict[str, Any]]) -> SafeString:
    return charts.stacked_bars(
        "RAG ratings by region",
        "For each NHS England region, its active trusts rated green (compliant), amber (a CCIO, gaps "
        "remain) and red (no CCIO).",
        [
            (
                row["region_name"],
                [charts.Segment(name, row["rag"][rag], rag) for name, rag in REGION_SEGMENTS],
            )
            for row in by_region
        ],
    )


def budget_burn_down(burn_down: list[Any], total: Any) -> SafeString:
    """Allocated and spent, summed year on year, against the budget's total (£ millions)."""
    allocated, spent, rows = [], [], 0
    running_allocated = running_spent = 0.0
    for row in burn_down:
        running_allocated += float(row.allocated) / 1e6
        running_spent += float(row.spent) / 1e6
        allocated.append(round(running_allocated, 2))
        spent.append(round(running_spent, 2))
        rows += 1
    total_m = float(total) / 1e6
    return charts.line_chart(
        "Budget burn-down",
        f"Money allocated and spent, summed over the financial years, against the £{total_m:g}M budget.",
        [row.financial_year for row in burn_down],
        [charts.Series("Allocated", allocated, "blue"), charts.Series("Spent", spent, "green")],
        unit="M",
        reference=(total_m, f"Budget £{total_m:g}M"),
    )


def what_if(policy: Policy, today: date, in_force: dict[str, Any]) -> dict[str, Any]:
    """The national and regional figures under a draft `policy` beside those in force."""
    draft = timeline.summary_on(Trust.objects.all(), today, policy)
    regions = {row["region"]: row for row in draft["by_region"]}
    return {
        "policy": policy,
        "national": draft,
        "regions": [
            {"region_name": row["region_name"], "in_force": row, "draft": regions.get(row["region"])}
            for row in in_force["by_region"]
        ],
    }


def trust_trajectory(trust: Trust, today: date) -> Chart:
    """The trust's team against its target and its RAG rating at each quarter's end since the
    review, computed from its dated records, kept until the next change of the data or of the day."""
    return timeline.cached("trajectory", lambda: trajectory_now(trust, today), trust.pk, trust.name, today)


def trajectory_now(trust: Trust, today: date) -> Chart:
    days = figures.period_ends(timeline.REVIEW_PUBLISHED, today, TRUST_TREND_EVERY)
    records = timeline.Records(Trust.objects.filter(pk=trust.pk), days[0])
    results = [found[0] if found else None for found in records.standings_on(days, load_policy())]
    rows: list[dict[str, Any]] = [
        {"date": day, "rag": result.rag, "team_count": result.team_count, "team_target": result.team_target}
        for day, result in zip(days, results, strict=True)
        if result is not None
    ]
    target = rows[-1]["team_target"] if rows else 0
    svg = charts.line_chart(
        f"{trust.name}: clinician-informaticians against the target",
        f"The trust's team at each quarter's end since the review, against its target of {target}; "
        "the table below gives the RAG rating too.",
        [short_month(row["date"]) for row in rows],
        [charts.Series("Team", [row["team_count"] for row in rows], "blue")],
        reference=(target, f"Target {target}"),
        every=4,
    )
    return Chart(svg, rows)


def peers_chart(peers: dict[str, Any], team_count: int | None) -> SafeString:
    by_type, by_region = peers["by_type"], peers["by_region"]
    return charts.bars(
        "The trust's team beside its peers",
        f"This trust's team of {team_count} beside the median team of its type ({by_type['median_team_count']}) "
        f"and of its region ({by_region['median_team_count']}).",
        [
            ("This trust", team_count or 0, "blue"),
            ("Median of its type", by_type["median_team_count"] or 0, "grey"),
            ("Median of its region", by_region["median_team_count"] or 0, "purple"),
        ],
    )


def changed_history(rows: list[ComplianceHistory]) -> list[ComplianceHistory]:
    """History rows, newest first, where a result really changed: the last of each day, and
    only when a telling field differs from the one before it."""
    last_of_day: dict[Any, ComplianceHistory] = {}
    for row in rows:  # newest first, so the first seen of a day is its last
        last_of_day.setdefault(row.as_of or row.computed_at, row)
    kept: list[ComplianceHistory] = []
    for row in reversed(list(last_of_day.values())):
        if not kept or any(getattr(row, name) != getattr(kept[-1], name) for name in TELLING_FIELDS):
            kept.append(row)
    return list(reversed(kept))


def standing_charts(answer: dict[str, Any]) -> dict[str, SafeString]:
    """The survey's answers drawn: time bands and reporting lines, nationally and by group."""
    bands = [
        ("25% or less", "to_0_25"),
        ("Over 25% to 50%", "to_0_50"),
        ("Over 50% to 75%", "to_0_75"),
        ("Over 75%", "over_0_75"),
    ]
    fills = ("red", "amber", "grey", "green")
    return {
        "time": charts.bars(
            "CCIOs by time on the role",
            "How many CCIOs spend each share of their time on the role (10 programmed activities are 100%).",
            [
                (f"{label} ({pa})", answer["time_bands"][key], fill)
                for (label, key), pa, fill in zip(
                    bands, ("≤2.5 PA", "2.5–5 PA", "5–7.5 PA", ">7.5 PA"), fills, strict=True
                )
            ],
        ),
        "reports_to": charts.bars(
            "CCIOs by reporting line",
            "To whom each trust's CCIO reports.",
            [
                (
                    rules.REPORTING_LINE_WORDS[line].capitalize() if line != "ceo" else "CEO",
                    answer["reports_to"][line],
                    "blue",
                )
                for line in figures.REPORTING_LINES
            ],
        ),
        "by_region": charts.stacked_bars(
            "CCIO time by region",
            "For each region, its CCIOs in each band of time on the role.",
            [
                (
                    row["region"],
                    [
                        charts.Segment(label, row["time_bands"][key], fill)
                        for (label, key), fill in zip(bands, fills, strict=True)
                    ],
                )
                for row in answer["by_region"]
            ],
        ),
        "by_exemplar": charts.stacked_bars(
            "CCIO time by exemplar role",
            "For Global Digital Exemplars, fast followers and the other trusts, their CCIOs in each band of time.",
            [
                (
                    row["digital_exemplar"].replace("_", " ").capitalize(),
                    [
                        charts.Segment(label, row["time_bands"][key], fill)
                        for (label, key), fill in zip(bands, fills, strict=True)
                    ],
                )
                for row in answer["by_exemplar"]
            ],
        ),
    }
