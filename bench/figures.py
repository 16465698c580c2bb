"""A bench figure beside its baseline and target, how the bench takes its measures, and where
its inputs are."""

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2

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
    return medians_in_turn([(action, before)], rounds)[0]


def medians_in_turn(measures, rounds=ROUNDS):
    """The median seconds of each (action, before) of `measures`, `before` untimed: taken in
    turn, round after round, so that whatever else the machine does falls on a figure and its
    baseline alike."""
    seconds = [[] for _ in measures]
    for _ in range(rounds):
        for taken, (action, before) in zip(seconds, measures, strict=True):
            if before:
                before()
            started = time.perf_counter()
            action()
            taken.append(time.perf_counter() - started)
    return [statistics.median(taken) for taken in seconds]


def p(values, percent):
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def in_a_database_of_its_own(script, kind):
    """Runs `script` in a child process on a database made for it on the bench's server (and
    no Redis), dropped after; returns the (name, value, baseline, unit, target, met) tuples
    it prints as JSON on its last line."""
    database = f"wachter_bench_{kind}_{os.getpid()}"
    connection = psycopg2.connect(SERVER)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{database}"')
    env = {**os.environ, "DATABASE_URL": SERVER.rsplit("/", 1)[0] + f"/{database}", "REDIS_URL": ""}
    try:
        done = subprocess.run(  # noqa: S603
            [sys.executable, script], env=env, cwd=ROOT, check=True, capture_output=True, text=True
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.close()
    return json.loads(done.stdout.splitlines()[-1])
