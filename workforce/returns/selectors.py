"""What the pages read about workforce returns and a trust's recent changes. Each function
runs a fixed number of queries, however many trusts or changes there are."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from trusts.models import Trust
from wachter_planner.history import HISTORY_TYPES, changes_between

from ..models import Person, Post, WorkforceReturn

RECENT_CHANGES = 10


def trusts_by_last_return(trusts: QuerySet[Trust]) -> QuerySet[Trust]:
    """Trusts with their latest workforce return, those never returned first, then the oldest
    return first. 1 query; `returns_by_id` reads the returns of the page shown."""
    latest = WorkforceReturn.objects.filter(trusts=OuterRef("pk")).order_by("-submitted_at", "-id")
    return (
        trusts.select_related("region")
        .annotate(last_returned_at=Subquery(latest.values("submitted_at")[:1]))
        .annotate(last_return_id=Subquery(latest.values("id")[:1]))
        .order_by(F("last_returned_at").asc(nulls_first=True), "name")
    )


def returns_by_id(ids: list[int]) -> dict[int, WorkforceReturn]:
    returns = WorkforceReturn.objects.filter(id__in=[i for i in ids if i]).select_related("submitted_by")
    return {record.pk: record for record in returns}


def days_since(moment: datetime | None, today: date) -> int | None:
    return None if moment is None else (today - timezone.localtime(moment).date()).days


def last_return(trust: Trust) -> WorkforceReturn | None:
    """The trust's latest workforce return. 1 query."""
    return trust.workforce_returns.select_related("submitted_by").order_by("-submitted_at", "-id").first()


@dataclass(frozen=True)
class Change:
    """One entry of a trust's recent changes: a post or person created, changed or deleted."""

    when: datetime
    who: str | None
    origin: str
    kind: str
    what: str
    fields: list[str]


def recent_changes(trust: Trust, limit: int = RECENT_CHANGES) -> list[Change]:
    """The latest changes to the trust's posts and to the people it employs, newest first,
    each with the fields it changed. 4 queries."""
    entries = []
    for model, of_trust in ((Post, {"trust_id": trust.pk}), (Person, {"employing_trust_id": trust.pk})):
        rows = (
            model.history.filter(**of_trust).select_related("history_user").order_by("-history_date")[:limit]
        )
        entries += [(model, row) for row in rows]
    entries.sort(key=lambda entry: entry[1].history_date, reverse=True)
    entries = entries[:limit]
    earlier = previous_versions(entries)
    return [
        Change(
            when=row.history_date,
            who=row.history_user.get_username() if row.history_user else None,
            origin=row.get_history_origin_display(),
            kind=HISTORY_TYPES[row.history_type],
            what=f"{model._meta.verbose_name} {row.id}",
            fields=sorted(changes_between(earlier.get((model, row.history_id)), row)),
        )
        for model, row in entries
    ]


def previous_versions(entries: list[tuple[Any, Any]]) -> dict[tuple[Any, int], Any]:
    """Each history row's predecessor (same record, just before): 1 query per model."""
    previous = {}
    for model in {model for model, _ in entries}:
        ids = {row.id for entry_model, row in entries if entry_model is model}
        last_seen: dict[int, Any] = {}
        for row in model.history.filter(id__in=ids).order_by("history_date", "history_id"):
            previous[(model, row.history_id)] = last_seen.get(row.id)
            last_seen[row.id] = row
    return previous
