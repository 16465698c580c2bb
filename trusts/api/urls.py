from rest_framework.routers import SimpleRouter

from .views import RegionViewSet, TrustViewSet

router = SimpleRouter()
router.register("regions", RegionViewSet)
router.register("trusts", TrustViewSet)

urlpatterns = router.urls
