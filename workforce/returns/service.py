"""Importing a workforce return (SPEC §8): the one service behind the API, the command, the
editors' page and the admin. Parse, check every row, plan the snapshot, and write it all in one
transaction, or nothing."""

import hashlib
from dataclasses import dataclass

from django.db import transaction

from trusts.access import Access
from trusts.models import Trust
from wachter_planner.history import Origin

from ..models import Person, WorkforceReturn
from ..querysets import TRUST_EDITORS
from .checking import CheckedReturn, check
from .parsing import parse
from .planning import Plan, plan
from .writing import write


class ReturnForbidden(Exception):
    """The user may not import this return (SPEC §8 "Who"); nothing was written."""


@dataclass(frozen=True)
class Counts:
    rows: int
    created: int
    updated: int
    deleted: int
    unchanged: int


@dataclass(frozen=True)
class Outcome:
    counts: Counts
    trusts: list[str]
    record: WorkforceReturn | None  # None for a dry run


def do_import_return(
    content: bytes, file_name: str, user=None, dry_run=False, origin=Origin.IMPORT
) -> Outcome:
    """Import a return, or raise ReturnRefused (its errors by row and column) or ReturnForbidden.
    `user` None is an operator's command, which may import any trust."""
    checked = check(parse(content))
    with transaction.atomic():
        # One import at a time per trust, so two returns for a trust never interleave.
        list(Trust.objects.select_for_update().filter(pk__in=[t.pk for t in checked.trusts.values()]))
        planned = plan(checked)
        if user is not None:
            refuse_unless_allowed(user, checked, planned)
        counts = Counts(
            rows=checked.rows,
            created=len(planned.new_posts),
            updated=len(planned.changed_posts),
            deleted=len(planned.gone_posts),
            unchanged=planned.unchanged_posts,
        )
        codes = sorted(checked.trusts)
        if dry_run:
            return Outcome(counts, codes, None)
        if not planned.writes_nothing:
            write(planned, user, origin)
        record = WorkforceReturn.objects.create(
            submitted_by=user,
            file_name=file_name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            **counts.__dict__,
        )
        record.trusts.set(checked.trusts.values())
    return Outcome(counts, codes, record)


def refuse_unless_allowed(user, checked: CheckedReturn, planned: Plan) -> None:
    """Administrators import any trust; a trust editor only their own trusts' workforce, moving
    nobody to another trust's employ and changing no one who is of none of their trusts."""
    access = Access.of(user)
    if access.is_admin:
        return
    if not access.may_write(TRUST_EDITORS):
        raise ReturnForbidden("Only administrators and trust editors may import a workforce return.")
    own = access.trust_ids
    if own is None:
        return
    others = sorted(code for code, trust in checked.trusts.items() if trust.pk not in own)
    if others:
        raise ReturnForbidden(
            f"You may return only your own trusts' workforce; this file names {', '.join(others)}."
        )
    for key, entry in checked.people.items():
        employer = entry.person.employing_trust_id
        person_id = planned.people[key].pk
        if employer not in own and planned.employers_before.get(person_id) != employer:
            raise ReturnForbidden(
                f"Row {entry.first_row} makes {entry.person} an employee of "
                f"{entry.person.employing_trust.ods_code}, which is not one of your trusts."
            )
    touched = {person.pk for person in planned.changed_people} | {
        planned.people[key].pk for key, _, _ in planned.new_credentials if planned.people[key].pk
    }
    if touched - set(Person.objects.of_trusts(own).filter(pk__in=touched).values_list("pk", flat=True)):
        raise ReturnForbidden("This file changes people who are of none of your trusts.")
