"""The trust page's workforce return and recent changes, each in its own include."""

from django import template
from django.utils import timezone

from ..returns.selectors import days_since, last_return, recent_changes
from ..selectors import sees_people_of

register = template.Library()


@register.inclusion_tag("workforce/includes/last_return.html", takes_context=True)
def last_returned(context, trust):
    record = last_return(trust)
    user = context["request"].user
    return {
        "trust": trust,
        "record": record,
        "days": days_since(record.submitted_at, timezone.localdate()) if record else None,
        "sees_people": sees_people_of(user, trust),
    }


@register.inclusion_tag("workforce/includes/recent_changes.html", takes_context=True)
def recent_changes_of(context, trust):
    user = context["request"].user
    sees = sees_people_of(user, trust)
    return {"trust": trust, "sees_people": sees, "changes": recent_changes(trust) if sees else []}
