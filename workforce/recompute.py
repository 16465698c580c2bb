"""Stored results and their recompute (SPEC §4).

The intent to recompute is durable: `mark_stale` writes it into the trust's result row in the
same transaction as the edit, and only after commit wakes a Celery task. The task recomputes a
batch of trusts with a fixed number of queries, however many there are, and writes all of it in
one transaction. A trust stays `stale` if an edit arrived after the data the task read.
"""

import logging
import uuid
from collections import defaultdict
from dataclasses import asdict

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from trusts.models import Trust

from . import rules
from .models import Cohort, ComplianceHistory, ComplianceResult, Credential, Enrolment, Policy, Post

logger = logging.getLogger(__name__)

RESULT_FIELDS = [name for name in rules.TrustResult.__dataclass_fields__ if name != "as_of"]
PENDING_ATTRIBUTE = "wachter_pending_recompute"


def mark_stale(trust_ids):
    """Record, in the current transaction, that these trusts need recomputing; wake one task
    per transaction for all of them once it commits."""
    trust_ids = {trust_id for trust_id in trust_ids if trust_id is not None}
    if not trust_ids:
        return
    write_marks(trust_ids)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        enqueue(trust_ids)
        return
    # Every mark asks for a wake-up after commit; the first drains them all, so a transaction
    # that marks 10,000 rows wakes one task.
    pending = getattr(connection, PENDING_ATTRIBUTE, None)
    if pending is None:
        pending = set()
        setattr(connection, PENDING_ATTRIBUTE, pending)
    pending.update(trust_ids)
    transaction.on_commit(_enqueue_pending)


def write_marks(trust_ids):
    """The durable part of a mark: a result row per trust, stale, its version moved on."""
    ComplianceResult.objects.bulk_create(
        [ComplianceResult(trust_id=trust_id) for trust_id in trust_ids], ignore_conflicts=True
    )
    ComplianceResult.objects.filter(trust_id__in=trust_ids).update(
        stale=True, mark_version=F("mark_version") + 1, marked_at=timezone.now()
    )


def _enqueue_pending():
    pending = getattr(transaction.get_connection(), PENDING_ATTRIBUTE, set())
    if pending:
        enqueue(set(pending))
        pending.clear()


def enqueue(trust_ids, task_id=None):
    """Wake a worker. If the broker is down the marks stay in the database for the sweep."""
    from .tasks import recompute_trusts

    try:
        recompute_trusts.apply_async(args=[sorted(trust_ids), True], task_id=task_id)
    except BrokerError:
        logger.warning("Broker unavailable: %d trusts left marked for the sweep", len(trust_ids))


def request_recompute(trust_ids=None):
    """Mark the named trusts (all active ones when None) and ask a worker to recompute them.
    Returns the task id."""
    with transaction.atomic():
        ids = trust_ids or list(Trust.objects.active().values_list("id", flat=True))
        write_marks(ids)
    task_id = str(uuid.uuid4())
    enqueue(ids, task_id=task_id)
    return task_id


def recompute(trust_ids=None, only_stale=False, as_of=None):
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


def load_policy(policy=None):
    """The rules of `policy` (a draft too), or of the policy in force."""
    policy = policy or Policy.objects.get(is_active=True)
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


def load_facts(trust_ids, as_of):
    """Posts per trust (those not ended before `as_of`, so facts loaded once serve every later
    date too) and every person who holds one."""
    posts = Post.objects.filter(trust_id__in=trust_ids).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=as_of)
    )
    holders = posts.exclude(person=None).values("person_id")
    credentials = defaultdict(list)
    for person_id, awarded_on in Credential.objects.filter(person_id__in=holders).values_list(
        "person_id", "awarded_on"
    ):
        credentials[person_id].append(awarded_on)
    graduations = defaultdict(list)
    for person_id, graduation in Enrolment.objects.filter(
        person_id__in=holders, status="enrolled"
    ).values_list("person_id", "cohort__graduation_date"):
        graduations[person_id].append(graduation)
    facts = defaultdict(list)
    people = {}
    for row in posts.values(
        "id",
        "trust_id",
        "role",
        "person_id",
        "person__profession",
        "time_fraction",
        "reports_to",
        "start_date",
        "end_date",
        "budget_authority_gbp",
    ):
        person_id = row["person_id"]
        if person_id is not None and person_id not in people:
            people[person_id] = rules.PersonFacts(
                person_id,
                row["person__profession"] != "non_clinical",
                tuple(credentials[person_id]),
                tuple(graduations[person_id]),
            )
        facts[row["trust_id"]].append(
            rules.PostFacts(
                row["id"],
                row["role"],
                person_id,
                row["time_fraction"],
                row["reports_to"],
                row["start_date"],
                row["end_date"],
                row["budget_authority_gbp"],
            )
        )
    return facts, people


def store(results, versions):
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


def _changed(previous, values):
    if previous is None or previous["computed_at"] is None:
        return True
    return any(previous[name] != values[name] for name in RESULT_FIELDS)
