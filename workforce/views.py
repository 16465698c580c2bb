"""The trust list, a trust board's page and report, and the Academy page (SPEC §6)."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from trusts.models import Trust

from . import selectors, timeline, trajectory
from .models import Policy
from .page_filters import TrustPageFilterSet
from .reports_pdf import BoardPaper, board_report


class TrustListView(LoginRequiredMixin, FilterView):
    """Active trusts with their stored RAG rating and team, filtered and paginated."""

    queryset = Trust.objects.active().select_related("region", "compliance")
    filterset_class = TrustPageFilterSet
    paginate_by = 50
    template_name = "workforce/trust_list.html"
    extra_context = {"nav_section": "trusts"}


class TrustResultView(LoginRequiredMixin, DetailView):
    """A trust looked up by ODS code, with its stored result and the checklist's evidence."""

    queryset = Trust.objects.select_related("region", "compliance")
    slug_field = slug_url_kwarg = "ods_code"
    extra_context = {"nav_section": "trusts"}

    def board(self) -> dict[str, Any]:
        """What a board reads: the result, the tests with their evidence, the trajectory, peers."""
        trust = self.object
        result = selectors.stored_result(trust)
        evidence = selectors.board_evidence(trust, result.as_of or timezone.localdate())
        peers = timeline.peers(
            {"ods_code": trust.ods_code, "trust_type": trust.trust_type, "region": trust.region_id}
        )
        return {
            "trust": trust,
            "result": result,
            "evidence": evidence,
            "checks": selectors.checklist(result, evidence, Policy.objects.active().get()),
            "trajectory": trajectory.trust_trajectory(trust, timezone.localdate()),
            "peers": peers,
            "peers_chart": trajectory.peers_chart(peers, result.team_count),
            "history": trajectory.changed_history(evidence.history),
        }


class TrustDetailView(TrustResultView):
    """A trust board's page: the five tests with evidence, the team, actions, pipeline, trend.
    The page's body is kept until the next change of the data (every change to what it shows
    marks the trust) or of the day, for those who see names and for those who do not."""

    template_name = "workforce/trust_detail.html"
    body_template = "workforce/includes/trust_body.html"

    def get_context_data(self, **kwargs):
        trust, today = self.object, timezone.localdate()
        sees_people = selectors.sees_people_of(self.request.user, trust)
        body = timeline.cached(
            "trust-page",
            lambda: render_to_string(
                self.body_template, {**self.board(), "sees_people": sees_people}, self.request
            ),
            trust.pk,
            sees_people,
            today,
        )
        return super().get_context_data(body=body, **kwargs)


class TrustReportView(TrustResultView):
    """The one-page board report, as a PDF to print."""

    def render_to_response(self, context, **response_kwargs):
        board = self.board()
        paper = BoardPaper(Policy.objects.active().get(), board["trajectory"].rows, board["peers"])
        pdf = board_report(self.object, board["result"], board["checks"], timezone.localdate(), paper)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{self.object.ods_code}-board-report.pdf"'
        return response


class AcademyView(LoginRequiredMixin, ListView):
    """NHS Digital Academy cohorts: places taken and free, enrolments by status."""

    queryset = selectors.cohorts_with_places()
    template_name = "workforce/academy.html"
    context_object_name = "cohorts"
    extra_context = {"nav_section": "academy"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.academy_totals(context["cohorts"])
        return context


class StandingView(LoginRequiredMixin, TemplateView):
    """What the CCIO Network survey asks, answered from the records: CCIO time, reporting lines,
    budget authority and credentials, nationally, by region and by exemplar role."""

    template_name = "workforce/standing.html"
    extra_context = {"nav_section": "standing"}

    def get_context_data(self, **kwargs):
        answer = timeline.standing(Trust.objects.all(), timezone.localdate())
        return super().get_context_data(standing=answer, charts=trajectory.standing_charts(answer), **kwargs)
