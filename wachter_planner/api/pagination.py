from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """`?page=` and `?page_size=` (50 unless asked, at most 1,000), as SPEC §5 sets."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": "How many records match, on every page.",
            "next": "The next page, or null on the last.",
            "previous": "The previous page, or null on the first.",
            "results": "This page's records.",
        }
        for name, description in descriptions.items():
            field = paginated["properties"][name]
            if isinstance(field, dict):  # the documentation may pass a placeholder for the results
                field["description"] = description
        return paginated
