"""Every committed change that can move a trust's result marks that trust for recompute."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from trusts.models import Trust

from .models import Cohort, Credential, Enrolment, Person, Policy, Post
from .recompute import mark_stale


def trusts_of_person(person_id):
    return set(Post.objects.filter(person_id=person_id).values_list("trust_id", flat=True))


@receiver(pre_save, sender=Post)
def remember_previous_trust(sender, instance, **kwargs):
    instance.previous_trust_id = (
        Post.objects.filter(pk=instance.pk).values_list("trust_id", flat=True).first()
        if instance.pk
        else None
    )


@receiver([post_save, post_delete], sender=Post)
def post_changed(sender, instance, **kwargs):
    mark_stale({instance.trust_id, getattr(instance, "previous_trust_id", None)})


@receiver([post_save, post_delete], sender=Person)
def person_changed(sender, instance, **kwargs):
    mark_stale(trusts_of_person(instance.pk))


@receiver([post_save, post_delete], sender=Credential)
@receiver([post_save, post_delete], sender=Enrolment)
def person_record_changed(sender, instance, **kwargs):
    mark_stale(trusts_of_person(instance.person_id))


@receiver([post_save, post_delete], sender=Cohort)
def cohort_changed(sender, instance, **kwargs):
    if Policy.objects.filter(is_active=True, cost_per_informatician_gbp__isnull=True).exists():
        # The cost to close every gap is priced from the cohorts' mean cost per place.
        mark_stale(set(Trust.objects.active().values_list("id", flat=True)))
        return
    people = Enrolment.objects.filter(cohort_id=instance.pk).values("person_id")
    mark_stale(set(Post.objects.filter(person_id__in=people).values_list("trust_id", flat=True)))


@receiver(post_save, sender=Trust)
def trust_changed(sender, instance, **kwargs):
    mark_stale({instance.pk})


@receiver([post_save, post_delete], sender=Policy)
def policy_changed(sender, instance, **kwargs):
    mark_stale(set(Trust.objects.active().values_list("id", flat=True)))
