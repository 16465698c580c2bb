from rest_framework.permissions import SAFE_METHODS, BasePermission

from trusts.access import Access
from trusts.models import ApiToken

WRITE_ACTION_OF_METHOD = {"PUT": "change", "PATCH": "change", "DELETE": "delete"}
READ_ONLY_REFUSAL = "This API token is read-only."


class RolePermission(BasePermission):
    """SPEC §1, for every endpoint: signed-in users read; writing needs a role allowed to write
    the view's records (`view.writer_roles`; administrators only if it names none) and, for an
    existing record, that record within the user's reach (`restrict(user, "change")`).

    A record out of the user's sight is never found (404, from the restricted queryset); one
    they can see but not change is refused (403).
    """

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if (
            request.method not in SAFE_METHODS
            and isinstance(request.auth, ApiToken)
            and request.auth.read_only
        ):
            self.message = READ_ONLY_REFUSAL
            return False
        if request.method == "POST":
            return Access.of(request.user).may_write(getattr(view, "writer_roles", frozenset()))
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        action = WRITE_ACTION_OF_METHOD[request.method]
        return type(obj).objects.restrict(request.user, action).filter(pk=obj.pk).exists()
