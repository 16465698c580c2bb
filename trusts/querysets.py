from django.db import models
from django.db.models import Q

from .access import Access

WRITE_ACTIONS = frozenset({"change", "delete"})


class ScopedQuerySet(models.QuerySet):
    """Rows as one user may reach them (SPEC §1), for the API and the pages alike.

    `restrict(user, action)` keeps the rows `user` may view, change or delete. A model's
    queryset declares which roles besides administrators may write it (`writer_roles`) and,
    if its rows belong to trusts, which rows are "of" a set of trusts (`of_trusts`); users
    of trust roles then reach only the rows of their own trusts. `owner_fields` name the fields
    that say which trust a new row is of: the trust itself, or a record of it.
    """

    writer_roles: frozenset[str] = frozenset()
    scoped_by_trust = False
    owner_fields: tuple[str, ...] = ()

    def restrict(self, user, action="view"):
        if not user.is_authenticated:
            return self.none()
        access = Access.of(user)
        if action in WRITE_ACTIONS and not access.may_write(self.writer_roles):
            return self.none()
        if access.trust_ids is None or not self.scoped_by_trust:
            return self
        return self.of_trusts(access.trust_ids)

    def of_trusts(self, trust_ids):
        raise NotImplementedError(f"{type(self).__name__} must say which rows are of a trust")


class RegionQuerySet(ScopedQuerySet):
    """Regions: everyone signed in reads them, administrators write them."""


class UnknownTrusts(LookupError):
    """ODS codes that name no trust (no active trust, if only those were asked for)."""

    def __init__(self, codes, active):
        self.codes = codes
        self.message = f"No {'active ' if active else ''}trust has the ODS code {', '.join(codes)}."
        super().__init__(self.message)


def open_on(day):
    """Trusts open on `day`: no closing date, or closing after it. `is_open_on` is the same
    rule for one trust in Python."""
    return Q(closed_on__isnull=True) | Q(closed_on__gt=day)


def is_open_on(closed_on, day):
    """A trust is open on `day` while it has no closing date or closes after `day`."""
    return closed_on is None or closed_on > day


class TrustQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def by_ods_codes(self, codes, *, active=False):
        """The trusts with these ODS codes, by code (active ones only, if `active`); raises
        UnknownTrusts naming the codes that match none. 1 query."""
        trusts = self.active() if active else self
        found = trusts.in_bulk(set(codes), field_name="ods_code")
        missing = sorted(set(codes) - set(found))
        if missing:
            raise UnknownTrusts(missing, active)
        return found

    def refresh_activity(self, today):
        """Flip `is_active` for trusts whose closing date has come (or was removed)."""
        self.exclude(open_on(today)).filter(is_active=True).update(is_active=False)
        self.filter(open_on(today), is_active=False).update(is_active=True)
