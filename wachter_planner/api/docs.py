from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView


@method_decorator(csp_update({"style-src": ["'unsafe-inline'"]}), name="dispatch")
class SelfHostedSwaggerView(SpectacularSwaggerSplitView):
    """Interactive API docs with every asset served by the app (drf-spectacular-sidecar) and
    the start-up script as a file of its own, so the page keeps to the site's CSP: scripts
    only from the site. Swagger UI styles some elements inline, which this page alone allows."""
