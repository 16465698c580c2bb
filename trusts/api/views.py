from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema

from wachter_planner.api.viewsets import ScopedModelViewSet

from ..filtersets import TrustFilterSet
from ..models import Region, Trust
from .serializers import RegionSerializer, TrustSerializer

ODS_CODE_IN_PATH = OpenApiParameter(
    "ods_code", OpenApiTypes.STR, OpenApiParameter.PATH, description="The trust's ODS code, e.g. RGT."
)
# drf-spectacular leaves a primary key with a help text undescribed in the path.
REGION_CODE_IN_PATH = OpenApiParameter(
    "code", OpenApiTypes.STR, OpenApiParameter.PATH, description=Region._meta.get_field("code").help_text
)


@extend_schema(parameters=[REGION_CODE_IN_PATH])
class RegionViewSet(ScopedModelViewSet):
    """NHS England regions. Everyone signed in reads them; administrators change them."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    ordering_fields = ["code", "name"]


@extend_schema(parameters=[ODS_CODE_IN_PATH])
class TrustViewSet(ScopedModelViewSet):
    """NHS trusts in England, keyed by ODS code. Everyone signed in reads them; administrators
    change them."""

    queryset = Trust.objects.all()
    serializer_class = TrustSerializer
    filterset_class = TrustFilterSet
    lookup_field = "ods_code"
    ordering_fields = ["ods_code", "name", "region", "trust_type", "staff_fte", "opened_on", "closed_on"]
