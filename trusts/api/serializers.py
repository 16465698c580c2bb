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
        extra_kwargs = {
            "code": {"help_text": "NHS England region code, e.g. Y56 (London)."},
            "name": {"help_text": "The region's name."},
        }


class TrustSerializer(ModelRulesSerializer):
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), help_text="NHS England region code, e.g. Y56 (London)."
    )

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
        extra_kwargs = {
            "ods_code": {
                "help_text": "ODS organisation code, 3 or 5 capital letters and digits (e.g. RGT): the URL key."
            },
            "name": {"help_text": "The trust's name."},
            "trust_type": {"help_text": "The kind of trust; `other` until a source says more."},
            "staff_fte": {
                "help_text": "Staff in post, full-time equivalent, one decimal place. Sets the team target "
                "when the policy scales by size."
            },
            "digital_exemplar": {"help_text": "The trust's part in the Global Digital Exemplar programme."},
            "epr_supplier": {"help_text": "The supplier of the trust's primary electronic patient record."},
            "opened_on": {"help_text": "When the trust opened, if known."},
            "closed_on": {"help_text": "When the trust closed or will close, if it does."},
            "is_active": {"help_text": "True while the trust has no closing date or closes after today."},
        }
