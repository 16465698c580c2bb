"""The trust list page's filters: the API's compliance filters and its trust name search, with
the NHS.UK design system's form classes."""

from django import forms

from trusts.filtersets import TrustFilterSet

from .filtersets import ComplianceFilterSet

ANY = "Any"


class TrustPageFilterSet(ComplianceFilterSet):
    """Active trusts by region, type and stored RAG rating, and by name or ODS code."""

    search = TrustFilterSet.declared_filters["search"]
    filter_search = TrustFilterSet.filter_search

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            style_field(field)


def style_field(field):
    """NHS.UK classes on a filter's widget, and "Any" for the empty choice of a select."""
    if isinstance(field.widget, forms.Select):
        field.widget.attrs["class"] = "nhsuk-select nhsuk-u-width-full"
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = ANY
        elif isinstance(field, forms.ChoiceField):
            field.choices = [("", ANY), *[choice for choice in field.choices if choice[0] != ""]]
    else:
        field.widget.attrs["class"] = "nhsuk-input nhsuk-u-width-full"
