"""National, regional and peer figures over many trusts' results (SPEC §5 and §9), as plain
functions on plain data: no database, no clock. Rows are dicts with the §3 result fields."""

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

RAGS = ("green", "amber", "red")
REPORTING_LINES = ("board", "ceo", "cio", "medical_director", "other")
# (key, upper bound of the CCIO's time fraction, bound included); the last band is open.
TIME_BANDS = (
    ("to_0_25", Decimal("0.25")),
    ("to_0_50", Decimal("0.5")),
    ("to_0_75", Decimal("0.75")),
)
OPEN_BAND = "over_0_75"
PERIODS = ("month", "quarter", "year")
PENNY = Decimal("0.01")
THOUSANDTH = Decimal("0.001")

Row = dict[str, Any]


def percentage(part: int, whole: int) -> float:
    """`part` of `whole` in per cent, to one decimal place (half up); 0.0 of nothing."""
    if not whole:
        return 0.0
    return float((Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def compliance_figures(rows: Sequence[Row]) -> Row:
    """The summary's figures over computed results: counts, RAG, team, gap and cost."""
    compliant = sum(1 for row in rows if row["compliant"])
    return {
        "trusts": len(rows),
        "compliant": compliant,
        "compliant_pct": percentage(compliant, len(rows)),
        "rag": {rag: sum(1 for row in rows if row["rag"] == rag) for rag in RAGS},
        "team_count": sum(row["team_count"] for row in rows),
        "team_target": sum(row["team_target"] for row in rows),
        "team_gap": sum(row["team_gap"] for row in rows),
        "cost_to_close_gbp": sum((row["cost_to_close_gbp"] for row in rows), Decimal("0.00")),
    }


def grouped(rows: Iterable[Row], key: str) -> dict[Any, list[Row]]:
    """Rows by the value of `key`, in the order of those values."""
    groups: dict[Any, list[Row]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return dict(sorted(groups.items(), key=lambda item: item[0]))


def median(values: Sequence[Decimal | int]) -> Decimal | None:
    """The middle value; the mean of the middle two for an even count; None of nothing."""
    if not values:
        return None
    ordered = sorted(Decimal(value) for value in values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def half_up(value: Decimal | None, places: Decimal) -> Decimal | None:
    return None if value is None else value.quantize(places, rounding=ROUND_HALF_UP)


def rank(value: int | None, values: Sequence[int | None]) -> int | None:
    """`value`'s place among `values`, largest first; ties share the best place."""
    if value is None:
        return None
    return 1 + sum(1 for other in values if other is not None and other > value)


def peer_group(group: str, rows: Sequence[Row], ods_code: str) -> Row:
    """How a trust's group of peers stands, and the trust's place in it by team size."""
    counts = [row["team_count"] for row in rows if row["team_count"] is not None]
    fractions = [row["ccio_time_fraction"] for row in rows if row["ccio_time_fraction"] is not None]
    own = next((row for row in rows if row["ods_code"] == ods_code), {"team_count": None})
    compliant = sum(1 for row in rows if row["compliant"])
    middle = median(counts)
    return {
        "group": group,
        "trusts": len(rows),
        "compliant": compliant,
        "compliant_pct": percentage(compliant, len(rows)),
        "median_team_count": None if middle is None else float(middle),
        "median_ccio_time_fraction": half_up(median(fractions), THOUSANDTH),
        "team_count_rank": rank(own["team_count"], [row["team_count"] for row in rows]),
    }


def time_band(fraction: Decimal) -> str:
    for band, upper in TIME_BANDS:
        if fraction <= upper:
            return band
    return OPEN_BAND


def standing_figures(ccios: Sequence[Row], trusts: int) -> Row:
    """What the CCIO Network survey asks, over the CCIOs (one row per trust that has one,
    with `time_fraction`, `reports_to`, `budget_authority_gbp`, `credentialed`) of `trusts`."""
    bands = dict.fromkeys([band for band, _ in TIME_BANDS] + [OPEN_BAND], 0)
    for ccio in ccios:
        bands[time_band(ccio["time_fraction"])] += 1
    budgets = [ccio["budget_authority_gbp"] for ccio in ccios if (ccio["budget_authority_gbp"] or 0) > 0]
    return {
        "trusts": trusts,
        "with_ccio": len(ccios),
        "time_bands": bands,
        "reports_to": {
            line: sum(1 for ccio in ccios if ccio["reports_to"] == line) for line in REPORTING_LINES
        },
        "budget_authority": {"posts_with": len(budgets), "median_gbp": half_up(median(budgets), PENNY)},
        "credentialed": sum(1 for ccio in ccios if ccio["credentialed"]),
    }


def period_ends(start: date, end: date, every: str) -> list[date]:
    """Each month's, quarter's or (calendar) year's last day from `start` to `end`, and `end`
    itself last when it is not one."""
    months = {"month": 1, "quarter": 3, "year": 12}[every]
    ends = []
    index = start.year * 12 + start.month - 1
    index += months - 1 - index % 12 % months  # the first period's last month
    while (day := _month_end(index)) <= end:
        ends.append(day)
        index += months
    if not ends or ends[-1] != end:
        ends.append(end)
    return ends


def _month_end(index: int) -> date:
    following = index + 1
    return date(following // 12, following % 12 + 1, 1) - timedelta(days=1)


def order_rows(rows: list[Row], ordering: Sequence[str], key: Callable[[Row], Any]) -> list[Row]:
    """Rows ordered by each `field` or `-field` in turn, empty values last either way, then by `key`."""
    ordered = sorted(rows, key=key)
    for term in reversed(ordering):
        name = term.lstrip("-")
        present = [row for row in ordered if row[name] is not None]
        missing = [row for row in ordered if row[name] is None]
        present.sort(key=lambda row: row[name], reverse=term.startswith("-"))
        ordered = present + missing
    return ordered
