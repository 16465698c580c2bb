"""The editors' upload page for a trust and the national list of returns (SPEC §8)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import FormView
from django_filters.views import FilterView

from trusts.access import Access
from trusts.models import Trust

from ..querysets import TRUST_EDITORS
from .forms import ReturnUploadForm
from .page_filters import ReturnsPageFilterSet
from .parsing import ReturnRefused
from .selectors import days_since, returns_by_id, trusts_by_last_return
from .service import ReturnForbidden, do_import_return


def may_return(user, trust: Trust) -> bool:
    """Administrators, and the trust's own editors, load its workforce."""
    access = Access.of(user)
    return access.is_admin or (
        access.may_write(TRUST_EDITORS) and (access.trust_ids is None or trust.pk in access.trust_ids)
    )


class WorkforceUploadView(LoginRequiredMixin, FormView):
    """A trust's editors load its workforce from a spreadsheet: every error by row and column,
    or the counts of a dry run, before the real import."""

    form_class = ReturnUploadForm
    template_name = "workforce/workforce_upload.html"
    extra_context = {"nav_section": "trusts"}

    def dispatch(self, request, *args, **kwargs):
        self.trust = get_object_or_404(Trust, ods_code=kwargs["ods_code"])
        if request.user.is_authenticated and not may_return(request.user, self.trust):
            raise PermissionDenied("Only the trust's editors and administrators load its workforce.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(trust=self.trust, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        context = {"form": ReturnUploadForm(), "dry_run": dry_run}
        try:
            context["outcome"] = do_import_return(
                upload.read(), upload.name, self.request.user, dry_run=dry_run
            )
        except ReturnRefused as refused:
            context["errors"] = refused.errors
        except ReturnForbidden as forbidden:
            context["forbidden"] = str(forbidden)
        status = 400 if "errors" in context or "forbidden" in context else 200
        return self.render_to_response(self.get_context_data(**context), status=status)


class ReturnsView(LoginRequiredMixin, FilterView):
    """When each active trust last returned its workforce, the oldest first, so stale data shows."""

    filterset_class = ReturnsPageFilterSet
    paginate_by = 100
    template_name = "workforce/returns.html"
    extra_context = {"nav_section": "returns"}

    def get_queryset(self):
        return trusts_by_last_return(Trust.objects.active())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trusts = list(context["object_list"])
        returns = returns_by_id([trust.last_return_id for trust in trusts])
        reach = Access.of(self.request.user).trust_ids
        today = timezone.localdate()
        context["rows"] = [
            {
                "trust": trust,
                "record": returns.get(trust.last_return_id),
                "days": days_since(trust.last_returned_at, today),
                "sees_people": reach is None or trust.pk in reach,
            }
            for trust in trusts
        ]
        return context
