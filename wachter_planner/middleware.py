"""A database outage is a clean 503 that says so, never a traceback; the next request after
it comes back is served as usual (each request opens its own connection)."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse

UNAVAILABLE = "The database is unavailable for a moment; try again shortly."
RETRY_AFTER_SECONDS = "5"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": UNAVAILABLE}, status=503)
        else:
            response = HttpResponse(UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
