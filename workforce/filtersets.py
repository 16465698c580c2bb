"""One FilterSet per model, shared by the API and the pages."""

import django_filters
from django.db.models import Q

from trusts.filtersets import YesNoFilter, trust_by_code
from trusts.models import Region, Trust, TrustType

from .models import Cohort, Credential, Enrolment, Person, Policy, Post, WorkforceReturn
from .models.results import Rag
from .querysets import STALE_OR_NEVER_COMPUTED


def people_in_sight(request):
    """The people a filter may name: those the requesting user can see."""
    people = Person.objects.all()
    return people.restrict(request.user) if request is not None else people.none()


def person_in_sight():
    return django_filters.ModelChoiceFilter(queryset=people_in_sight, label="Person (id)")


def cohort_by_id():
    return django_filters.ModelChoiceFilter(queryset=Cohort.objects.all(), label="Academy cohort (id)")


class PersonFilterSet(django_filters.FilterSet):
    """People by profession and employing trust; `search` finds a name or registration number."""

    employing_trust = trust_by_code()
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, label="Name or registration number"
    )

    class Meta:
        model = Person
        fields = ["profession", "employing_trust"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(given_name__icontains=value)
            | Q(family_name__icontains=value)
            | Q(registration_number__iexact=value)
        )


class CredentialFilterSet(django_filters.FilterSet):
    person = person_in_sight()

    class Meta:
        model = Credential
        fields = ["person", "kind"]


class PostFilterSet(django_filters.FilterSet):
    """Posts by trust, role and holder; `active_on` keeps those in force on a date."""

    trust = trust_by_code()
    person = person_in_sight()
    active_on = django_filters.DateFilter(method="filter_active_on", label="Active on (YYYY-MM-DD)")

    class Meta:
        model = Post
        fields = ["trust", "role", "person", "active_on"]

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value)


class CohortFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, label="Name, programme or partner"
    )

    class Meta:
        model = Cohort
        fields = ["search"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(programme__icontains=value) | Q(partner__icontains=value)
        )


class EnrolmentFilterSet(django_filters.FilterSet):
    cohort = cohort_by_id()
    sponsoring_trust = trust_by_code()
    person = person_in_sight()

    class Meta:
        model = Enrolment
        fields = ["cohort", "status", "sponsoring_trust", "person"]


class PolicyFilterSet(django_filters.FilterSet):
    active = YesNoFilter(field_name="is_active", label="The policy in force")

    class Meta:
        model = Policy
        fields = ["active"]


class ComplianceFilterSet(django_filters.FilterSet):
    """Trusts by their stored result. A trust never computed counts as stale."""

    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), label="Region code, e.g. Y56")
    trust_type = django_filters.ChoiceFilter(choices=TrustType.choices)
    epr_supplier = django_filters.CharFilter(max_length=200, label="EPR supplier, exactly")
    rag = django_filters.ChoiceFilter(field_name="compliance__rag", choices=Rag.choices)
    compliant = YesNoFilter(field_name="compliance__compliant", label="All five tests pass")
    stale = YesNoFilter(method="filter_stale", label="Waiting to be recomputed (or never computed)")

    class Meta:
        model = Trust
        fields = ["region", "trust_type", "epr_supplier", "rag", "compliant", "stale"]

    def filter_stale(self, queryset, name, value):
        if value:
            return queryset.filter(STALE_OR_NEVER_COMPUTED)
        return queryset.exclude(STALE_OR_NEVER_COMPUTED)


class WorkforceReturnFilterSet(django_filters.FilterSet):
    """Workforce returns by a trust they covered."""

    trust = trust_by_code(field_name="trusts")

    class Meta:
        model = WorkforceReturn
        fields = ["trust"]
