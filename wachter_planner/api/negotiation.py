from rest_framework.negotiation import DefaultContentNegotiation


class FormatWinsNegotiation(DefaultContentNegotiation):
    """`?format=csv` gets CSV even from a client that sends `Accept: application/json`
    (SPEC §5: `?format=` wins over the Accept header). An unknown format is a 404, as in DRF."""

    def select_renderer(self, request, renderers, format_suffix=None):
        asked = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        for renderer in renderers:
            if asked and renderer.format == asked:
                return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)
