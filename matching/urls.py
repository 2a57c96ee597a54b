from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.search, name="search"),
    path("suggest/", views.suggest, name="suggest"),
    path("matches/<int:pk>/dismiss/", views.match_dismiss, name="match_dismiss"),
]
