import os

import pytest

from wachter_planner.celery import app as celery_app

RUN_ID = os.getpid()


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
