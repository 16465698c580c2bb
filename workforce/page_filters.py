"""The filters of the trust list page: region, trust type, RAG rating and a name search."""

import django_filters
from django import forms

from trusts.models import Region, Trust, TrustType

from .models.results import Rag


def nhsuk_select():
    return forms.Select(attrs={"class": "nhsuk-select"})


class TrustPageFilterSet(django_filters.FilterSet):
    """Filters active trusts by their registry fields and their stored RAG rating."""

    name = django_filters.CharFilter(
        lookup_expr="icontains",
        label="Trust name contains",
        widget=forms.TextInput(attrs={"class": "nhsuk-input", "type": "search", "autocomplete": "off"}),
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.filter(trusts__is_active=True).distinct(),
        empty_label="All regions",
        widget=nhsuk_select(),
    )
    trust_type = django_filters.ChoiceFilter(
        choices=TrustType.choices, empty_label="All types", label="Trust type", widget=nhsuk_select()
    )
    rag = django_filters.ChoiceFilter(
        field_name="compliance__rag",
        choices=Rag.choices,
        empty_label="Any rating",
        label="RAG rating",
        widget=nhsuk_select(),
    )

    class Meta:
        model = Trust
        fields = ["name", "region", "trust_type", "rag"]
