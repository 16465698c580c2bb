"""Planning a checked return against the records (SPEC §8): which people and posts it matches,
creates, updates or deletes, and which credentials it adds. A fixed number of queries, however
many rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..models import Credential, Person, Post
from .checking import CheckedReturn, PersonKey, post_key

PERSON_FIELDS = [
    "given_name",
    "family_name",
    "profession",
    "registration_body",
    "registration_number",
    "employing_trust",
]
POST_FIELDS = ["time_fraction", "reports_to", "start_date", "end_date", "budget_authority_gbp"]


@dataclass
class Plan:
    """What importing the return would write."""

    people: dict[PersonKey, Person]  # every person of the file: matched (with the file's values) or new
    new_people: list[Person] = field(default_factory=list)
    changed_people: list[Person] = field(default_factory=list)
    new_posts: list[tuple[Post, PersonKey | None]] = field(default_factory=list)
    changed_posts: list[Post] = field(default_factory=list)
    gone_posts: list[Post] = field(default_factory=list)
    unchanged_posts: int = 0
    new_credentials: list[tuple[PersonKey, str, date]] = field(default_factory=list)
    employers_before: dict[int, int] = field(default_factory=dict)  # person id -> employing trust id

    @property
    def writes_nothing(self) -> bool:
        return not (
            self.new_people
            or self.changed_people
            or self.new_posts
            or self.changed_posts
            or self.gone_posts
            or self.new_credentials
        )


def plan(checked: CheckedReturn) -> Plan:
    matched = matching_people(checked)
    result = Plan(
        people={}, employers_before={person.pk: person.employing_trust_id for person in matched.values()}
    )
    for key, entry in checked.people.items():
        existing = matched.get(key)
        if existing is None:
            result.people[key] = entry.person
            result.new_people.append(entry.person)
            continue
        if any(field_value(existing, name) != field_value(entry.person, name) for name in PERSON_FIELDS):
            for name in PERSON_FIELDS:
                setattr(existing, name, getattr(entry.person, name))
            result.changed_people.append(existing)
        result.people[key] = existing
    plan_posts(checked, result)
    plan_credentials(checked, result)
    return result


def field_value(person: Person, name: str) -> object:
    return person.employing_trust_id if name == "employing_trust" else getattr(person, name)


def matching_people(checked: CheckedReturn) -> dict[PersonKey, Person]:
    """The people already on record whom the file names: 2 queries."""
    keys = checked.people.keys()
    numbers = {key[2] for key in keys if key[0] == "registered"}
    families = {key[2] for key in keys if key[0] == "named"}
    matched: dict[PersonKey, Person] = {}
    if numbers:
        for person in Person.objects.filter(registration_number__in=numbers).exclude(registration_body=""):
            matched[("registered", person.registration_body, person.registration_number)] = person
    if families:
        named = Person.objects.filter(profession="non_clinical", family_name__in=families).order_by("-id")
        for person in named:  # the lowest id wins when several share a name and employer
            matched[("named", person.given_name, person.family_name, person.employing_trust_id)] = person
    return {key: person for key, person in matched.items() if key in checked.people}


def plan_posts(checked: CheckedReturn, result: Plan) -> None:
    """Afterwards each trust of the file has exactly the file's posts for it: 1 query."""
    trust_ids = {trust.pk for trust in checked.trusts.values()}
    existing: dict[tuple, list[Post]] = defaultdict(list)
    person_keys = {person.pk: key for key, person in result.people.items() if person.pk}
    for post in Post.objects.filter(trust_id__in=trust_ids).order_by("id"):
        holder = person_keys.get(post.person_id, ("id", post.person_id)) if post.person_id else None
        existing[post_key(post, holder)].append(post)
    for entry in checked.posts:
        candidates = existing.get(post_key(entry.post, entry.person_key))
        if not candidates:
            result.new_posts.append((entry.post, entry.person_key))
            continue
        post = candidates.pop(0)
        if any(getattr(post, name) != getattr(entry.post, name) for name in POST_FIELDS):
            for name in POST_FIELDS:
                setattr(post, name, getattr(entry.post, name))
            result.changed_posts.append(post)
        else:
            result.unchanged_posts += 1
    result.gone_posts = [post for posts in existing.values() for post in posts]


def plan_credentials(checked: CheckedReturn, result: Plan) -> None:
    """Credentials the file lists that the person lacks (same kind, same date): 1 query."""
    known_ids = {person.pk for person in result.people.values() if person.pk}
    held = set(
        Credential.objects.filter(person_id__in=known_ids).values_list("person_id", "kind", "awarded_on")
    )
    for key, entry in checked.people.items():
        person_id = result.people[key].pk
        for kind, awarded_on in sorted(entry.credentials):
            if (person_id, kind, awarded_on) not in held:
                result.new_credentials.append((key, kind, awarded_on))
