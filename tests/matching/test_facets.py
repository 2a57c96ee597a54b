"""One facet vocabulary (matching.facets) for the index, the database, the search page, the API and saved
searches."""
import pytest

from api.serializers.collaboration import SavedSearchQuerySerializer
from api.serializers.search import SearchFilterSerializer
from collaboration.saved_search_matching import PARAMETERS
from marketplace.models import Listing
from matching.documents import listings_mapping
from matching.facets import FACETS

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_each_facet_names_a_keyword_field_of_the_index_or_its_range():
    mapping = listings_mapping().to_dict()["properties"]
    for facet in FACETS.values():
        fields = facet.range_fields or (facet.index_field,)
        assert all(mapping[name]["type"] in {"keyword", "integer"} for name in fields), facet.name


def test_each_facet_names_a_database_lookup(require_postgres):
    for facet in FACETS.values():
        lookups = [f"{facet.orm_path}__in"] if facet.orm_path else [f"{name}__lte" for name in facet.range_fields]
        for lookup in lookups:
            str(Listing.objects.filter(**{lookup: [1] if lookup.endswith("__in") else 1}).query)  # raises if unknown


def test_the_api_and_saved_searches_take_exactly_the_facets_and_the_text():
    # `words=any` is the relaxed query offered when nothing is found, not a filter worth saving.
    search_parameters = set(SearchFilterSerializer().fields) - {"sort", "page", "page_size", "facets", "words"}
    assert search_parameters == set(SavedSearchQuerySerializer().fields) == set(PARAMETERS) == {"q", *FACETS}


def test_every_facet_has_a_title_and_value_labels():
    for facet in FACETS.values():
        assert str(facet.title) and isinstance(facet.value_labels(), dict)
