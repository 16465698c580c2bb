"""SIGKILL a worker in the middle of a national recompute, three times: no result is ever
half-written, and after a restart every trust's result equals a fresh computation, with nobody
acting (the worker sweeps as it starts)."""

import time

import pytest

from workforce.recompute import RESULT_FIELDS

from .conftest import TRUSTS
from .services import kill, wait_for

pytestmark = pytest.mark.faults
CHUNK = 100
KILLS = 3
RECOVERY_SECONDS = 60


def stored(cluster, database):
    rows = cluster.execute(
        f"SELECT trust_id, stale, {', '.join(RESULT_FIELDS)} FROM workforce_complianceresult", database
    )
    return {trust_id: (stale, tuple(values)) for trust_id, stale, *values in rows}


def history_rows(cluster, database):
    return cluster.execute("SELECT count(*) FROM workforce_compliancehistory", database)[0][0]


def fresh_count(cluster, database):
    return cluster.execute("SELECT count(*) FROM workforce_complianceresult WHERE NOT stale", database)[0][0]


def test_a_worker_killed_mid_recompute_three_times_leaves_nothing_half_written_or_stale(
    cluster, database, make_app
):
    app = make_app(RECOMPUTE_CHUNK=str(CHUNK))
    before, history_before = stored(cluster, database), history_rows(cluster, database)
    assert len(before) == TRUSTS and not any(stale for stale, _ in before.values())
    # Every trust's target moves; the national recompute is marked and queued in 20 chunks.
    cluster.execute("UPDATE workforce_policy SET team_min = team_min + 1 WHERE is_active", database)
    app.manage("shell", "-c", "from workforce.recompute import request_recompute; request_recompute()")

    for _ in range(KILLS):
        done_before = fresh_count(cluster, database)
        worker = app.worker()
        wait_for(
            lambda done=done_before: fresh_count(cluster, database) > done, RECOVERY_SECONDS, "a chunk stored"
        )
        kill(worker)
        now, check = stored(cluster, database), app.fresh_check()
        assert 0 < len(now) - len(check["stale"]) < TRUSTS  # killed in the middle
        assert check["differ"] == []  # every result written is the whole new one
        assert all(
            now[trust_id][1] == before[trust_id][1] for trust_id in check["stale"]
        )  # the rest untouched
        assert history_rows(cluster, database) == history_before + TRUSTS - len(check["stale"])

    started = time.monotonic()
    app.worker()
    wait_for(lambda: fresh_count(cluster, database) == TRUSTS, RECOVERY_SECONDS, "every trust recomputed")
    recovered_in = time.monotonic() - started
    assert app.fresh_check() == {"trusts": TRUSTS, "stale": [], "differ": []}
    print(f"recovered {TRUSTS} trusts {recovered_in:.1f}s after the restart")
