"""URLs for the browser journey: the project's URLs, with the listing page showing the matching include the
way the lead wires it into the marketplace page (`{% listing_matches listing %}`)."""
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import include, path

from marketplace.selectors import listings_visible_to

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% load matching_tags %}{% block content %}'
    '<h1 data-testid="listing-title">{{ listing.title }}</h1>{% listing_matches listing %}{% endblock %}'
)


def listing_with_matches(request, pk):
    listing = get_object_or_404(listings_visible_to(request.user), pk=pk)
    return HttpResponse(PAGE.render({"listing": listing}, request))


urlpatterns = [
    path("listings/<int:pk>/", listing_with_matches, name="journey_listing"),
    path("", include("config.urls")),
]
