from django.db.models import F
from rest_framework.filters import OrderingFilter


class NullsLastOrderingFilter(OrderingFilter):
    """`?ordering=` (SPEC §5), with empty values last either way, so `-team_gap` puts the
    largest gaps first, and the primary key breaking ties so pages never overlap."""

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        return queryset.order_by(*(nulls_last(term) for term in ordering), "pk")


def nulls_last(term):
    if term.startswith("-"):
        return F(term[1:]).desc(nulls_last=True)
    return F(term).asc(nulls_last=True)
