"""The app's URLs plus the bench's baseline: the same compliance rows as `GET compliance/`,
straight from `.values()` into a `JsonResponse`."""

from django.http import JsonResponse
from django.urls import include, path

from trusts.models import Trust
from workforce.selectors import compliance_rows

PAGE_SIZE = 1000


def plain_compliance(request):
    page = int(request.GET.get("page", 1))
    rows = compliance_rows(Trust.objects.active()).order_by("trust_name")
    return JsonResponse({"results": list(rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])})


urlpatterns = [
    path("bench/plain-compliance/", plain_compliance),
    path("", include("wachter_planner.urls")),
]
