from django.urls import path

from .views import InsightsView, ZoneInsightsView, ZoneListView

urlpatterns = [
    path("", InsightsView.as_view(), name="insights"),
    path("zones/", ZoneListView.as_view(), name="insights-zones"),
    path("zones/<str:slug>/", ZoneInsightsView.as_view(), name="insights-zone"),
]
