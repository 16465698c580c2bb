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


HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def history_of(record) -> list[dict]:
    """A record's audit history, newest first: who, when, from where, and each field's old and
    new value. 1 query."""
    rows = list(record.history.select_related("history_user").order_by("history_date", "history_id"))
    entries, previous = [], None
    for row in rows:
        entries.append(
            {
                "history_date": row.history_date,
                "history_user": row.history_user.get_username() if row.history_user else None,
                "history_origin": row.history_origin,
                "history_type": HISTORY_TYPES[row.history_type],
                "changes": changes_between(previous, row),
            }
        )
        previous = row
    entries.reverse()
    return entries


def changes_between(previous, row) -> dict[str, list]:
    changes = {}
    for field in row.tracked_fields:
        old = shown(field, getattr(previous, field.attname)) if previous is not None else None
        new = shown(field, getattr(row, field.attname))
        if row.history_type == "-":
            old, new = new, None
        if old != new:
            changes[field.name] = [old, new]
    return changes


def shown(field, value):
    """A value as the API writes it: decimals as strings with their places, dates ISO 8601."""
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        return f"{value:.{field.decimal_places}f}"
    if isinstance(field, models.DateField):
        return value.isoformat()
    return value
