"""Checking every row of a workforce return by the models' own rules (SPEC §8).

Each row becomes unsaved model instances (a post, its holder, their credentials) checked with
`check_in_memory`, so the import refuses exactly what the API and the admin refuse, and every
error is reported by row and column. Nothing here queries per row: the trusts named are read
once, and what spans rows (one person's rows agreeing, one row per post) is checked in memory.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from trusts.models import Trust

from ..models import Credential, Person, Post
from .columns import CREDENTIAL_EXAMPLE, NAMES, PERSON_COLUMNS
from .parsing import Error, ReturnRefused, Row

PERSON_DETAILS = ("given_name", "family_name", "profession", "employing_trust")
PersonKey = tuple


@dataclass
class PersonEntry:
    """A person as the file gives them, with every credential their rows list."""

    key: PersonKey
    person: Person
    first_row: int
    credentials: set[tuple[str, date]] = field(default_factory=set)


@dataclass
class PostEntry:
    row: int
    post: Post
    person_key: PersonKey | None


@dataclass
class CheckedReturn:
    """A return every row of which passed: its trusts by code, its people and its posts."""

    trusts: dict[str, Trust]
    people: dict[PersonKey, PersonEntry]
    posts: list[PostEntry]
    rows: int


def check(rows: list[Row]) -> CheckedReturn:
    """The return as model instances, or ReturnRefused listing every error in it."""
    trusts = trusts_named(rows)
    errors: list[Error] = []
    people: dict[PersonKey, PersonEntry] = {}
    posts: list[PostEntry] = []
    seen_posts: dict[tuple, int] = {}
    for row in rows:
        post, row_errors = checked_post(row, trusts)
        person, credentials, person_errors = checked_person(row, trusts)
        row_errors += person_errors
        if not row_errors:
            person_key = None
            if person is not None:
                person_key = key_of(person)
                row_errors += same_person(people, person_key, person, row.number, credentials)
            row_errors += one_row_per_post(seen_posts, post, person_key, row.number)
        errors += row_errors
        if not row_errors:
            posts.append(PostEntry(row.number, post, person_key))
    if errors:
        raise ReturnRefused(errors)
    named = {entry.post.trust.ods_code: entry.post.trust for entry in posts}
    return CheckedReturn(named, people, posts, len(rows))


def trusts_named(rows: list[Row]) -> dict[str, Trust]:
    codes = {row.cells[name] for row in rows for name in ("trust", "employing_trust") if row.cells.get(name)}
    return {
        trust.ods_code: trust for trust in Trust.objects.filter(ods_code__in=codes).only("id", "ods_code")
    }


def errors_of(row: Row, error: ValidationError, column: str | None = None, prefix: str = "") -> list[Error]:
    """A model's field-keyed errors as the file's row and column."""
    return [
        Error(row.number, column or (name if name in NAMES else None), prefix + message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def trust_in(row: Row, column: str, trusts: dict[str, Trust], code: str) -> tuple[Trust | None, list[Error]]:
    if not code:
        return None, [Error(row.number, column, "Give the trust's ODS code, e.g. RGT.")]
    if code not in trusts:
        return None, [Error(row.number, column, f"No trust has the ODS code '{code}'.")]
    return trusts[code], []


def checked_post(row: Row, trusts: dict[str, Trust]) -> tuple[Post, list[Error]]:
    cells = row.cells
    trust, errors = trust_in(row, "trust", trusts, cells["trust"])
    # A blank number or date is None, so the model says "cannot be null", not "not a number".
    optional: dict[str, Any] = {
        name: cells.get(name) or None
        for name in ("time_fraction", "start_date", "end_date", "budget_authority_gbp")
    }
    post = Post(trust=trust, role=cells["role"], reports_to=cells["reports_to"], **optional)
    try:
        post.check_in_memory(exclude=["trust", "person"])
    except ValidationError as error:
        errors += errors_of(row, error)
    return post, errors


def checked_person(row: Row, trusts: dict[str, Trust]) -> tuple[Person | None, set, list[Error]]:
    """The post's holder and their credentials, or None for a vacancy (no person columns)."""
    cells = row.cells
    if not any(cells.get(name) for name in PERSON_COLUMNS):
        return None, set(), []
    employer_code = cells.get("employing_trust") or cells["trust"]
    employer, errors = trust_in(row, "employing_trust", trusts, employer_code)
    if not cells.get("employing_trust") and employer is None:
        errors = []  # the post's own trust is unknown: reported once, on `trust`
    person = Person(
        given_name=cells.get("given_name", ""),
        family_name=cells.get("family_name", ""),
        profession=cells.get("profession", ""),
        registration_body=cells.get("registration_body", ""),
        registration_number=cells.get("registration_number", ""),
        employing_trust=employer,
    )
    try:
        person.check_in_memory(exclude=["employing_trust"])
    except ValidationError as error:
        errors += errors_of(row, error)
    credentials, credential_errors = checked_credentials(row, cells.get("credentials", ""))
    return person, credentials, errors + credential_errors


def checked_credentials(row: Row, text: str) -> tuple[set[tuple[str, date]], list[Error]]:
    credentials, errors = set(), []
    for item in filter(None, (part.strip() for part in text.split(";"))):
        kind, colon, awarded_on = (part.strip() for part in item.partition(":"))
        if not (colon and kind and awarded_on):
            errors.append(
                Error(
                    row.number,
                    "credentials",
                    f"'{item}' is not a credential: write kind:YYYY-MM-DD, e.g. {CREDENTIAL_EXAMPLE}.",
                )
            )
            continue
        credential = Credential(kind=kind, awarded_on=awarded_on)
        try:
            credential.check_in_memory(exclude=["person", "enrolment"])
        except ValidationError as error:
            errors += errors_of(row, error, column="credentials", prefix=f"'{item}': ")
            continue
        credentials.add((credential.kind, credential.awarded_on))
    return credentials, errors


def key_of(person: Person) -> PersonKey:
    """How a return names a person: by register and number, or (non-clinical staff) by name
    and employer."""
    if person.registration_body:
        return ("registered", person.registration_body, person.registration_number)
    return ("named", person.given_name, person.family_name, person.employing_trust.pk)


def detail(person: Person, name: str) -> object:
    return person.employing_trust.ods_code if name == "employing_trust" else getattr(person, name)


def same_person(
    people: dict[PersonKey, PersonEntry], key: PersonKey, person: Person, number: int, credentials: set
) -> list[Error]:
    """A person's later rows must give the same details as their first; credentials merge."""
    entry = people.get(key)
    if entry is None:
        people[key] = PersonEntry(key, person, number, set(credentials))
        return []
    entry.credentials |= credentials
    return [
        Error(
            number,
            name,
            f"Row {entry.first_row} gives this person {name} '{detail(entry.person, name)}', "
            f"this row '{detail(person, name)}': one person's rows must agree.",
        )
        for name in PERSON_DETAILS
        if detail(person, name) != detail(entry.person, name)
    ]


def post_key(post: Post, person_key: PersonKey | None) -> tuple:
    """A filled post is its trust, holder and role; a vacancy its trust, role and start."""
    if person_key is not None:
        return (post.trust_id, person_key, post.role)
    return (post.trust_id, None, post.role, post.start_date)


def one_row_per_post(
    seen: dict[tuple, int], post: Post, person_key: PersonKey | None, number: int
) -> list[Error]:
    key = post_key(post, person_key)
    if key in seen:
        what = "holder and role" if person_key is not None else "role and start date"
        return [
            Error(
                number,
                "role",
                f"Row {seen[key]} is already this post (same trust, {what}): one row per post.",
            )
        ]
    seen[key] = number
    return []
