from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q

from trusts.access import Role
from trusts.querysets import ScopedQuerySet

# SPEC §1: trust editors write their own trusts' people, posts and credentials; the programme
# office writes the Academy; the policy is the administrators' alone.
TRUST_EDITORS = frozenset({Role.TRUST_EDITOR})
PROGRAMME_OFFICE = frozenset({Role.FUNDING_MANAGER})
IN_FORCE_NOT_DELETED = "The policy in force cannot be deleted; make another policy active first."


def people_of_trusts(trust_ids):
    """The people of these trusts: employed by one, or holding any post at one (SPEC §1)."""
    Person = apps.get_model("workforce", "Person")
    return Person.objects.of_trusts(trust_ids)


class PersonQuerySet(ScopedQuerySet):
    writer_roles = TRUST_EDITORS
    scoped_by_trust = True
    owner_fields = ("employing_trust",)

    def of_trusts(self, trust_ids):
        Post = apps.get_model("workforce", "Post")
        posts_there = Post.objects.filter(person=OuterRef("pk"), trust_id__in=trust_ids)
        return self.filter(Q(employing_trust_id__in=trust_ids) | Exists(posts_there))


class CredentialQuerySet(ScopedQuerySet):
    writer_roles = TRUST_EDITORS
    scoped_by_trust = True
    owner_fields = ("person",)

    def of_trusts(self, trust_ids):
        return self.filter(person__in=people_of_trusts(trust_ids))


class PostQuerySet(ScopedQuerySet):
    writer_roles = TRUST_EDITORS
    scoped_by_trust = True
    owner_fields = ("trust",)

    def of_trusts(self, trust_ids):
        return self.filter(trust_id__in=trust_ids)

    def not_ended_by(self, day):
        """Posts with no end date or ending on or after `day`."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day))

    def active_on(self, day):
        """Posts that have started by `day` and not ended before it (ending on it counts): the
        SQL form of `rules.PostFacts.is_active_on`, which the rules use."""
        return self.not_ended_by(day).filter(start_date__lte=day)


class CohortQuerySet(ScopedQuerySet):
    writer_roles = PROGRAMME_OFFICE


class EnrolmentQuerySet(ScopedQuerySet):
    writer_roles = PROGRAMME_OFFICE
    scoped_by_trust = True
    owner_fields = ("sponsoring_trust",)

    def of_trusts(self, trust_ids):
        return self.filter(Q(sponsoring_trust_id__in=trust_ids) | Q(person__in=people_of_trusts(trust_ids)))

    def live(self):
        return self.exclude(status="withdrawn")


class PolicyQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def delete(self):
        # A bulk delete skips `Policy.delete`; it keeps the same guard.
        if self.active().exists():
            raise ValidationError({"is_active": IN_FORCE_NOT_DELETED})
        return super().delete()


# A trust whose result waits to be recomputed, or that has never been computed (no row yet).
STALE_OR_NEVER_COMPUTED = Q(compliance__stale=True) | Q(compliance__isnull=True)


class WorkforceReturnQuerySet(ScopedQuerySet):
    """Returns are read by those who may read the people of one of their trusts (SPEC §8)."""

    writer_roles = TRUST_EDITORS
    scoped_by_trust = True

    def of_trusts(self, trust_ids):
        WorkforceReturn = apps.get_model("workforce", "WorkforceReturn")
        through = WorkforceReturn.trusts.through.objects.filter(
            workforcereturn_id=OuterRef("pk"), trust_id__in=trust_ids
        )
        return self.filter(Exists(through))
