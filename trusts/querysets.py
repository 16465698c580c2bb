from django.db import models


class TrustQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)
