"""Writing a planned return in bulk, with its audit history (SPEC §8). `bulk_create` and
`bulk_update` skip signals, so the history rows are written here too, in batches, each
attributed to the submitter and the origin; the recompute is asked for once."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import Credential, Person, Post
from ..recompute import mark_stale
from .planning import PERSON_FIELDS, POST_FIELDS, Plan

BATCH = 1000


def write(planned: Plan, user, origin: str) -> set[int]:
    """Write the plan (inside the caller's transaction); returns the trusts marked stale."""
    history = {
        "batch_size": BATCH,
        "default_user": user,
        "default_date": timezone.now(),
        "custom_historical_attrs": {"history_origin": origin},
    }
    bulk_create_with_history(planned.new_people, Person, **history)
    bulk_update_with_history(planned.changed_people, Person, PERSON_FIELDS, **history)
    new_posts = []
    for post, key in planned.new_posts:
        post.person = planned.people[key] if key is not None else None
        new_posts.append(post)
    bulk_create_with_history(new_posts, Post, **history)
    bulk_update_with_history(planned.changed_posts, Post, POST_FIELDS, **history)
    delete_with_history(planned.gone_posts, Post, history)
    credentials = [
        Credential(person=planned.people[key], kind=kind, awarded_on=awarded_on)
        for key, kind, awarded_on in planned.new_credentials
    ]
    bulk_create_with_history(credentials, Credential, **history)
    affected = trusts_affected(planned, new_posts, credentials)
    mark_stale(affected)
    return affected


def delete_with_history(objects: Sequence[Model], model: Any, history: dict) -> None:
    """Delete in batches, keeping each deleted record's last values in its history."""
    history_model = model.history.model
    rows = [
        history_model(
            history_date=history["default_date"],
            history_user=history["default_user"],
            history_type="-",
            **history["custom_historical_attrs"],
            **{field.attname: getattr(instance, field.attname) for field in history_model.tracked_fields},
        )
        for instance in objects
    ]
    history_model.objects.bulk_create(rows, batch_size=BATCH)
    ids = [instance.pk for instance in objects]
    for start in range(0, len(ids), BATCH):
        # A plain DELETE: the signals a queryset's delete() sends per row are what this
        # module does in bulk (history above, one recompute mark below).
        model.objects.filter(pk__in=ids[start : start + BATCH])._raw_delete(model.objects.db)


def trusts_affected(planned: Plan, new_posts: list[Post], credentials: list[Credential]) -> set[int]:
    """Trusts whose posts changed, and every trust where a changed person holds a post: 1 query
    when people changed."""
    trust_ids = {post.trust_id for post in [*new_posts, *planned.changed_posts, *planned.gone_posts]}
    people = {person.pk for person in planned.changed_people} | {
        credential.person_id for credential in credentials
    }
    if people:
        trust_ids |= set(
            Post.objects.filter(person_id__in=people).values_list("trust_id", flat=True).distinct()
        )
    return trust_ids
