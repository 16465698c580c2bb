from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from trusts.api.serializers import TrustCodeField
from trusts.models import Trust, TrustType
from trusts.querysets import UnknownTrusts
from wachter_planner.api.serializers import ModelRulesSerializer

from ..models import Cohort, ComplianceHistory, Credential, Enrolment, Person, Policy, Post, ReportsTo
from ..models.results import Rag
from ..selectors import SHOWN_FIELDS


class CredentialInlineSerializer(ModelRulesSerializer):
    class Meta:
        model = Credential
        fields = ["id", "kind", "awarded_on"]
        read_only_fields = fields


class PersonSerializer(ModelRulesSerializer):
    employing_trust = TrustCodeField()
    is_clinician = serializers.BooleanField(
        read_only=True, help_text="A registered clinician: any profession but non_clinical."
    )
    credentials = CredentialInlineSerializer(
        many=True, read_only=True, help_text="The person's informatics credentials, oldest first."
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "given_name",
            "family_name",
            "profession",
            "registration_body",
            "registration_number",
            "employing_trust",
            "is_clinician",
            "credentials",
        ]


class CredentialSerializer(ModelRulesSerializer):
    class Meta:
        model = Credential
        fields = ["id", "person", "kind", "awarded_on"]


class PostSerializer(ModelRulesSerializer):
    trust = TrustCodeField()

    class Meta:
        model = Post
        fields = [
            "id",
            "trust",
            "person",
            "role",
            "time_fraction",
            "reports_to",
            "start_date",
            "end_date",
            "budget_authority_gbp",
        ]


class CohortSerializer(ModelRulesSerializer):
    class Meta:
        model = Cohort
        fields = [
            "id",
            "name",
            "programme",
            "partner",
            "start_date",
            "graduation_date",
            "places",
            "cost_per_place_gbp",
        ]


class EnrolmentSerializer(ModelRulesSerializer):
    sponsoring_trust = TrustCodeField()

    class Meta:
        model = Enrolment
        fields = ["id", "cohort", "person", "sponsoring_trust", "status"]


class PolicySerializer(ModelRulesSerializer):
    ccio_reports_to = serializers.ListField(child=serializers.ChoiceField(choices=ReportsTo.choices))

    class Meta:
        model = Policy
        fields = [
            "id",
            "code",
            "name",
            "team_min",
            "ccio_min_time_fraction",
            "ccio_reports_to",
            "scale_by_size",
            "reference_staff_fte",
            "cost_per_informatician_gbp",
            "is_active",
        ]
        # One policy in force is the model's rule: activating one retires the other as it saves.
        extra_kwargs: dict[str, dict] = {"is_active": {"validators": []}}


AS_STORED = (
    serializers.CharField,
    serializers.ChoiceField,
    serializers.IntegerField,
    serializers.BooleanField,
)


class ResultSerializer(ModelRulesSerializer):
    """A stored gap-to-target result: the Wachter review's tests and what would close the gap."""

    # Fed plain rows from `workforce.selectors`, never model instances.
    rag = serializers.ChoiceField(choices=Rag.choices, allow_null=True)
    actions = serializers.ListField(child=serializers.CharField(), allow_null=True)

    class Meta:
        model = ComplianceHistory
        fields = SHOWN_FIELDS
        read_only_fields = fields

    def to_representation(self, row):
        """The rows are dicts with a key per field: each field turns its own value, without the
        attribute lookups DRF makes for each field of a model instance (a national list is
        10,000 rows of 22 fields)."""
        return {
            name: value if (value := row[name]) is None or represent is None else represent(value)
            for name, represent in self._representers
        }

    @cached_property
    def _representers(self) -> list[tuple[str | None, Callable[[Any], Any] | None]]:
        """Each field's name and how it turns a value, or None where the database's value is
        already its representation (text, a choice, a count, a flag)."""
        return [(field.field_name, _representer(field)) for field in self._readable_fields]


def _representer(field: serializers.Field) -> Callable[[Any], Any] | None:
    if isinstance(field, AS_STORED):
        return None
    if isinstance(field, serializers.DateTimeField):
        # The current time zone, looked up once for the list rather than once a row.
        field.timezone = timezone.get_current_timezone()
    return field.to_representation


class ComplianceSerializer(ResultSerializer):
    """An active trust's current result. A trust never computed shows nulls and `stale: true`."""

    ods_code = serializers.CharField(help_text="The trust's ODS code.")
    trust_name = serializers.CharField(help_text="The trust's name.")
    region = serializers.CharField(help_text="The trust's NHS England region code.")
    trust_type = serializers.ChoiceField(choices=TrustType.choices, help_text="The kind of trust.")
    stale = serializers.BooleanField(
        help_text="True while a change waits to be recomputed, and for a trust never computed (its figures null)."
    )

    class Meta(ResultSerializer.Meta):
        fields = ["ods_code", "trust_name", "region", "trust_type", *SHOWN_FIELDS, "stale"]
        read_only_fields = fields


class ComplianceDetailSerializer(ComplianceSerializer):
    """An active trust's current result and the earlier results that differed."""

    history = ResultSerializer(
        many=True,
        required=False,
        help_text="Every earlier result that differed, newest first; absent from a computed answer "
        "(with as_of or policy).",
    )

    class Meta(ComplianceSerializer.Meta):
        fields = [*ComplianceSerializer.Meta.fields, "history"]
        read_only_fields = fields


class RecomputeRequestSerializer(serializers.Serializer):
    trusts = serializers.ListField(
        child=serializers.CharField(max_length=5),
        required=False,
        allow_empty=False,
        help_text="ODS codes of the active trusts to recompute; leave out to recompute every active trust.",
    )

    def validate_trusts(self, codes):
        """The ids of the trusts named, all active and known, or a 400 naming those that are not."""
        try:
            found = Trust.objects.by_ods_codes(codes, active=True)
        except UnknownTrusts as unknown:
            raise serializers.ValidationError(unknown.message) from unknown
        return sorted(trust.pk for trust in found.values())


class RecomputeAcceptedSerializer(serializers.Serializer):
    task_id = serializers.CharField(
        help_text="The id of the task that recomputes; results show stale until it ends."
    )
