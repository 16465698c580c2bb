"""The REST API's shared machinery (SPEC §5): one base viewset, serializer, permission,
pagination, CSV renderer and error handling, used by every app's `api/` package."""
