from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class PagePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class LimitedCountPaginator(Paginator):
    """Counts at most `limit` rows (or up to the page asked for, if deeper): counting every match of a broad
    filter over 100,000 listings cost more than reading the page itself. `exact` tells whether the count is
    the full number; when it is not, the count is a lower bound and the page asked for still has a next one."""

    def __init__(self, object_list, per_page, limit, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit
        self.wanted = 1
        self.exact = True

    def page(self, number):
        try:
            self.wanted = max(1, int(number))
        except (TypeError, ValueError):
            pass  # validate_number() refuses it
        return super().page(number)

    @cached_property
    def count(self):
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        if self.limit is None:
            return self.object_list.count()
        # One row past the page asked for proves it has a next page.
        limit = max(self.limit, self.wanted * self.per_page) + 1
        counted = self.object_list.order_by()[:limit].count()
        self.exact = counted < limit
        return counted


class LimitedCountPagination(PagePagination):
    """Pages of a possibly very large list: `count` is exact up to COUNT_LIMIT matches and a lower bound beyond
    (then `count_exact` is false); `next` is right either way, so paging to the end works."""

    COUNT_LIMIT = 1000

    def django_paginator_class(self, object_list, per_page):
        return LimitedCountPaginator(object_list, per_page, limit=self.COUNT_LIMIT)

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            paginator.limit = None  # the last page needs the full count
        return super().get_page_number(request, paginator)

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "count_exact": self.page.paginator.exact,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"Number of matches, counted up to {self.COUNT_LIMIT} (or up to the requested page); a lower bound "
            "when `count_exact` is false.")
        response["properties"] = {
            "count": response["properties"]["count"],
            "count_exact": {"type": "boolean", "example": True,
                            "description": "Whether `count` is the full number of matches."},
            **{k: v for k, v in response["properties"].items() if k != "count"},
        }
        response["required"] = ["count", "count_exact", "results"]
        return response
