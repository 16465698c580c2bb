"""Version 1 of the REST API, mounted at /api/v1/ (SPEC §5)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from funding.api.views import ComplianceSummaryView

from .docs import SelfHostedSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SelfHostedSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/", include("rest_framework.urls")),
    path("", include("trusts.api.urls")),
    # Workforce's figures with funding's default-budget block: wired here, where the apps meet,
    # and ahead of workforce's compliance/<ods_code>/ so "summary" is never taken for a code.
    path("compliance/summary/", ComplianceSummaryView.as_view(), name="compliance-summary"),
    path("", include("workforce.api.urls")),
    path("", include("funding.api.urls")),
]
