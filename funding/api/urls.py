from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import AllocationViewSet, BudgetViewSet, ComplianceSummaryView

router = SimpleRouter()
router.register("budgets", BudgetViewSet)
router.register("allocations", AllocationViewSet)

urlpatterns = [
    path("compliance/summary/", ComplianceSummaryView.as_view(), name="compliance-summary"),
    *router.urls,
]
