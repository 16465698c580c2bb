from rest_framework import serializers

from trusts.api.serializers import TrustCodeField
from trusts.models import Trust, TrustType
from trusts.querysets import UnknownTrusts
from wachter_planner.api.serializers import ModelRulesSerializer

from ..models import Cohort, ComplianceHistory, Credential, Enrolment, Person, Policy, Post, ReportsTo
from ..models.results import Rag
from ..selectors import SHOWN_FIELDS

PERSON_ID = "The person's id."
COHORT_ID = "The Academy cohort's id."


class CredentialInlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Credential
        fields = ["id", "kind", "awarded_on"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The credential's id."},
            "kind": {"help_text": "The informatics credential held."},
            "awarded_on": {"help_text": "When it was awarded."},
        }


class PersonSerializer(ModelRulesSerializer):
    employing_trust = TrustCodeField(help_text="ODS code of the trust that employs the person.")
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
        extra_kwargs = {
            "id": {"help_text": PERSON_ID},
            "given_name": {"help_text": "Given name."},
            "family_name": {"help_text": "Family name."},
            "profession": {"help_text": "The person's profession; it decides the registration body."},
            "registration_body": {
                "help_text": "The statutory register: GMC for doctors, NMC for nurses and midwives, HCPC for allied "
                "health professionals and healthcare scientists, GPhC for pharmacists, GDC for dentists; "
                "empty for non-clinical staff."
            },
            "registration_number": {
                "help_text": "Number on that register: GMC and GPhC 7 digits, NMC like 12A3456E, HCPC a profession "
                "prefix then up to 6 digits (PA12345), GDC up to 6 digits; empty for non-clinical staff. "
                "Unique per register."
            },
        }


class CredentialSerializer(ModelRulesSerializer):
    class Meta:
        model = Credential
        fields = ["id", "person", "kind", "awarded_on"]
        extra_kwargs = {
            "id": {"help_text": "The credential's id."},
            "person": {"help_text": "Id of the person who holds it."},
            "kind": {"help_text": "The informatics credential held."},
            "awarded_on": {
                "help_text": "When it was awarded; from that day the holder counts as informatics-trained."
            },
        }


class PostSerializer(ModelRulesSerializer):
    trust = TrustCodeField(help_text="ODS code of the trust the post is at.")

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
        extra_kwargs = {
            "id": {"help_text": "The post's id."},
            "person": {"help_text": "Id of the person holding the post; null while it is vacant."},
            "role": {"help_text": "The role; all but cio and other are clinical-informatics roles."},
            "time_fraction": {
                "help_text": "Share of the holder's working time on the role, more than 0 and at most 1 "
                "(10 programmed activities = 1.000)."
            },
            "reports_to": {"help_text": "Whom the post reports to."},
            "start_date": {"help_text": "The first day of the post."},
            "end_date": {"help_text": "The last day of the post, if it ends; not before the start date."},
            "budget_authority_gbp": {"help_text": "Budget the post holder controls, in pounds, if any."},
        }


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
        extra_kwargs = {
            "id": {"help_text": COHORT_ID},
            "name": {"help_text": "The cohort's name."},
            "programme": {"help_text": "The programme it follows."},
            "partner": {"help_text": "The university or partner that teaches it."},
            "start_date": {"help_text": "When teaching starts."},
            "graduation_date": {"help_text": "When its students graduate; after the start date."},
            "places": {
                "help_text": "Funded places; offered, enrolled and graduated students never exceed them."
            },
            "cost_per_place_gbp": {"help_text": "Cost of one place, in pounds."},
        }


class EnrolmentSerializer(ModelRulesSerializer):
    sponsoring_trust = TrustCodeField(help_text="ODS code of the trust that sponsors the place.")

    class Meta:
        model = Enrolment
        fields = ["id", "cohort", "person", "sponsoring_trust", "status"]
        extra_kwargs = {
            "id": {"help_text": "The enrolment's id."},
            "cohort": {"help_text": COHORT_ID},
            "person": {"help_text": PERSON_ID + " One live (not withdrawn) enrolment per person per cohort."},
            "status": {
                "help_text": "Where the place stands. Graduating (allowed from the cohort's graduation date) gives "
                "the person an academy_graduate credential."
            },
        }


class PolicySerializer(ModelRulesSerializer):
    ccio_reports_to = serializers.ListField(
        child=serializers.ChoiceField(choices=ReportsTo.choices),
        help_text="The reporting lines that satisfy the CCIO reporting test.",
    )

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
        extra_kwargs = {
            "id": {"help_text": "The policy's id."},
            "code": {"help_text": "A short unique code, e.g. wachter-2016."},
            "name": {"help_text": "The policy's name."},
            "team_min": {"help_text": "The least number of clinician-informaticians a trust needs."},
            "ccio_min_time_fraction": {
                "help_text": "The CCIO's time fraction must be strictly greater than this."
            },
            "scale_by_size": {"help_text": "Scale the team target with the trust's staff FTE."},
            "reference_staff_fte": {"help_text": "The staff FTE of the trust that needs exactly team_min."},
            "cost_per_informatician_gbp": {
                "help_text": "Cost of training one clinician-informatician, in pounds; null means the mean cost "
                "per place of every Academy cohort."
            },
            # One policy in force is the model's rule: activating one retires the other as it saves.
            "is_active": {
                "help_text": "The policy in force; making one active retires the other.",
                "validators": [],
            },
        }


RESULT_DESCRIPTIONS = {
    "as_of": "The date the result is for.",
    "ccio_in_post": "The trust has a CCIO: the holder of its active, filled ccio post with the largest time fraction.",
    "ccio_time_fraction": "The CCIO post's time fraction, or null without a CCIO.",
    "ccio_time_ok": "The CCIO's time fraction is more than the policy's minimum (0.750 fails, 0.800 passes).",
    "ccio_reports_to_board": "The CCIO post reports to the board or the CEO.",
    "ccio_credentialed": "The CCIO is a clinician-informatician: a clinician with informatics training.",
    "team_count": "Clinician-informaticians of the trust: clinicians with training in an active "
    "clinical-informatics post there.",
    "team_target": "How many the policy asks of this trust.",
    "team_gap": "max(0, team_target - team_count).",
    "compliant": "All four CCIO tests pass and the team gap is 0.",
    "rag": "green if compliant, red without a CCIO, amber otherwise.",
    "actions": "What would close the gap, in words a board understands.",
    "pipeline_count": "Clinicians in a clinical-informatics post here, not yet trained, enrolled in a cohort "
    "that graduates later.",
    "projected_team_count": "team_count + pipeline_count.",
    "projected_compliance_date": "When the trust would be compliant if its pipeline graduates on time; "
    "null if never.",
    "cost_to_close_gbp": "Training cost of the gap the pipeline leaves, in pounds.",
    "eligible_for_central_investment": "The trust has a CCIO, or a ccio post active now or starting within "
    "365 days.",
    "computed_at": "When this result was last computed.",
}


class ResultSerializer(serializers.ModelSerializer):
    """A stored gap-to-target result: the Wachter review's tests and what would close the gap."""

    # Fed plain rows from `workforce.summary`, never model instances.
    rag = serializers.ChoiceField(choices=Rag.choices, allow_null=True, help_text=RESULT_DESCRIPTIONS["rag"])
    actions = serializers.ListField(
        child=serializers.CharField(), allow_null=True, help_text=RESULT_DESCRIPTIONS["actions"]
    )

    class Meta:
        model = ComplianceHistory
        fields = SHOWN_FIELDS
        read_only_fields = fields
        extra_kwargs = {name: {"help_text": text} for name, text in RESULT_DESCRIPTIONS.items()}

    def to_representation(self, row):
        """The rows are dicts with a key per field: each field turns its own value, without the
        attribute lookups DRF makes for each field of a model instance (a national list is
        10,000 rows of 22 fields)."""
        return {
            field.field_name: None
            if (value := row[field.field_name]) is None
            else field.to_representation(value)
            for field in self._readable_fields
        }


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

    history = ResultSerializer(many=True, help_text="Every earlier result that differed, newest first.")

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
