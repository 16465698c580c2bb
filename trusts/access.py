"""Who may read and write what (SPEC §1): the roles, and a user's reach over trusts.

Administrators are superusers; every other role is a Django group of the same name. A user's
trusts are the ones an administrator linked them to (`TrustMembership`).
"""

from dataclasses import dataclass

from django.db import models


class Role(models.TextChoices):
    NHSE_ANALYST = "nhse_analyst", "NHS England analyst"
    FUNDING_MANAGER = "funding_manager", "Funding manager"
    TRUST_EDITOR = "trust_editor", "Trust editor"
    BOARD_MEMBER = "board_member", "Board member"


# Roles that read every trust's records; the others read only their own trusts' people.
NATIONAL_ROLES = frozenset({Role.NHSE_ANALYST, Role.FUNDING_MANAGER})
# Roles that need trusts named to see anyone at all.
TRUST_ROLES = frozenset({Role.TRUST_EDITOR, Role.BOARD_MEMBER})

CACHE_ATTRIBUTE = "_wachter_access"


@dataclass(frozen=True)
class Access:
    """What one signed-in user may reach: `trust_ids` is None when every trust is in reach."""

    is_admin: bool
    roles: frozenset[str]
    trust_ids: frozenset[int] | None

    @classmethod
    def of(cls, user):
        """The user's access, read once per user object (so once per request)."""
        cached = getattr(user, CACHE_ATTRIBUTE, None)
        if cached is None:
            cached = cls._read(user)
            setattr(user, CACHE_ATTRIBUTE, cached)
        return cached

    @classmethod
    def _read(cls, user):
        if user.is_superuser:
            return cls(is_admin=True, roles=frozenset(), trust_ids=None)
        roles = frozenset(user.groups.values_list("name", flat=True))
        if roles & NATIONAL_ROLES:
            return cls(is_admin=False, roles=roles, trust_ids=None)
        trust_ids = frozenset(user.trust_memberships.values_list("trust_id", flat=True))
        return cls(is_admin=False, roles=roles, trust_ids=trust_ids)

    def reaches(self, trust_id):
        """Whether the trust's people are in reach: the scope `restrict(user)` applies."""
        return self.trust_ids is None or trust_id in self.trust_ids

    def may_write(self, writer_roles):
        """Administrators write everything; anyone else needs one of `writer_roles`."""
        return self.is_admin or bool(self.roles & writer_roles)
