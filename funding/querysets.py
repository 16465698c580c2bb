from trusts.access import Role
from trusts.querysets import ScopedQuerySet

# SPEC §1: the programme office writes budgets and allocations; every signed-in user reads them.
PROGRAMME_OFFICE = frozenset({Role.FUNDING_MANAGER})


class BudgetQuerySet(ScopedQuerySet):
    writer_roles = PROGRAMME_OFFICE

    def default(self):
        """The budget the national summary reports, or None if none is set. 1 query."""
        return self.filter(is_default=True).first()


class AllocationQuerySet(ScopedQuerySet):
    writer_roles = PROGRAMME_OFFICE
