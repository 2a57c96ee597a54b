"""The API's router: an object's id in a path is a number (`<int:pk>`), so nothing else reaches a lookup (a
ValueError there was a 500 on every operation with an id); such a path falls through to the API's JSON 404."""
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView


class NumericIdRouter(SimpleRouter):
    """Path converters instead of regular expressions; the schema then says the id is an integer."""

    def __init__(self):
        super().__init__(use_regex_path=False)

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        name = getattr(viewset, "lookup_url_kwarg", None) or getattr(viewset, "lookup_field", "pk")
        return f"<int:{lookup_prefix}{name}>"


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other path under the API's prefix: 404 in the API's error body, whatever the method or caller, instead
    of the site's HTML page."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    def initial(self, request, *args, **kwargs):
        raise NotFound()
