"""The pure figures behind the trend, peers and standing, the SVG charts, and the board
page's history of real changes."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from wachter_planner import charts
from workforce import figures
from workforce.trajectory import changed_history


@pytest.mark.parametrize(
    ("start", "end", "every", "expected"),
    [
        (
            date(2016, 9, 30),
            date(2016, 12, 15),
            "month",
            [date(2016, 9, 30), date(2016, 10, 31), date(2016, 11, 30), date(2016, 12, 15)],
        ),
        (
            date(2016, 9, 1),
            date(2017, 3, 31),
            "quarter",
            [date(2016, 9, 30), date(2016, 12, 31), date(2017, 3, 31)],
        ),
        (date(2016, 1, 2), date(2017, 6, 1), "year", [date(2016, 12, 31), date(2017, 6, 1)]),
        (date(2024, 2, 10), date(2024, 2, 20), "month", [date(2024, 2, 20)]),
    ],
)
def test_period_ends_run_from_start_to_end_and_end_with_end(start, end, every, expected):
    assert figures.period_ends(start, end, every) == expected


def test_medians_ranks_and_bands():
    assert figures.median([3, 1, 2]) == 2
    assert figures.median([4, 1, 2, 3]) == Decimal("2.5")
    assert figures.median([]) is None
    assert figures.rank(3, [5, 3, 3, 1, None]) == 2
    assert figures.rank(None, [1]) is None
    assert [figures.time_band(Decimal(f)) for f in ("0.25", "0.251", "0.5", "0.75", "0.751")] == [
        "to_0_25",
        "to_0_50",
        "to_0_50",
        "to_0_75",
        "over_0_75",
    ]
    assert figures.percentage(5, 16) == 31.3


def test_a_chart_has_a_title_a_description_and_escapes_its_words():
    svg = charts.line_chart(
        "A <title>", "Its & description", ["Jan", "Feb"], [charts.Series("One", [1, None])]
    )
    assert 'role="img"' in svg and "A &lt;title&gt;</title>" in svg and "Its &amp; description</desc>" in svg
    bars = charts.stacked_bars("Bars", "Some", [("Row", [charts.Segment("Green", 3, "green")])])
    assert ">3</text>" in bars


def test_the_history_shows_a_row_only_where_the_result_really_changed():
    fields = {
        "compliant": False,
        "ccio_in_post": True,
        "ccio_time_ok": False,
        "ccio_reports_to_board": True,
        "ccio_credentialed": True,
        "team_count": 2,
        "team_target": 5,
    }
    newest_first = [
        SimpleNamespace(as_of=date(2026, 3, 1), rag="amber", **fields),
        SimpleNamespace(as_of=date(2026, 2, 1), rag="amber", **{**fields, "team_count": 3}),
        SimpleNamespace(as_of=date(2026, 1, 1), rag="amber", **fields),
        SimpleNamespace(as_of=date(2026, 1, 1), rag="red", **fields),  # the import, before the demo
    ]
    kept = changed_history(newest_first)
    assert [(row.as_of, row.rag, row.team_count) for row in kept] == [
        (date(2026, 3, 1), "amber", 2),
        (date(2026, 2, 1), "amber", 3),
        (date(2026, 1, 1), "amber", 2),
    ]
