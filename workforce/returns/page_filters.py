import django_filters

from trusts.models import Region, Trust

from ..page_filters import style_field


class ReturnsPageFilterSet(django_filters.FilterSet):
    """The list of returns by region."""

    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), label="Region")

    class Meta:
        model = Trust
        fields = ["region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            style_field(field)
