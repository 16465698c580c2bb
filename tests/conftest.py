import importlib
import os

import pytest
from django.apps import apps
from playwright.sync_api import sync_playwright

from tests.services import NOTHING_LISTENS
from wachter_planner.celery import app as celery_app

RUN_ID = os.getpid()
# Debian's Chromium (no browser downloads here), started as the machine's notes advise.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The data migrations that seed reference rows: regions, the Wachter policy, the £42M budget.
SEED_MIGRATIONS = [
    ("trusts.migrations.0002_seed_regions", "seed_regions"),
    ("workforce.migrations.0002_seed_policy", "seed_policy"),
    ("funding.migrations.0002_seed_budget", "seed_budget"),
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    """Each test run makes and drops a database of its own, so runs can overlap."""
    from django.conf import settings

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_wachter_{RUN_ID}"


@pytest.fixture(autouse=True)
def in_process_tasks(request):
    """Tasks run in-process unless a test asks for the real worker (`@pytest.mark.worker`)."""
    eager = request.node.get_closest_marker("worker") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


def uses_committed_data(request):
    marker = request.node.get_closest_marker("django_db")
    return (
        "live_server" in request.fixturenames
        or "transactional_db" in request.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests empty every table after them; put the seeded rows back first."""
    if uses_committed_data(request):
        request.getfixturevalue("transactional_db")
        for module, function in SEED_MIGRATIONS:
            getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def chromium(django_db_setup):
    """One headless Chromium for the run's browser tests."""
    # Playwright's sync API keeps an event loop on this thread, which makes Django refuse the
    # (synchronous) ORM calls of the tests around it unless told otherwise.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def broker_down():
    """Publish to a port where nothing listens, as if Redis were down, then come back."""
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = NOTHING_LISTENS
    celery_app._after_fork()  # drops the cached connection and producer pools

    def back():
        celery_app.conf.broker_url = previous
        celery_app._after_fork()

    yield back
    back()
