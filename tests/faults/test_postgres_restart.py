"""PostgreSQL restarts under load: requests during the outage answer a clean JSON 503, and the
app and the worker carry on afterwards without being restarted."""

import threading
import time

import pytest
import requests

from .services import wait_for

pytestmark = pytest.mark.faults
OUTAGE_SECONDS = 3
LOAD_SECONDS = 60
RECOVERY_SECONDS = 30


def load(api, paths, answers, stop):
    """One client asking in turn until told to stop (or a minute has gone)."""
    deadline = time.monotonic() + LOAD_SECONDS
    while not stop.is_set() and time.monotonic() < deadline:
        for path in paths:
            try:
                answer = api.get(f"{api.base}{path}", timeout=10)
                answers.append((answer.status_code, answer.headers.get("Content-Type", ""), answer.text))
            except requests.RequestException as error:  # a dropped connection is a failure too
                answers.append((None, "", str(error)))


def test_a_postgres_restart_under_load_answers_503s_and_everything_recovers(cluster, database, make_app):
    app = make_app()
    token = app.manage("provision_user", "analyst", "--role", "admin").splitlines()[-1]
    app.gunicorn()
    worker = app.worker()
    api = app.api(token)
    (post_id, trust_id, ods_code), *_ = cluster.execute(
        "SELECT post.id, post.trust_id, trust.ods_code FROM workforce_post post"
        " JOIN trusts_trust trust ON trust.id = post.trust_id WHERE trust.is_active ORDER BY post.id LIMIT 1",
        database,
    )
    answers, stop = [], threading.Event()
    clients = [
        threading.Thread(
            target=load, args=(api, ["compliance/summary/", f"compliance/{ods_code}/"], answers, stop)
        )
        for _ in range(4)
    ]
    for client in clients:
        client.start()
    try:
        wait_for(lambda: len(answers) > 10, RECOVERY_SECONDS, "load under way")
        cluster.stop()
        time.sleep(OUTAGE_SECONDS)
        cluster.start()
        during = len(answers)
        wait_for(lambda: len(answers) > during + 20, RECOVERY_SECONDS, "answers after the restart")
    finally:
        stop.set()
        for client in clients:
            client.join()

    statuses = {status for status, _, _ in answers}
    refused = [(kind, body) for status, kind, body in answers if status == 503]
    assert statuses == {200, 503}, statuses
    assert all(kind == "application/json" and "database is unavailable" in body for kind, body in refused)
    assert not any("Traceback" in body for _, _, body in answers)
    assert [status for status, _, _ in answers[-10:]] == [200] * 10

    # The worker, never restarted, recomputes an edit made after the outage.
    edit = api.patch(f"{api.base}posts/{post_id}/", json={"time_fraction": "0.950"}, timeout=10)
    assert edit.status_code == 200, edit.text
    fresh = f"SELECT NOT stale FROM workforce_complianceresult WHERE trust_id = {trust_id}"
    wait_for(lambda: cluster.execute(fresh, database) == [(True,)], RECOVERY_SECONDS, "the edit recomputed")
    assert worker.poll() is None
    print(f"{len(answers)} requests across the restart: {len(refused)} answered 503, the rest 200")
