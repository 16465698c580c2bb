from django.urls import path
from rest_framework.routers import SimpleRouter

from .planner import PlannerView
from .views import AllocationViewSet, BudgetViewSet, ComplianceSummaryView

router = SimpleRouter()
router.register("budgets", BudgetViewSet)
router.register("allocations", AllocationViewSet)

urlpatterns = [
    path("compliance/summary/", ComplianceSummaryView.as_view(), name="compliance-summary"),
    path("planner/", PlannerView.as_view(), name="planner"),
    *router.urls,
]
