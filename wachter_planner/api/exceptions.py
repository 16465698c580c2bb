from collections import Counter

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Other records depend on this one."
    default_code = "conflict"


SPREADSHEET_FORMATS = frozenset({"csv", "xlsx"})


def handle_api_exception(exc, context):
    """DRF's handler, plus: a model's own validation error (raised as it saves) is a 400 keyed
    by field, exactly like a serializer's; and an error asked for as a spreadsheet is sent as
    the JSON it is, labelled so."""
    if isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(field_keyed(exc))
    response = exception_handler(exc, context)
    request = context.get("request")
    renderer = getattr(request, "accepted_renderer", None)
    if (
        response is not None
        and request is not None
        and (renderer is None or renderer.format in SPREADSHEET_FORMATS)
    ):
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response


def field_keyed(error):
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return detail


def dependants_message(instance, dependants):
    """ "This trust has 3 posts, 2 people; remove them first." """
    counts = Counter(dependant._meta for dependant in dependants)
    described = [
        f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"
        for meta, count in sorted(counts.items(), key=lambda item: item[0].model_name)
    ]
    return f"This {instance._meta.verbose_name} has {', '.join(described)}; remove them first."
