from django.db import models
from django.db.models import Q


class PostQuerySet(models.QuerySet):
    def active_on(self, day):
        """Posts that have started by `day` and not ended before it (ending on it counts)."""
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))
