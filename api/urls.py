from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .routers import NotFoundView, NumericIdRouter
from .views.credentials_ui import credential_revoke_view, credentials_page
from .views.events import EventViewSet, MeetingViewSet
from .views.guide import api_guide
from .views.interests import InterestViewSet
from .views.listings import ListingViewSet
from .views.matches import MatchViewSet
from .views.notifications import NotificationViewSet
from .views.organisations import OrganisationViewSet
from .views.ping import PingView
from .views.saved_searches import SavedSearchViewSet
from .views.search import SearchView
from .views.taxonomy import TaxonomyView
from .views.webhooks import WebhookSubscriptionViewSet
from .views.webhooks_ui import webhook_delete_view, webhook_resume_view, webhook_test_view, webhooks_page

app_name = "api"

router = NumericIdRouter()
router.register("listings", ListingViewSet, basename="listing")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("webhooks", WebhookSubscriptionViewSet, basename="webhook")
router.register("interests", InterestViewSet, basename="interest")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("saved-searches", SavedSearchViewSet, basename="saved-search")
router.register("events", EventViewSet, basename="event")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("matches", MatchViewSet, basename="match")

v1 = [
    path("taxonomy/", TaxonomyView.as_view(), name="taxonomy"),
    path("search/", SearchView.as_view(), name="search"),
    path("ping/", PingView.as_view(), name="ping"),
    path("insights/", include("insights.api.urls")),
    *router.urls,
    # Last: any other path with a trailing slash, e.g. an id that is not a number. (A path without the slash still
    # gets CommonMiddleware's APPEND_SLASH redirect first.)
    re_path(r"^.*/$", NotFoundView.as_view()),
]

urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (?script): no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("guide/", api_guide, name="guide"),
    path("credentials/", credentials_page, name="credentials"),
    path("credentials/<int:pk>/revoke/", credential_revoke_view, name="credential_revoke"),
    path("webhooks/", webhooks_page, name="webhooks"),
    path("webhooks/<int:pk>/test/", webhook_test_view, name="webhook_test"),
    path("webhooks/<int:pk>/resume/", webhook_resume_view, name="webhook_resume"),
    path("webhooks/<int:pk>/delete/", webhook_delete_view, name="webhook_delete"),
]
