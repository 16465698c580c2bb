"""A real Celery worker, real Redis and real PostgreSQL: an edit leads to a fresh result."""

import os
import subprocess
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from wachter_planner.celery import app as celery_app
from workforce.models import ComplianceResult
from workforce.recompute import RESULT_FIELDS, recompute, request_recompute
from workforce.tasks import sweep_stale

from ..factories import CredentialFactory, PostFactory, TrustFactory
from ..processes import celery_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
WAIT_SECONDS = 60


@pytest.fixture
def queue():
    """A queue of this run's own, so overlapping runs never take each other's tasks."""
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: `make test` sets it")
    name = f"wachter-test-{os.getpid()}"
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = name
    yield name
    celery_app.conf.task_default_queue = previous


@pytest.fixture
def start_worker(queue, tmp_path):
    """Starts `celery worker` in a process of its own, on this run's database and queue;
    returns the file its log goes to."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_QUEUE": queue,
        "DJANGO_DEBUG": "true",
    }
    command = celery_worker("--pool=solo", "--loglevel=INFO", "-Q", queue)
    processes = []

    def start():
        log = tmp_path / f"worker-{len(processes)}.log"
        with log.open("w") as output:
            processes.append(
                subprocess.Popen(
                    command,
                    env=env,
                    cwd=settings.BASE_DIR,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            )
        return log

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=20)


def wait_until_ready(*logs):
    deadline = time.monotonic() + WAIT_SECONDS
    while not all(" ready." in log.read_text() for log in logs):
        if time.monotonic() > deadline:
            pytest.fail("a worker did not start")
        time.sleep(0.2)


def chunks_taken(log):
    return log.read_text().count("workforce.tasks.recompute_trusts[")


@pytest.fixture
def worker(start_worker):
    start_worker()


def wait_for_fresh_result(trust, **expected):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        result = ComplianceResult.objects.filter(trust=trust, stale=False).first()
        if result and all(getattr(result, name) == value for name, value in expected.items()):
            return result
        time.sleep(0.2)
    pytest.fail(f"no fresh result with {expected} within {WAIT_SECONDS}s")


def test_an_edit_reaches_the_stored_result_through_the_worker(worker):
    trust = TrustFactory()
    ccio = PostFactory(trust=trust, role="ccio", time_fraction=Decimal("0.600"), reports_to="ceo")
    CredentialFactory(person=ccio.person)
    wait_for_fresh_result(trust, team_count=1, ccio_time_ok=False, rag="amber")

    ccio.time_fraction = Decimal("0.800")
    ccio.save()
    result = wait_for_fresh_result(trust, ccio_time_ok=True)
    assert (result.team_gap, result.actions) == (4, ["Add 4 clinician-informaticians"])


def test_edits_made_while_the_broker_is_down_are_recomputed_once_it_is_back(start_worker, broker_down):
    trust = TrustFactory()
    PostFactory(trust=trust, role="ccio")  # the write succeeds; only its wake-up call is lost
    assert ComplianceResult.objects.get(trust=trust).stale is True

    broker_down()  # it is back
    start_worker()
    sweep_stale()
    wait_for_fresh_result(trust, ccio_in_post=True, rag="amber")


def test_a_worker_that_starts_sweeps_at_once(start_worker, broker_down):
    trust = TrustFactory()
    PostFactory(trust=trust, role="ccio")  # its wake-up is lost
    broker_down()
    start_worker()  # nobody sweeps by hand, and the sweep period is five minutes
    wait_for_fresh_result(trust, ccio_in_post=True, rag="amber")


def test_two_workers_share_a_national_recompute_and_store_what_one_would(start_worker, settings):
    settings.RECOMPUTE_CHUNK = 2
    trusts = TrustFactory.create_batch(20)
    for index, trust in enumerate(trusts):
        PostFactory(trust=trust, role="ccio", time_fraction=Decimal("0.600") + Decimal(index % 3) / 10)
        CredentialFactory(person=PostFactory(trust=trust).person)
    logs = [start_worker(), start_worker()]
    wait_until_ready(*logs)

    request_recompute()  # ten chunks

    for trust in trusts:
        wait_for_fresh_result(trust)
    assert all(chunks_taken(log) > 0 for log in logs), [chunks_taken(log) for log in logs]
    shared = stored_results()
    recompute()  # what one process computes alone
    assert stored_results() == shared


def stored_results():
    return sorted(ComplianceResult.objects.values_list("trust_id", "stale", *RESULT_FIELDS))
