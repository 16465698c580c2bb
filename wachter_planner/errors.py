"""The 403, 404 and 500 pages (SPEC §10: they render even when something else is broken).

They read no database, cache, session or signed-in user, and link their styles through a lookup
that cannot raise: a missing or stale static files manifest costs the page its hashed URLs, not
the page itself."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.templatetags.static import static

ASSETS = {
    "favicon_ico": "vendor/nhsuk/assets/images/favicon.ico",
    "favicon_svg": "vendor/nhsuk/assets/images/favicon.svg",
    "nhsuk_css": "vendor/nhsuk/nhsuk-frontend.min.css",
    "app_css": "css/app.css",
}


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return error_page("errors/404.html", status=404)


def permission_denied(request, exception=None):
    return error_page("errors/403.html", status=403)


def server_error(request):
    return error_page("errors/500.html", status=500)


def error_page(template_name: str, status: int) -> HttpResponse:
    assets = {name: asset_url(path) for name, path in ASSETS.items()}
    return HttpResponse(loader.render_to_string(template_name, {"assets": assets}), status=status)


def asset_url(path: str) -> str:
    try:
        return static(path)
    except ValueError:  # the manifest lacks the file: link it unhashed
        return f"{settings.STATIC_URL}{path}"
