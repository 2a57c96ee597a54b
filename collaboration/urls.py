from django.urls import path

from . import views

app_name = "collaboration"
urlpatterns = [
    path("listings/<int:listing_pk>/interest/", views.interest_create, name="interest_create"),
    path("interests/", views.interest_list, name="interests"),
    path("interests/<int:pk>/", views.interest_detail, name="interest_detail"),
    path("interests/<int:pk>/accept/", views.interest_accept, name="interest_accept"),
    path("interests/<int:pk>/decline/", views.interest_decline, name="interest_decline"),
    path("interests/<int:pk>/messages/", views.interest_message, name="interest_message"),
    path("interests/<int:pk>/outcome/", views.interest_outcome, name="interest_outcome"),
    path("saved-searches/", views.saved_search_list, name="saved_searches"),
    path("saved-searches/new/", views.saved_search_create, name="saved_search_create"),
    path("saved-searches/<int:pk>/", views.saved_search_update, name="saved_search_update"),
    path("saved-searches/<int:pk>/results/", views.saved_search_results, name="saved_search_results"),
    path("saved-searches/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
]
