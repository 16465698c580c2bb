from django.contrib import admin

from wachter_planner.audit_admin import AuditedAdmin

from .models import Region, Trust, TrustMembership


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class TrustMembershipInline(admin.TabularInline):
    model = TrustMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Trust)
class TrustAdmin(AuditedAdmin):
    list_display = ["ods_code", "name", "region", "trust_type", "digital_exemplar", "staff_fte", "is_active"]
    list_filter = ["is_active", "region", "trust_type", "digital_exemplar"]
    list_select_related = ["region"]
    search_fields = ["ods_code", "name"]
    readonly_fields = ["is_active"]
    inlines = [TrustMembershipInline]


@admin.register(TrustMembership)
class TrustMembershipAdmin(AuditedAdmin):
    list_display = ["user", "trust"]
    list_select_related = ["user", "trust"]
    raw_id_fields = ["user", "trust"]
    search_fields = ["user__username", "trust__ods_code", "trust__name"]
