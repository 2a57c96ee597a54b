from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import Listing
from .selectors import listings_visible_to, published_visible_to


def home(request):
    visible = published_visible_to(request.user)
    return render(
        request,
        "marketplace/home.html",
        {"latest": visible.select_related("organisation")[:6], "count": visible.count()},
    )


def listing_detail(request, pk):
    listing = get_object_or_404(listings_visible_to(request.user).select_related("organisation"), pk=pk)
    if listing is None:
        raise Http404
    return render(request, "marketplace/listing_detail.html", {"listing": listing, "kinds": Listing.Kind})
