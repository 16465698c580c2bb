from rest_framework import serializers

from wachter_planner.api.serializers import ModelRulesSerializer

from ..models import Region, Trust


class TrustCodeField(serializers.SlugRelatedField):
    """A trust named by its ODS code, as every API field that points at a trust is."""

    default_error_messages = {
        "does_not_exist": "No trust has the ODS code {value}.",
        "invalid": "An ODS code is 3 or 5 capital letters and digits, e.g. RGT.",
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="ods_code", queryset=Trust.objects.all(), **kwargs)


class RegionSerializer(ModelRulesSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]


class TrustSerializer(ModelRulesSerializer):
    class Meta:
        model = Trust
        fields = [
            "ods_code",
            "name",
            "region",
            "trust_type",
            "staff_fte",
            "digital_exemplar",
            "epr_supplier",
            "opened_on",
            "closed_on",
            "is_active",
        ]
