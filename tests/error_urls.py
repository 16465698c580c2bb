"""The site's URLs, plus one page that fails, for the tests of the 500 page."""

from django.urls import path

from wachter_planner.urls import handler404, handler500, urlpatterns  # noqa: F401


def broken_page(request):
    raise RuntimeError("a fault in a page")


urlpatterns = [path("broken/", broken_page), *urlpatterns]
