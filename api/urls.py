from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from .views.credentials_ui import credential_revoke_view, credentials_page
from .views.listings import ListingViewSet
from .views.organisations import OrganisationViewSet
from .views.search import SearchView
from .views.taxonomy import TaxonomyView

app_name = "api"

router = SimpleRouter()
router.register("listings", ListingViewSet, basename="listing")
router.register("organisations", OrganisationViewSet, basename="organisation")

v1 = [
    path("taxonomy/", TaxonomyView.as_view(), name="taxonomy"),
    path("search/", SearchView.as_view(), name="search"),
    *router.urls,
]

urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("credentials/", credentials_page, name="credentials"),
    path("credentials/<int:pk>/revoke/", credential_revoke_view, name="credential_revoke"),
]
