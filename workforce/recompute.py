"""Stored results and their recompute (SPEC §4, §10).

The intent to recompute is durable: `mark_stale` writes it into the trust's result row in the
same transaction as the edit, and only after commit wakes Celery. A wake-up for many trusts is
split into chunks of `RECOMPUTE_CHUNK`, one task each, so that several workers share it. A task
recomputes its chunk with a fixed number of queries, however many trusts it holds, and writes
all of it in one transaction, only the results that changed. A trust stays `stale` if an edit
arrived after the data the task read.

Every writer of result rows takes their locks in ascending `trust_id` order (a mark in one
upsert, a store by locking before it writes), so an edit racing a recompute never deadlocks.
"""

import csv
import gc
import hashlib
import io
import json
import logging
import operator
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Case, F, When
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

RESULT_FIELDS = tuple(name for name in rules.TrustResult._fields if name != "as_of")
RESULT_VALUES = operator.attrgetter(*RESULT_FIELDS)
# A changed result as a store writes it (with its as-of date and time): the first of them
# are its history row.
HISTORY_FIELDS = ("trust_id", *RESULT_FIELDS)
CHANGED_FIELDS = (*HISTORY_FIELDS, "stale", "computed_version", "values_digest")
PENDING_ATTRIBUTE = "wachter_pending_recompute"
RECOMPUTE_TASK = "workforce.tasks.recompute_trusts"
# Posts per trust id, and the people who hold them by person id.
Facts = tuple[dict[int, list[rules.PostFacts]], dict[int, rules.PersonFacts]]
# A wake-up lost while the broker is down costs nothing (the sweep finds the mark), so an edit
# tries the broker twice and moves on rather than waiting through kombu's longer default.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0, "interval_max": 0}
MARK_SQL = """
    INSERT INTO workforce_complianceresult
        (trust_id, stale, mark_version, computed_version, marked_at, actions, rag)
    SELECT trust_id, true, 1, 0, %s, '[]', '' FROM unnest(%s::bigint[]) AS trust_id ORDER BY trust_id
    ON CONFLICT (trust_id) DO UPDATE SET
        stale = true,
        mark_version = workforce_complianceresult.mark_version + 1,
        marked_at = EXCLUDED.marked_at
"""


def mark_stale(trust_ids: Iterable[int | None]) -> None:
    """Record, in the current transaction, that these trusts need recomputing; wake one task
    per chunk of them once it commits."""
    marked = {trust_id for trust_id in trust_ids if trust_id is not None}
    if not marked:
        return
    write_marks(marked)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        enqueue(marked)
        return
    # Every mark asks for a wake-up after commit; the first drains them all, so a transaction
    # that marks 10,000 rows wakes one task per chunk.
    _pending(connection).trust_ids.update(marked)
    transaction.on_commit(_enqueue_pending)


def write_marks(trust_ids: Collection[int]) -> None:
    """The durable part of a mark: a result row per trust, stale, its version moved on."""
    ordered = sorted(trust_ids)
    if not ordered:
        return
    if connection.vendor == "postgresql":
        # One upsert visits the rows in trust order, locking each as it goes.
        with connection.cursor() as cursor:
            cursor.execute(MARK_SQL, [timezone.now(), ordered])
        return
    # SQLite (the embedded default) locks the whole database for a write: no order to keep.
    ComplianceResult.objects.bulk_create(
        [ComplianceResult(trust_id=trust_id) for trust_id in ordered], ignore_conflicts=True
    )
    ComplianceResult.objects.filter(trust_id__in=ordered).update(
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


def chunks(trust_ids: Collection[int]) -> list[list[int]]:
    ordered = sorted(trust_ids)
    size = settings.RECOMPUTE_CHUNK
    return [ordered[start : start + size] for start in range(0, len(ordered), size)]


def enqueue(trust_ids: Collection[int]) -> str:
    """Wake workers, one task per chunk; returns the first task's id. If the broker is down
    the marks stay in the database for the sweep. The task is named, not imported: `tasks`
    imports this module, not the other way round."""
    task_ids = []
    try:
        for chunk in chunks(trust_ids):
            task_id = str(uuid.uuid4())
            wake = current_app.signature(RECOMPUTE_TASK, kwargs={"trust_ids": chunk, "only_stale": True})
            wake.apply_async(task_id=task_id, retry_policy=PUBLISH_RETRY)
            task_ids.append(task_id)
    except BrokerError:
        logger.warning("Broker unavailable: %d trusts left marked for the sweep", len(trust_ids))
    return task_ids[0] if task_ids else str(uuid.uuid4())


def request_recompute(trust_ids: list[int] | None = None) -> str:
    """Mark the named trusts (all active ones when None) and ask workers to recompute them.
    Returns a task id."""
    with transaction.atomic():
        ids = trust_ids or list(Trust.objects.active().values_list("id", flat=True))
        write_marks(ids)
    return enqueue(ids)


def recompute(
    trust_ids: Collection[int] | None = None, only_stale: bool = False, as_of: date | None = None
) -> int:
    """Recompute active trusts (the named ones, or all) and store their results. Returns how
    many were computed. Query count is the same for 2 trusts as for 2,000."""
    with cycle_collection_paused():
        return _recompute(trust_ids, only_stale, as_of or timezone.localdate())


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Building a national recompute's 100,000 facts would make Python's cycle collector walk
    the whole heap again and again (a third of the run), though none of them is in a cycle."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _recompute(trust_ids: Collection[int] | None, only_stale: bool, as_of: date) -> int:
    trusts = Trust.objects.active()
    if trust_ids is not None:
        trusts = trusts.filter(id__any=set(trust_ids))
    if only_stale:
        trusts = trusts.filter(compliance__stale=True)
    trusts = list(trusts.order_by().values("id", "staff_fte", "compliance__mark_version"))
    if not trusts:
        return 0
    results = assess_trusts(trusts, as_of, every_trust=trust_ids is None and not only_stale)
    versions = {trust["id"]: trust["compliance__mark_version"] for trust in trusts}
    store(results, versions, as_of)
    return len(results)


def assess_trusts(
    trusts: list[dict[str, Any]], as_of: date, every_trust: bool = False
) -> dict[int, rules.TrustResult]:
    """Each trust's result as the rules give it now, by trust id; `trusts` are rows with `id`
    and `staff_fte`, or every active trust's. Reads, never writes."""
    policy = load_policy()
    facts, people = load_facts(None if every_trust else [trust["id"] for trust in trusts], as_of)
    return {
        trust["id"]: rules.assess(
            rules.TrustFacts(tuple(facts.get(trust["id"], ())), trust["staff_fte"]), people, policy, as_of
        )
        for trust in trusts
    }


def load_policy(policy: Policy | None = None) -> rules.PolicyRules:
    """The rules of `policy` (a draft too), or of the policy in force."""
    policy = policy or Policy.objects.active().get()
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
POST_FACT_COLUMNS = (
    "id",
    "role",
    "person_id",
    "time_fraction",
    "reports_to",
    "start_date",
    "end_date",
    "budget_authority_gbp",
)


POST_ROW = ("trust_id", "person__profession", *POST_FACT_COLUMNS)
TRUST, PROFESSION, POST_FACTS_START = 0, 1, 2


def load_facts(trust_ids: Collection[int] | None, as_of: date) -> Facts:
    """Posts per trust (of the trusts named, or of every active trust when None; those not
    ended before `as_of`, so facts loaded once serve every later date too) and every person
    who holds one."""
    # Only the roles the rules read, in no order: the rules depend on neither.
    posts = Post.objects.filter(role__in=rules.CLINICAL_INFORMATICS_ROLES).not_ended_by(as_of).order_by()
    credentials, places = Credential.objects.order_by(), Enrolment.objects.order_by()
    if trust_ids is None:
        # Every credential and place: cheaper than finding the holders first, and the few of
        # people in no post are never read.
        posts = posts.filter(trust__in=Trust.objects.active())
    else:
        posts = posts.filter(trust_id__any=set(trust_ids))
        holders = posts.exclude(person=None).values("person_id")
        credentials, places = credentials.filter(person_id__in=holders), places.filter(person_id__in=holders)
    return build_facts(
        posts.values_list(*POST_ROW),
        credentials.values_list("person_id", "awarded_on"),
        places.filter(status=EnrolmentStatus.ENROLLED).values_list("person_id", "cohort__graduation_date"),
    )


def build_facts(
    post_rows: Iterable[tuple[Any, ...]],
    credentials: Iterable[tuple[int, date]],
    graduations: Iterable[tuple[int, date]],
) -> Facts:
    """The rules' facts from plain rows: post rows (tuples of the `POST_ROW` columns),
    (person id, awarded on) pairs and (person id, graduation date) pairs of the cohorts people
    are enrolled on. Returns (posts per trust id, people by id)."""
    awarded: defaultdict[int, list[date]] = defaultdict(list)
    graduating: defaultdict[int, list[date]] = defaultdict(list)
    for person_id, awarded_on in credentials:
        awarded[person_id].append(awarded_on)
    for person_id, graduation in graduations:
        graduating[person_id].append(graduation)
    facts: defaultdict[int, list[rules.PostFacts]] = defaultdict(list)
    professions: dict[int | None, str] = {}  # of the people holding the posts, by person id
    for row in post_rows:
        post = rules.PostFacts._make(row[POST_FACTS_START:])
        professions[post.person_id] = row[PROFESSION]
        facts[row[TRUST]].append(post)
    people = {
        holder: rules.PersonFacts(
            holder, is_clinical(profession), tuple(awarded.get(holder, ())), tuple(graduating.get(holder, ()))
        )
        for holder, profession in professions.items()
        if holder is not None  # a vacant post's
    }
    return facts, people


def store(results: dict[int, rules.TrustResult], versions: dict[int, int | None], as_of: date) -> None:
    """Write the results that changed, with a history row each, and move `computed_at` for
    the rest in one statement, all in one transaction. A trust whose mark moved on since its
    data was read stays stale. The statements are the same however many trusts there are."""
    now = timezone.now()
    trust_ids = sorted(results)
    _create_missing_rows([trust_id for trust_id in trust_ids if versions[trust_id] is None])
    values = {trust_id: RESULT_VALUES(results[trust_id]) for trust_id in trust_ids}
    texts = {trust_id: repr(values[trust_id]) for trust_id in trust_ids}
    # Trusts share a few hundred results between them: each digested once.
    digest_of = {text: _digest(text) for text in set(texts.values())}
    digests = {trust_id: digest_of[texts[trust_id]] for trust_id in trust_ids}
    with transaction.atomic():
        _commit_without_waiting_for_disk()
        stored = _lock_stored(set(trust_ids))
        moved_on = {
            trust_id for trust_id in trust_ids if stored[trust_id].mark_version != (versions[trust_id] or 0)
        }
        changed = [
            (
                trust_id,
                *values[trust_id],
                trust_id in moved_on,
                stored[trust_id].computed_version if trust_id in moved_on else stored[trust_id].mark_version,
                digests[trust_id],
            )
            for trust_id in trust_ids
            if stored[trust_id].values_digest != digests[trust_id]
        ]
        write_changed = _write_changed_on_postgresql if connection.vendor == "postgresql" else _write_changed
        write_changed(changed, as_of, now)
        written = {row[0] for row in changed}
        _date_the_rest(set(trust_ids) - written, moved_on, as_of, now)


class _Stored(NamedTuple):
    values_digest: int | None
    mark_version: int
    computed_version: int


def _lock_stored(trust_ids: set[int]) -> dict[int, _Stored]:
    """The stored results' digests and versions, their rows locked in trust order."""
    rows = (
        ComplianceResult.objects.select_for_update()
        .filter(trust_id__any=trust_ids)
        .order_by("trust_id")
        .values_list("trust_id", *_Stored._fields)
    )
    return {trust_id: _Stored(*row) for trust_id, *row in rows}


def _date_the_rest(trust_ids: set[int], moved_on: set[int], as_of: date, now: datetime) -> None:
    """The unchanged results' bookkeeping, in one statement."""
    if not trust_ids:
        return
    ComplianceResult.objects.filter(trust_id__any=trust_ids).update(
        as_of=as_of,
        computed_at=now,
        stale=Case(When(trust_id__any=moved_on, then=True), default=False),
        computed_version=Case(
            When(trust_id__any=moved_on, then=F("computed_version")), default=F("mark_version")
        ),
    )


def _commit_without_waiting_for_disk() -> None:
    """A stored result lost in a crash costs nothing: its trust is still marked stale (the mark
    was committed durably) and the sweep recomputes it. So the store need not wait for the
    disk at commit, which at 10,000 trusts is a tenth of the run."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _write_changed(changed: list[tuple[Any, ...]], as_of: date, now: datetime) -> None:
    """The changed results (rows of `CHANGED_FIELDS`) and a history row each, in bulk: the
    writer of other databases than PostgreSQL (SQLite, for `make run`)."""
    if not changed:
        return
    ComplianceResult.objects.bulk_create(
        [
            ComplianceResult(as_of=as_of, computed_at=now, **dict(zip(CHANGED_FIELDS, row, strict=True)))
            for row in changed
        ],
        update_conflicts=True,
        unique_fields=["trust"],
        update_fields=["as_of", "computed_at", *CHANGED_FIELDS[1:]],
    )
    ComplianceHistory.objects.bulk_create(
        [
            ComplianceHistory(
                as_of=as_of,
                computed_at=now,
                **dict(zip(HISTORY_FIELDS, row[: len(HISTORY_FIELDS)], strict=True)),
            )
            for row in changed
        ]
    )


def _write_changed_on_postgresql(changed: list[tuple[Any, ...]], as_of: date, now: datetime) -> None:
    """The changed results and their history, copied into a scratch table and written from it
    in one statement: a COPY of 10,000 results takes less than half as long as sending them as
    one JSON parameter, and a small part of building model instances for an upsert."""
    if not changed:
        return
    result = ComplianceResult._meta.db_table
    column_of = {field.attname: field.column for field in ComplianceResult._meta.concrete_fields}
    columns = [column_of[name] for name in CHANGED_FIELDS]
    history_columns = ", ".join(columns[: len(HISTORY_FIELDS)])
    assignments = ", ".join(f"{column} = new.{column}" for column in columns[1:])
    # The names come from the models, never from input.
    write = (
        f"WITH written AS (UPDATE {result} AS result SET as_of = %s, computed_at = %s, {assignments} "  # noqa: S608  # nosec B608
        f"FROM written_result AS new WHERE result.trust_id = new.trust_id RETURNING result.*) "
        f"INSERT INTO {ComplianceHistory._meta.db_table} (as_of, computed_at, {history_columns}) "
        f"SELECT as_of, computed_at, {history_columns} FROM written"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE written_result AS SELECT {', '.join(columns)} FROM {result} WITH NO DATA"  # noqa: S608  # nosec B608
        )
        cursor.copy_expert(
            f"COPY written_result ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", _as_csv(changed)
        )
        cursor.execute(write, [as_of, now])
        cursor.execute("DROP TABLE written_result")


def _as_csv(rows: list[tuple[Any, ...]]) -> io.StringIO:
    """Rows of `CHANGED_FIELDS` as COPY reads CSV: the actions as JSON, None as an empty field
    (NULL; no text value a result holds is empty), True and False as PostgreSQL reads them.
    The values of each distinct result (known by its digest, the row's last field) are
    formatted once."""
    values_csv: dict[int, str] = {}
    text = io.StringIO()
    for row in rows:
        trust_id, stale, computed_version, digest = row[0], *row[len(HISTORY_FIELDS) :]
        if digest not in values_csv:
            values_csv[digest] = _csv_line(row[1 : len(HISTORY_FIELDS)])
        text.write(f"{trust_id},{values_csv[digest]},{stale},{computed_version},{digest}\n")
    text.seek(0)
    return text


def _csv_line(values: tuple[Any, ...]) -> str:
    line = io.StringIO()
    actions = RESULT_FIELDS.index("actions")
    csv.writer(line, lineterminator="").writerow(
        (*values[:actions], json.dumps(values[actions]), *values[actions + 1 :])
    )
    return line.getvalue()


def _create_missing_rows(trust_ids: list[int]) -> None:
    """Rows for trusts never marked (made in bulk), before the store's transaction takes its
    locks, so that it only ever locks rows that exist and in trust order."""
    ComplianceResult.objects.bulk_create(
        [ComplianceResult(trust_id=trust_id) for trust_id in trust_ids], ignore_conflicts=True
    )


def _digest(values_text: str) -> int:
    """A digest of a result's values (their `repr`), which tells a changed result from the
    stored one without reading the stored values back."""
    return int.from_bytes(hashlib.blake2b(values_text.encode(), digest_size=8).digest(), "big", signed=True)
