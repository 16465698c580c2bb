from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("wachter_planner.api.urls")),
    path("", include("funding.urls")),
    path("", include("workforce.urls")),
]

handler403 = "wachter_planner.errors.permission_denied"
handler404 = "wachter_planner.errors.page_not_found"
handler500 = "wachter_planner.errors.server_error"
