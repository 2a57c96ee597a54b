from rest_framework import serializers

from accounts.models import Organisation, Region
from marketplace.models import Listing

from .fields import CleanCharField
from .listings import ListingSerializer

MAX_PAGE = 500  # Elasticsearch serves at most 10,000 hits deep


class SearchFilterSerializer(serializers.Serializer):
    q = CleanCharField(max_length=200, required=False, allow_blank=True,
                       help_text="Full text in Chinese or English.")
    kind = serializers.ListField(child=serializers.ChoiceField(choices=Listing.Kind.choices), required=False,
                                 max_length=2)
    sector = serializers.ListField(child=CleanCharField(max_length=60), required=False, max_length=20)
    technology = serializers.ListField(child=CleanCharField(max_length=60), required=False, max_length=20)
    collaboration = serializers.ListField(child=CleanCharField(max_length=60), required=False, max_length=20,
                                          help_text="Collaboration type slugs.")
    region = serializers.ListField(child=serializers.ChoiceField(choices=Region.choices), required=False,
                                   max_length=4, help_text="Metro areas.")
    province = serializers.ListField(child=CleanCharField(max_length=50), required=False, max_length=20)
    org_kind = serializers.ListField(child=serializers.ChoiceField(choices=Organisation.Kind.choices),
                                     required=False, max_length=4)
    trl = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=9), required=False,
                                max_length=9, help_text="Readiness levels; a listing counts when one is in its range.")
    sort = serializers.ChoiceField(choices=["relevance", "newest", "deadline"], required=False,
                                   help_text="Relevance needs `q`; without it the newest come first.")
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)
    page_size = serializers.IntegerField(min_value=1, max_value=100, required=False)
    words = serializers.ChoiceField(choices=["most", "any"], required=False,
                                    help_text="`any`: a hit holds any one of the words (the relaxed query offered in "
                                              "`suggestions` when nothing is found); default `most`.")
    facets = serializers.BooleanField(required=False, help_text="true adds the facet counts (`facets` in the answer "
                                                                "is empty without it): they cost the search engine "
                                                                "more than the hits, so they are asked for.")


class SearchHitSerializer(serializers.Serializer):
    listing = ListingSerializer()
    score = serializers.FloatField(help_text="Relevance from the search backend (0 without text).")
    highlights = serializers.DictField(child=serializers.CharField(),
                                       help_text="Field -> HTML snippet with the matched words in <mark>.")


class SuggestedTermSerializer(serializers.Serializer):
    facet = serializers.ChoiceField(choices=["sector", "technology"], help_text="The filter parameter to set.")
    value = serializers.CharField(help_text="Its value (a slug).")
    label_zh = serializers.CharField()
    label_en = serializers.CharField()
    count = serializers.IntegerField(help_text="Listings that filter shows the caller.")


class RelaxedQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["without_filters", "any_word"],
                                   help_text="`without_filters`: the same `q` without the facet filters; `any_word`: "
                                             "`q` with `words=any` (any one of its words), without filters.")
    q = serializers.CharField(source="text")
    words = serializers.CharField()
    count = serializers.IntegerField(source="total", help_text="Listings the relaxed query finds.")


class SearchSuggestionsSerializer(serializers.Serializer):
    terms = SuggestedTermSerializer(many=True, help_text="Sectors and technologies whose labels or glossary entries "
                                                         "fit the words.")
    relaxed = RelaxedQuerySerializer(allow_null=True)


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    backend = serializers.CharField(help_text="Which search backend answered.")
    results = SearchHitSerializer(many=True)
    facets = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()),
                                   help_text="Facet -> value -> number of listings, for the current filters; "
                                             "only with `facets=true`, else empty.")
    suggestions = SearchSuggestionsSerializer(allow_null=True, help_text="Only when `q` found nothing (`count` 0): "
                                                                         "where to look instead; else null.")


class MatchSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The stored match (to dismiss it: /api/v1/matches/{id}/dismiss/).")
    listing = ListingSerializer()
    score = serializers.FloatField()
    parts = serializers.DictField(child=serializers.FloatField(),
                                  help_text="text, taxonomy, collaboration, region, readiness, freshness (0..1).")
    reasons_zh = serializers.ListField(child=serializers.CharField())
    reasons_en = serializers.ListField(child=serializers.CharField())
    state = serializers.ChoiceField(choices=["new", "seen", "contacted"],
                                    help_text="As it was when read: `new` until the listing's organisation first "
                                              "reads it (reading marks it seen), `contacted` once an interest was "
                                              "sent between the two. Dismissed matches are not listed.")


class MatchStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["new", "seen", "dismissed", "contacted"])


class MatchQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=50, required=False, help_text="At most 50; 10 by default.")
