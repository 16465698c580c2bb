import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from .models import Region, Trust


class YesNoField(forms.NullBooleanField):
    widget = forms.TextInput
    WORDS = {"true": True, "false": False, "": None, None: None}

    def to_python(self, value):
        if value not in self.WORDS:
            raise ValidationError("Use true or false.", code="invalid")
        return self.WORDS[value]


class YesNoFilter(django_filters.BooleanFilter):
    """A true/false filter that refuses anything else: `?is_active=maybe` is a 400, not ignored."""

    field_class = YesNoField


def trust_by_code(**kwargs):
    """A filter naming a trust by its ODS code; an unknown code is a 400."""
    return django_filters.ModelChoiceFilter(
        queryset=Trust.objects.all(), to_field_name="ods_code", label="Trust (ODS code)", **kwargs
    )


class TrustFilterSet(django_filters.FilterSet):
    """Trusts by region, type, exemplar status, EPR supplier and whether open; `search` finds a name or code."""

    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), label="Region code, e.g. Y56")
    is_active = YesNoFilter(label="Open today")
    epr_supplier = django_filters.CharFilter(max_length=200, label="EPR supplier, exactly")
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, label="Name or ODS code contains"
    )

    class Meta:
        model = Trust
        fields = ["region", "trust_type", "digital_exemplar", "epr_supplier", "is_active"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(ods_code__iexact=value))
