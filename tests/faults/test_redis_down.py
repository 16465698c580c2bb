"""Redis stops while 200 edits are made through the API: every one succeeds and shows stale,
and once Redis is back the sweep has every one recomputed, with nobody acting."""

import statistics
import time

import pytest

from .services import wait_for

pytestmark = pytest.mark.faults
EDITS = 200
SWEEP_SECONDS = 2
RECOVERY_SECONDS = 60


def test_edits_while_redis_is_down_succeed_stale_and_are_recomputed_when_it_is_back(
    cluster, database, redis, make_app, tmp_path
):
    app = make_app(RECOMPUTE_SWEEP_SECONDS=str(SWEEP_SECONDS))
    token = app.manage("provision_user", "editor", "--role", "admin").splitlines()[-1]
    app.gunicorn()
    schedule = tmp_path / "beat-schedule"
    app.worker("--beat", f"--schedule={schedule}", "--scheduler=celery.beat:PersistentScheduler")
    api = app.api(token)
    posts = cluster.execute(
        "SELECT DISTINCT ON (post.trust_id) post.id, post.trust_id, trust.ods_code"
        " FROM workforce_post post JOIN trusts_trust trust ON trust.id = post.trust_id"
        f" WHERE trust.is_active AND post.person_id IS NOT NULL ORDER BY post.trust_id, post.id LIMIT {EDITS}",
        database,
    )

    redis.stop()
    seconds, answers = [], []
    for post_id, _, ods_code in posts:
        started = time.perf_counter()
        edit = api.patch(f"{api.base}posts/{post_id}/", json={"time_fraction": "0.950"}, timeout=10)
        seconds.append(time.perf_counter() - started)
        answers.append(
            (edit.status_code, api.get(f"{api.base}compliance/{ods_code}/", timeout=10).json()["stale"])
        )
    assert answers == [(200, True)] * EDITS
    p95 = statistics.quantiles(seconds, n=20)[-1]
    print(f"{EDITS} edits with Redis down: all 200 and stale, p95 {p95:.3f}s")

    redis.start()
    trust_ids = [trust_id for _, trust_id, _ in posts]
    wait_for(
        lambda: not app.fresh_check(trust_ids)["stale"], RECOVERY_SECONDS, "every edited trust recomputed"
    )
    assert app.fresh_check(trust_ids) == {"trusts": EDITS, "stale": [], "differ": []}
