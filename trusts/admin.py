from django.contrib import admin

from wachter_planner.admin_exports import export_csv, export_xlsx
from wachter_planner.audit_admin import AuditedAdmin

from .models import ApiToken, Region, Trust, TrustMembership

# Every changelist of the site can export its selected rows.
admin.site.add_action(export_csv)
admin.site.add_action(export_xlsx)


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
    list_filter = ["is_active", "region", "trust_type", "digital_exemplar", "epr_supplier"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]
    search_fields = ["ods_code", "name"]
    readonly_fields = ["is_active"]
    inlines: list[type[admin.options.InlineModelAdmin]] = [TrustMembershipInline]


@admin.register(TrustMembership)
class TrustMembershipAdmin(AuditedAdmin):
    list_display = ["user", "trust"]
    list_select_related = ["user", "trust"]
    raw_id_fields = ["user", "trust"]
    search_fields = ["user__username", "trust__ods_code", "trust__name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by `provision_user`, which shows the key once; here an operator sees
    who holds which, when each was last used, and revokes them ("Delete selected")."""

    list_display = ["prefix", "user", "read_only", "created_at", "expires_at", "last_used_at"]
    list_filter = ["read_only"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    search_fields = ["prefix", "user__username"]
    readonly_fields = ["user", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
