"""A profile of many works is scored work by work: a counterpart's text relevance is the mean of its best work
scores (top 5), each work scoring every candidate any work found, so one that covers two works well beats one
that is best on a single work."""
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from matching.backends.elasticsearch import ElasticsearchBackend
from matching.backends.elasticsearch.index import bulk_write, create_index
from matching.profiles import ListingProfile, Term
from matching.text import TUNING, aggregate

pytestmark = pytest.mark.elasticsearch

WORKS = ["Cloud rendering of museum collections for remote visitors, streamed to their phones: scanned objects, "
         "halls and exhibitions rendered on servers near the visitor.",
         "Dialect speech synthesis for audio guides in Wu and Cantonese: a guide that reads an exhibit's text "
         "aloud in the visitor's own dialect."]
NEEDS = {
    "rendering": "Cloud rendering of museum collections streamed to phones of remote visitors",
    "speech": "Dialect speech synthesis for Wu and Cantonese audio guides",
    "both": "Museum audio guides for remote visitors: cloud rendering of collections, dialect speech synthesis",
}


def test_the_mean_of_the_best_work_scores_counts_a_missing_work_as_zero():
    assert aggregate({0: 4.0, 1: 2.0}, 2, TUNING) == 3.0
    assert aggregate({0: 4.0}, 2, TUNING) == 2.0  # the second work did not reach it
    assert aggregate({i: float(i) for i in range(8)}, 8, TUNING) == (7 + 6 + 5 + 4 + 3) / 5
    assert aggregate({0: 1.0, 1: 1.0}, 2, dict(TUNING, aggregate="sum097")) == pytest.approx(1.97)


def test_a_counterpart_scores_the_mean_of_its_work_scores_even_where_it_is_not_the_best(es_client, es_namespace):
    index = f"{es_namespace}-whole-{uuid.uuid4().hex[:8]}"
    create_index(es_client, index)
    needs = [ListingProfile(id=k, kind="need", description=t) for k, t in NEEDS.items()]
    # Unrelated texts keep the probe's words rare, so that a partial match scores above 0.
    needs += [ListingProfile(id=f"other-{i}", kind="need", description=f"opera hall acoustics, textile dyeing {i}")
              for i in range(200)]
    bulk_write(es_client, index, needs, refresh=True)
    backend = ElasticsearchBackend(index=index, client=es_client)
    alone = [{r.listing_id: r.text_score for r in backend.match(
        ListingProfile(id=None, kind="capability", description=work), AnonymousUser(), limit=10)}
        for work in WORKS]
    assert [max(scores, key=scores.get) for scores in alone] == ["rendering", "speech"]
    expected = {doc: (alone[0].get(doc, 0) + alone[1].get(doc, 0)) / 2 for doc in NEEDS}

    results = {r.listing_id: r for r in backend.match(ListingProfile(id=None, kind="capability", works=WORKS),
                                                      AnonymousUser(), limit=3)}

    assert max(results, key=lambda d: results[d].text_score) == "both" == max(expected, key=expected.get)
    for doc in NEEDS:
        assert results[doc].text_score == pytest.approx(expected[doc])


def test_a_counterpart_found_by_the_taxonomy_alone_has_no_text_score(es_client, es_namespace):
    index = f"{es_namespace}-whole-{uuid.uuid4().hex[:8]}"
    create_index(es_client, index)
    museums = Term("museums", "博物馆", "Museums")
    bulk_write(es_client, index, [
        ListingProfile(id="text", kind="need", description="cloud rendering for museum collections"),
        ListingProfile(id="sector", kind="need", description="opera hall acoustics", sectors=[museums]),
    ], refresh=True)
    probe = ListingProfile(id=None, kind="capability", description="cloud rendering", sectors=[museums])

    results = {r.listing_id: r for r in ElasticsearchBackend(index=index, client=es_client).match(
        probe, AnonymousUser())}

    assert results["text"].text_score > 0
    assert results["sector"].text_score == 0 and results["sector"].parts["taxonomy"] == 1.0
