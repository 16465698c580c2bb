from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as delete_after_confirming
from django.shortcuts import redirect

from trusts.admin import TrustAdmin
from trusts.models import Trust
from wachter_planner.audit_admin import AuditedAdmin

from .models import Cohort, ComplianceHistory, ComplianceResult, Credential, Enrolment, Person, Policy, Post
from .querysets import IN_FORCE_NOT_DELETED
from .recompute import request_recompute
from .returns import admin as returns_admin  # noqa: F401  (registers the returns' admin)


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
    raw_id_fields = ["person", "enrolment"]
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
    """The policy in force is never deleted, one at a time or in bulk: the operator is told why."""

    list_display = ["code", "name", "team_min", "ccio_min_time_fraction", "scale_by_size", "is_active"]
    actions = ["delete_selected"]

    def delete_view(self, request, object_id, extra_context=None):
        policy = self.get_object(request, object_id)
        if policy is not None and policy.is_active:
            self.message_user(request, IN_FORCE_NOT_DELETED, messages.ERROR)
            return redirect("admin:workforce_policy_change", policy.pk)
        return super().delete_view(request, object_id, extra_context)

    @admin.action(permissions=["delete"], description=delete_after_confirming.short_description)  # type: ignore[attr-defined]
    def delete_selected(self, request, queryset):
        if queryset.active().exists():
            self.message_user(request, IN_FORCE_NOT_DELETED, messages.ERROR)
            return None
        return delete_after_confirming(self, request, queryset)


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
    raw_id_fields = ["person", "cohort", "sponsoring_trust"]
    search_fields = ["person__family_name", "sponsoring_trust__ods_code"]


class ReadOnlyResultAdmin(admin.ModelAdmin):
    """Results are written by the recompute only."""

    list_select_related = ["trust"]
    raw_id_fields = ["trust"]
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


class PostInline(admin.TabularInline):
    model = Post
    fields = [
        "role",
        "person",
        "time_fraction",
        "reports_to",
        "start_date",
        "end_date",
        "budget_authority_gbp",
    ]
    raw_id_fields = ["person"]
    extra = 0


class TrustWithPostsAdmin(TrustAdmin):
    """The trust registry's admin, plus what workforce adds: the trust's posts edited inline,
    and recomputing the selected trusts' results now."""

    inlines = [*TrustAdmin.inlines, PostInline]
    actions = ["recompute_selected"]

    @admin.action(description="Recompute the selected trusts' results")
    def recompute_selected(self, request, queryset):
        active = list(queryset.filter(is_active=True).values_list("id", flat=True))
        if not active:
            self.message_user(request, "None of the selected trusts is active.", messages.WARNING)
            return
        request_recompute(active)
        self.message_user(request, f"Recomputing {len(active)} trust(s); their results update in a moment.")


admin.site.unregister(Trust)
admin.site.register(Trust, TrustWithPostsAdmin)
