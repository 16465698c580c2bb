from django.contrib import admin

from wachter_planner.audit_admin import AuditedAdmin

from .models import Cohort, ComplianceHistory, ComplianceResult, Credential, Enrolment, Person, Policy, Post


class CredentialInline(admin.TabularInline):
    model = Credential
    extra = 0
    readonly_fields = ["enrolment"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = [
        "family_name",
        "given_name",
        "profession",
        "registration_body",
        "registration_number",
        "employing_trust",
    ]
    list_filter = ["profession", "registration_body"]
    list_select_related = ["employing_trust"]
    raw_id_fields = ["employing_trust"]
    search_fields = ["family_name", "given_name", "registration_number", "employing_trust__ods_code"]
    inlines = [CredentialInline]


@admin.register(Credential)
class CredentialAdmin(AuditedAdmin):
    list_display = ["person", "kind", "awarded_on"]
    list_filter = ["kind"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
    search_fields = ["person__family_name", "person__registration_number"]
    date_hierarchy = "awarded_on"


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ["trust", "role", "person", "time_fraction", "reports_to", "start_date", "end_date"]
    list_filter = ["role", "reports_to", "trust__region"]
    list_select_related = ["trust", "person"]
    raw_id_fields = ["trust", "person"]
    search_fields = ["trust__ods_code", "trust__name", "person__family_name"]


@admin.register(Policy)
class PolicyAdmin(AuditedAdmin):
    list_display = ["code", "name", "team_min", "ccio_min_time_fraction", "scale_by_size", "is_active"]


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    raw_id_fields = ["person", "sponsoring_trust"]
    extra = 0


@admin.register(Cohort)
class CohortAdmin(AuditedAdmin):
    list_display = ["name", "partner", "start_date", "graduation_date", "places", "cost_per_place_gbp"]
    search_fields = ["name", "programme", "partner"]
    inlines = [EnrolmentInline]


@admin.register(Enrolment)
class EnrolmentAdmin(AuditedAdmin):
    list_display = ["person", "cohort", "sponsoring_trust", "status"]
    list_filter = ["status", "cohort"]
    list_select_related = ["person", "cohort", "sponsoring_trust"]
    raw_id_fields = ["person", "sponsoring_trust"]
    search_fields = ["person__family_name", "sponsoring_trust__ods_code"]


class ReadOnlyResultAdmin(admin.ModelAdmin):
    """Results are written by the recompute only."""

    list_select_related = ["trust"]
    search_fields = ["trust__ods_code", "trust__name"]
    list_filter = ["rag", "compliant"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ComplianceResult)
class ComplianceResultAdmin(ReadOnlyResultAdmin):
    list_display = [
        "trust",
        "rag",
        "compliant",
        "team_count",
        "team_target",
        "team_gap",
        "stale",
        "computed_at",
    ]
    list_filter = ["rag", "compliant", "stale"]


@admin.register(ComplianceHistory)
class ComplianceHistoryAdmin(ReadOnlyResultAdmin):
    list_display = ["trust", "computed_at", "rag", "compliant", "team_count", "team_gap"]
