"""Stored results and their recompute (SPEC §4).

The intent to recompute is durable: `mark_stale` writes it into the trust's result row in the
same transaction as the edit, and only after commit wakes a Celery task. The task recomputes a
batch of trusts with a fixed number of queries, however many there are, and writes all of it in
one transaction. A trust stays `stale` if an edit arrived after the data the task read.
"""

import logging
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from trusts.models import Trust

from . import rules
from .models import (
    Cohort,
    ComplianceHistory,
    ComplianceResult,
    Credential,
    Enrolment,
    EnrolmentStatus,
    Policy,
    Post,
)
from .models.people import is_clinical

logger = logging.getLogger(__name__)

RESULT_FIELDS = [name for name in rules.TrustResult.__dataclass_fields__ if name != "as_of"]
PENDING_ATTRIBUTE = "wachter_pending_recompute"
RECOMPUTE_TASK = "workforce.tasks.recompute_trusts"
# Posts per trust id, and the people who hold them by person id.
Facts = tuple[dict[int, list[rules.PostFacts]], dict[int, rules.PersonFacts]]


def mark_stale(trust_ids: Iterable[int | None]) -> None:
    """Record, in the current transaction, that these trusts need recomputing; wake one task
    per transaction for all of them once it commits."""
    marked = {trust_id for trust_id in trust_ids if trust_id is not None}
    if not marked:
        return
    write_marks(marked)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        enqueue(marked)
        return
    # Every mark asks for a wake-up after commit; the first drains them all, so a transaction
    # that marks 10,000 rows wakes one task.
    _pending(connection).trust_ids.update(marked)
    transaction.on_commit(_enqueue_pending)


def write_marks(trust_ids: Collection[int]) -> None:
    """The durable part of a mark: a result row per trust, stale, its version moved on."""
    ComplianceResult.objects.bulk_create(
        [ComplianceResult(trust_id=trust_id) for trust_id in trust_ids], ignore_conflicts=True
    )
    ComplianceResult.objects.filter(trust_id__in=trust_ids).update(
        stale=True, mark_version=F("mark_version") + 1, marked_at=timezone.now()
    )


@dataclass
class _Pending:
    """Trusts marked in the open transaction, to wake one task for once it commits. `callbacks`
    is the connection's on-commit list they were queued on: commit and rollback replace it."""

    callbacks: list[Any]
    trust_ids: set[int] = field(default_factory=set)


def _pending(connection: BaseDatabaseWrapper) -> _Pending:
    """The open transaction's pending set. A rollback drops the transaction's callbacks, and
    with them its set, so the next transaction does not wake trusts it never marked."""
    pending = getattr(connection, PENDING_ATTRIBUTE, None)
    if pending is None or pending.callbacks is not connection.run_on_commit:
        still_queued = any(entry[1] is _enqueue_pending for entry in connection.run_on_commit)
        pending = _Pending(connection.run_on_commit, pending.trust_ids if pending and still_queued else set())
        setattr(connection, PENDING_ATTRIBUTE, pending)
    return pending


def _enqueue_pending() -> None:
    pending = getattr(transaction.get_connection(), PENDING_ATTRIBUTE, None)
    if pending and pending.trust_ids:
        enqueue(set(pending.trust_ids))
        pending.trust_ids.clear()


def enqueue(trust_ids: Collection[int], task_id: str | None = None) -> None:
    """Wake a worker. If the broker is down the marks stay in the database for the sweep.
    The task is named, not imported: `tasks` imports this module, not the other way round."""
    wake = current_app.signature(RECOMPUTE_TASK, kwargs={"trust_ids": sorted(trust_ids), "only_stale": True})
    try:
        wake.apply_async(task_id=task_id)
    except BrokerError:
        logger.warning("Broker unavailable: %d trusts left marked for the sweep", len(trust_ids))


def request_recompute(trust_ids: list[int] | None = None) -> str:
    """Mark the named trusts (all active ones when None) and ask a worker to recompute them.
    Returns the task id."""
    with transaction.atomic():
        ids = trust_ids or list(Trust.objects.active().values_list("id", flat=True))
        write_marks(ids)
    task_id = str(uuid.uuid4())
    enqueue(ids, task_id=task_id)
    return task_id


def recompute(
    trust_ids: Collection[int] | None = None, only_stale: bool = False, as_of: date | None = None
) -> int:
    """Recompute active trusts (the named ones, or all) and store their results. Returns how
    many were computed. Query count is the same for 2 trusts as for 2,000."""
    as_of = as_of or timezone.localdate()
    trusts = Trust.objects.active()
    if trust_ids is not None:
        trusts = trusts.filter(id__in=trust_ids)
    if only_stale:
        trusts = trusts.filter(compliance__stale=True)
    trusts = list(trusts.values("id", "staff_fte", "compliance__mark_version"))
    if not trusts:
        return 0
    policy = load_policy()
    facts, people = load_facts([trust["id"] for trust in trusts], as_of)
    results = {
        trust["id"]: rules.assess(
            rules.TrustFacts(tuple(facts.get(trust["id"], ())), trust["staff_fte"]), people, policy, as_of
        )
        for trust in trusts
    }
    versions = {trust["id"]: trust["compliance__mark_version"] or 0 for trust in trusts}
    store(results, versions)
    return len(results)


def load_policy() -> rules.PolicyRules:
    policy = Policy.objects.active().get()
    cohort_costs = Cohort.objects.values_list("cost_per_place_gbp", flat=True)
    return rules.PolicyRules(
        team_min=policy.team_min,
        ccio_min_time_fraction=policy.ccio_min_time_fraction,
        ccio_reports_to=frozenset(policy.ccio_reports_to),
        scale_by_size=policy.scale_by_size,
        reference_staff_fte=policy.reference_staff_fte,
        cost_per_informatician_gbp=rules.cost_per_informatician(
            policy.cost_per_informatician_gbp, list(cohort_costs)
        ),
    )


# The post columns the rules read, in the order `PostFacts` takes them.
POST_FACT_COLUMNS = ("id", "role", "person_id", "time_fraction", "reports_to", "start_date", "end_date")


def load_facts(trust_ids: Collection[int], as_of: date) -> Facts:
    """Posts per trust (those not ended by `as_of`) and every person who holds one."""
    posts = Post.objects.filter(trust_id__in=trust_ids).not_ended_by(as_of)
    holders = posts.exclude(person=None).values("person_id")
    credentials = Credential.objects.filter(person_id__in=holders).values_list("person_id", "awarded_on")
    graduations = Enrolment.objects.filter(
        person_id__in=holders, status=EnrolmentStatus.ENROLLED
    ).values_list("person_id", "cohort__graduation_date")
    rows = posts.values("trust_id", "person__profession", *POST_FACT_COLUMNS)
    return build_facts(rows, credentials, graduations)


def build_facts(
    post_rows: Iterable[dict[str, Any]],
    credentials: Iterable[tuple[int, date]],
    graduations: Iterable[tuple[int, date]],
) -> Facts:
    """The rules' facts from plain rows: post rows (`trust_id`, `person__profession` and the
    `POST_FACT_COLUMNS`), (person id, awarded on) pairs and (person id, graduation date) pairs
    of the cohorts people are enrolled on. Returns (posts per trust id, people by id)."""
    awarded, graduating = defaultdict(list), defaultdict(list)
    for person_id, awarded_on in credentials:
        awarded[person_id].append(awarded_on)
    for person_id, graduation in graduations:
        graduating[person_id].append(graduation)
    facts = defaultdict(list)
    people = {}
    for row in post_rows:
        person_id = row["person_id"]
        if person_id is not None and person_id not in people:
            people[person_id] = rules.PersonFacts(
                person_id,
                is_clinical(row["person__profession"]),
                tuple(awarded[person_id]),
                tuple(graduating[person_id]),
            )
        facts[row["trust_id"]].append(rules.PostFacts(*(row[column] for column in POST_FACT_COLUMNS)))
    return facts, people


def store(results: dict[int, rules.TrustResult], versions: dict[int, int]) -> None:
    """Upsert every result and add a history row for each that changed, in one transaction.
    A trust whose mark moved on since it was read stays stale."""
    now = timezone.now()
    previous = {
        row["trust_id"]: row
        for row in ComplianceResult.objects.filter(trust_id__in=results).values(
            "trust_id", "computed_at", *RESULT_FIELDS
        )
    }
    rows, history = [], []
    for trust_id, result in results.items():
        values = asdict(result)
        rows.append(
            ComplianceResult(
                trust_id=trust_id,
                computed_at=now,
                stale=False,
                mark_version=versions[trust_id],
                computed_version=versions[trust_id],
                **values,
            )
        )
        if _changed(previous.get(trust_id), values):
            history.append(ComplianceHistory(trust_id=trust_id, computed_at=now, **values))
    with transaction.atomic():
        ComplianceResult.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["trust"],
            update_fields=["as_of", "computed_at", "stale", "computed_version", *RESULT_FIELDS],
        )
        ComplianceResult.objects.filter(trust_id__in=results, mark_version__gt=F("computed_version")).update(
            stale=True
        )
        ComplianceHistory.objects.bulk_create(history)


def _changed(previous: dict[str, Any] | None, values: dict[str, Any]) -> bool:
    if previous is None or previous["computed_at"] is None:
        return True
    return any(previous[name] != values[name] for name in RESULT_FIELDS)
