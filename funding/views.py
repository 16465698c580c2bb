"""The national dashboard, the funding page and the planner (SPEC §6). The dashboard lives here
because it is the one page that reads both the compliance results and the money."""

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from trusts.access import Access, Role
from trusts.models import Trust
from workforce import trajectory
from workforce.models import Policy

from . import selectors
from .forms import PlanForm, SavePlanForm
from .models import Budget
from .querysets import AllocationQuerySet


class DefaultBudgetMixin(LoginRequiredMixin):
    """Adds the default budget (None if there is none) and its burn-down by financial year."""

    def get_context_data(self, **kwargs):
        budget = Budget.objects.default()
        burn_down = selectors.burn_down(budget) if budget else []
        return super().get_context_data(budget=budget, burn_down=burn_down, **kwargs)


class DashboardView(DefaultBudgetMixin, TemplateView):
    """Headline figures, RAG by region, the trend over time and the budget burn-down."""

    template_name = "funding/dashboard.html"
    extra_context = {"nav_section": "dashboard"}

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        national = selectors.national_summary(Trust.objects.active())
        context = super().get_context_data(
            national=national,
            trend=trajectory.national_trend(today),
            region_chart=trajectory.region_rag(national["by_region"]),
            **kwargs,
        )
        if context["budget"]:
            context["burn_down_chart"] = trajectory.budget_burn_down(
                context["burn_down"], context["budget"].total_gbp
            )
        if self.may_try_policies:
            context["drafts"] = list(Policy.objects.filter(is_active=False))
            chosen = next((p for p in context["drafts"] if p.code == self.request.GET.get("policy")), None)
            context["what_if"] = chosen and trajectory.what_if(chosen, today, national)
        return context

    @cached_property
    def may_try_policies(self):
        """Administrators and analysts may see the figures under a draft policy."""
        access = Access.of(self.request.user)
        return access.is_admin or Role.NHSE_ANALYST in access.roles


class BudgetView(DefaultBudgetMixin, TemplateView):
    """The default budget: allocated by status, by financial year and by category."""

    template_name = "funding/budget.html"
    extra_context = {"nav_section": "funding"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        budget = context["budget"]
        if budget is not None:
            context["years"] = [row.financial_year for row in context["burn_down"]]
            context["totals"] = selectors.budget_totals(budget)
            context["by_category"] = selectors.by_category_and_year(budget, context["years"])
        return context


class PlannerView(LoginRequiredMixin, TemplateView):
    """What would £X buy? The plan of Academy places for an amount (GET) and, for those who may
    write allocations, the same plan made afresh and saved from the default budget (POST)."""

    template_name = "funding/planner.html"
    extra_context = {"nav_section": "planner"}

    def get(self, request, *args, **kwargs):
        form = PlanForm(request.GET, budget=self.budget)
        return self.render_to_response(
            self.get_context_data(form=form, save_form=SavePlanForm(budget=self.budget))
        )

    def post(self, request, *args, **kwargs):
        if not self.may_save:
            raise PermissionDenied
        form = SavePlanForm(request.POST, budget=self.budget)
        if form.is_valid() and form.save(request.user):
            messages.success(request, form.success_message)
            return redirect("funding:budget")
        return self.render_to_response(self.get_context_data(form=form, save_form=form))

    @cached_property
    def budget(self):
        return Budget.objects.default()

    @cached_property
    def may_save(self):
        return Access.of(self.request.user).may_write(AllocationQuerySet.writer_roles)

    def get_context_data(self, **kwargs):
        return super().get_context_data(budget=self.budget, may_save=self.may_save, **kwargs)
