"""A bench figure beside its baseline and target, how the bench takes its measures, and where
its inputs are."""

import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("WACHTER_DATA_DIR", ROOT.parent / "shared" / "data"))
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432/postgres")
ROUNDS = 3


@dataclass
class Figure:
    name: str
    value: float
    baseline: float
    unit: str
    target: str
    met: bool

    @property
    def ratio(self):
        return self.value / self.baseline if self.baseline else float("nan")


def median_seconds(action, rounds=ROUNDS, before=None):
    seconds = []
    for _ in range(rounds):
        if before:
            before()
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def p(values, percent):
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]
