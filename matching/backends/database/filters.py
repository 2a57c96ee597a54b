"""The database backend's conditions: the hard filters of every read, the facet filters and the text filter.
Saved-search alerts run a saved query through these same conditions (collaboration.saved_search_matching)."""
import json
import operator
from functools import reduce

from django.db import connection
from django.db.models import Case, IntegerField, Q, When
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from marketplace.models import Listing

from ...facets import FACETS, levels
from ..base import audience
from .postgres import index_prefilter
from .tokens import query_terms


def visible_base(viewer, kinds=None):
    """Published, not past its deadline, visible to the viewer."""
    today = timezone.localdate()
    queryset = Listing.objects.filter(status=Listing.Status.PUBLISHED, visibility__in=audience(viewer)).filter(
        Q(deadline__isnull=True) | Q(deadline__gte=today))
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    return queryset


def filter_for(name, values):
    """A listing holding one of the facet's values."""
    facet = FACETS[name]
    if facet.range_fields:
        return reduce(operator.or_, [level_condition(facet, level) for level in levels(values)], Q())
    return Q(**{f"{facet.orm_path}__in": values})


def level_condition(facet, level):
    low, high = facet.range_fields
    return Q(**{f"{low}__lte": level, f"{high}__gte": level})


def term_condition(term):
    condition = (Q(title__icontains=term) | Q(summary__icontains=term) | Q(description__icontains=term)
                 | Q(keywords__icontains=term))
    stored = json.dumps(term)[1:-1]
    if stored != term and connection.vendor == "sqlite":
        # SQLite keeps JSON as ASCII ("\u6587\u7269"): a Chinese keyword is found as it is stored.
        condition |= Q(keywords__icontains=stored)
    return condition


def text_filter(text, *, every_term=False, any_term=False):
    """Listings holding enough of the query's terms (see query_terms), all of them (`every_term`: a glossary term,
    not a user's typing) or one (`any_term`: the relaxed query); one condition per term."""
    terms, required = query_terms(text)
    if every_term or any_term:
        required = len(terms) if every_term else min(1, len(terms))
    if not terms:
        return Q()
    if required >= len(terms):
        condition = reduce(operator.and_, map(term_condition, terms))
    else:
        held = reduce(operator.add, [Case(When(term_condition(term), then=1), default=0,
                                          output_field=IntegerField()) for term in terms])
        condition = Q(GreaterThanOrEqual(held, required))
    prefilter = index_prefilter(terms, required)
    return condition if prefilter is None else prefilter & condition
