from django.urls import path

from . import views
from .returns import views as returns

app_name = "workforce"
urlpatterns = [
    path("trusts/", views.TrustListView.as_view(), name="trust_list"),
    path("trusts/<str:ods_code>/", views.TrustDetailView.as_view(), name="trust_detail"),
    path("trusts/<str:ods_code>/report.pdf", views.TrustReportView.as_view(), name="trust_report"),
    path("trusts/<str:ods_code>/workforce/", returns.WorkforceUploadView.as_view(), name="workforce_upload"),
    path("returns/", returns.ReturnsView.as_view(), name="returns"),
    path("academy/", views.AcademyView.as_view(), name="academy"),
    path("standing/", views.StandingView.as_view(), name="standing"),
]
