"""The national recompute at 10,000 trusts beside one bare-SQL aggregate and upsert of the same
posts: in one process, and as a user sees it (asked through the API until every result is
fresh, the worker's processes sharing the chunks); its statements and its peak memory."""

import os
import subprocess
import sys
import time

import requests

from bench.figures import ROOT, Figure, median_seconds, medians_in_turn

BASELINE_SQL = """
    INSERT INTO bench_baseline (trust_id, posts, time, computed_at)
    SELECT post.trust_id, count(*), sum(post.time_fraction), now()
    FROM workforce_post post JOIN trusts_trust trust ON trust.id = post.trust_id
    WHERE trust.is_active AND post.start_date <= current_date
      AND (post.end_date IS NULL OR post.end_date >= current_date)
    GROUP BY post.trust_id
    ON CONFLICT (trust_id) DO UPDATE
    SET posts = EXCLUDED.posts, time = EXCLUDED.time, computed_at = EXCLUDED.computed_at
"""
FRESH_WITHIN_SECONDS = 120


def bare_sql():
    """The baseline: one aggregate and upsert of the posts, in a table made for it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_baseline "
            "(trust_id bigint PRIMARY KEY, posts int, time numeric, computed_at timestamptz)"
        )
        cursor.execute(BASELINE_SQL)


class EveryTarget:
    """Moves every trust's target, as a policy edit would, without the edit's own recompute."""

    def __init__(self):
        from workforce.models import Policy

        self.policy = Policy.objects.filter(is_active=True)
        self.team_min, self.moved = self.policy.get().team_min, False

    def move(self):
        self.moved = not self.moved
        self.policy.update(team_min=self.team_min + self.moved)


def in_process_figures():
    """The recompute's figures in this process, and the bare SQL's seconds (for the figures
    measured through the workers): the bare SQL and the recompute with every result changed
    and with nothing changed, measured in turn."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trusts.models import Trust
    from workforce.recompute import recompute

    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")  # the bulk load's writes flushed now, not during the figures
    target = EveryTarget()
    baseline, changed, unchanged = medians_in_turn(
        [(bare_sql, None), (recompute, target.move), (recompute, None)], rounds=5
    )
    target.move()
    with CaptureQueriesContext(connection) as national:
        recompute()
    target.move()
    two_trusts = list(Trust.objects.active().values_list("id", flat=True)[:2])
    with CaptureQueriesContext(connection) as two:
        recompute(two_trusts)
    floor, peak = peak_memory_mb("None"), peak_memory_mb("recompute()")
    trusts = Trust.objects.active().count()
    return baseline, [
        Figure(
            f"national recompute, {trusts:,} trusts, every result changed",
            changed,
            baseline,
            "s",
            "≤ 8× bare SQL",
            changed <= 8 * baseline,
        ),
        Figure(
            f"national recompute, {trusts:,} trusts, nothing changed",
            unchanged,
            baseline,
            "s",
            "≤ 8× bare SQL",
            unchanged <= 8 * baseline,
        ),
        Figure(
            "statements: national recompute (baseline: 2 trusts)",
            len(national),
            len(two),
            "",
            "the same",
            len(national) == len(two),
        ),
        Figure(
            "peak memory of a recompute process (baseline: the process idle)",
            peak,
            floor,
            "MB",
            "≤ 300 MB",
            peak <= 300,
        ),
    ]


def peak_memory_mb(statement):
    """Peak resident memory of a fresh process that sets Django up and runs `statement` (its
    own VmHWM: the children's rusage would count the bench's memory, copied at the fork)."""
    code = (
        "import re, django; django.setup(); from workforce.recompute import recompute; "
        f"{statement}; "
        "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=os.environ, check=True, capture_output=True
    )
    return int(done.stdout.split()[-1]) / 1024


def through_workers_figures(token, base, baseline):
    """`POST compliance/recompute/` for every trust, until every result is fresh, with the
    worker's processes sharing the chunks: every result changed, then nothing changed."""
    from django.utils import timezone

    from trusts.models import Trust
    from workforce.models import ComplianceResult

    api = requests.Session()
    api.headers.update({"Authorization": f"Token {token}", "Accept": "application/json"})
    active = Trust.objects.active()
    trusts = active.count()

    def national():
        asked = timezone.now()
        assert api.post(f"{base}/api/v1/compliance/recompute/", json={}).status_code == 202
        fresh = ComplianceResult.objects.filter(trust__in=active, stale=False, computed_at__gt=asked)
        deadline = time.monotonic() + FRESH_WITHIN_SECONDS
        while fresh.count() < trusts:
            if time.monotonic() > deadline:
                raise RuntimeError(f"national recompute not fresh within {FRESH_WITHIN_SECONDS} s")
            time.sleep(0.05)  # each look counts 10,000 rows: not so often that it slows the run

    changed = median_seconds(national, before=EveryTarget().move)
    unchanged = median_seconds(national)
    return [
        Figure(
            f"national recompute asked through the API until every result is fresh, the worker's two "
            f"processes sharing {trusts:,} trusts in chunks, every result changed",
            changed,
            baseline,
            "s",
            "",
            True,
        ),
        Figure(
            "national recompute asked through the API, as above, nothing changed",
            unchanged,
            baseline,
            "s",
            "",
            True,
        ),
    ]
