from django.urls import path
from rest_framework.routers import SimpleRouter

from .returns import WorkforceReturnViewSet
from .timeline import ComplianceStandingView, ComplianceTrendView
from .views import (
    CohortViewSet,
    ComplianceRecomputeView,
    ComplianceViewSet,
    CredentialViewSet,
    EnrolmentViewSet,
    PersonViewSet,
    PolicyViewSet,
    PostViewSet,
)

router = SimpleRouter()
router.register("people", PersonViewSet)
router.register("credentials", CredentialViewSet)
router.register("posts", PostViewSet)
router.register("cohorts", CohortViewSet)
router.register("enrolments", EnrolmentViewSet)
router.register("policies", PolicyViewSet)
router.register("compliance", ComplianceViewSet, basename="compliance")
router.register("workforce-returns", WorkforceReturnViewSet, basename="workforce-returns")

urlpatterns = [
    path("compliance/recompute/", ComplianceRecomputeView.as_view(), name="compliance-recompute"),
    path("compliance/trend/", ComplianceTrendView.as_view(), name="compliance-trend"),
    path("compliance/standing/", ComplianceStandingView.as_view(), name="compliance-standing"),
    *router.urls,
]
