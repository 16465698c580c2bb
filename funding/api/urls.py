from django.urls import path
from rest_framework.routers import SimpleRouter

from .planner import PlannerView
from .views import AllocationViewSet, BudgetViewSet

router = SimpleRouter()
router.register("budgets", BudgetViewSet)
router.register("allocations", AllocationViewSet)

urlpatterns = [
    path("planner/", PlannerView.as_view(), name="planner"),
    *router.urls,
]
