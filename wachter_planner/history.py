"""The audit history of every domain record (SPEC §5): who, when, what changed, and from where.

Each historical row stores its `history_origin`. It is set once per way in: the request's path
for the API, the admin and the pages (`HistoryOriginMiddleware`), the worker for tasks, and
explicitly for an import or a command (`recorded_as`). Anything else (a shell, a migration) is a
command.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from celery.signals import task_postrun, task_prerun
from django.db import models
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class Origin(models.TextChoices):
    API = "api", "API"
    ADMIN = "admin", "Admin"
    PAGE = "page", "Page"
    IMPORT = "import", "Workforce return"
    COMMAND = "command", "Command"
    TASK = "task", "Background task"


_current_origin: ContextVar[str | None] = ContextVar("history_origin", default=None)


class OriginatedHistory(models.Model):
    """The base of every historical model: where each change came from."""

    history_origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.COMMAND)

    class Meta:
        abstract = True


def audited(**options) -> HistoricalRecords:
    """A model's audit history, with the origin of each change."""
    return HistoricalRecords(bases=[OriginatedHistory], **options)


@contextmanager
def recorded_as(origin: str) -> Iterator[None]:
    """Attribute every history row written inside the block to `origin`."""
    token = _current_origin.set(origin)
    try:
        yield
    finally:
        _current_origin.reset(token)


def current_origin() -> str:
    return _current_origin.get() or Origin.COMMAND


def origin_of_path(path: str) -> str:
    if path.startswith("/api/"):
        return Origin.API
    if path.startswith("/admin/"):
        return Origin.ADMIN
    return Origin.PAGE


class HistoryOriginMiddleware:
    """Changes made while answering a request come from the API, the admin or a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with recorded_as(origin_of_path(request.path)):
            return self.get_response(request)


@task_prerun.connect
def _task_starts(task_id, task, **kwargs):
    task.request.history_origin_token = _current_origin.set(Origin.TASK)


@task_postrun.connect
def _task_ends(task_id, task, **kwargs):
    token = getattr(task.request, "history_origin_token", None)
    if token is not None:
        _current_origin.reset(token)


@receiver(pre_create_historical_record)
def stamp_origin(sender, history_instance, **kwargs):
    history_instance.history_origin = current_origin()
