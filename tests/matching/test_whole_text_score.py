"""A counterpart's text relevance is its score on the whole probing text, paragraph by paragraph: one that
covers two paragraphs well beats one that is best on a single paragraph, even when each paragraph alone
ranks another first."""
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from matching.backends.elasticsearch import ElasticsearchBackend
from matching.backends.elasticsearch.index import bulk_write, create_index
from matching.profiles import ListingProfile, Term
from matching.text import TUNING

pytestmark = pytest.mark.elasticsearch

PROBE = ("Cloud rendering of museum collections for remote visitors, streamed to their phones: scanned objects, "
         "halls and exhibitions rendered on servers near the visitor, so that a phone shows a museum collection "
         "in full detail without downloading it.\n\n"
         "Dialect speech synthesis for audio guides in Wu and Cantonese: a guide that reads an exhibit's text "
         "aloud in the visitor's own dialect, with voices trained on recordings of local speakers and their "
         "dialect words.")
NEEDS = {
    "rendering": "Cloud rendering of museum collections streamed to phones of remote visitors",
    "speech": "Dialect speech synthesis for Wu and Cantonese audio guides",
    "both": "Museum audio guides for remote visitors: cloud rendering of collections, dialect speech synthesis",
}


def test_a_counterpart_scores_the_sum_of_its_paragraph_scores_even_where_it_is_not_the_best(es_client,
                                                                                          es_namespace):
    index = f"{es_namespace}-whole-{uuid.uuid4().hex[:8]}"
    create_index(es_client, index)
    needs = [ListingProfile(id=k, kind="need", description=t) for k, t in NEEDS.items()]
    # Unrelated texts keep the probe's words rare, so that a partial match scores above 0.
    needs += [ListingProfile(id=f"other-{i}", kind="need", description=f"opera hall acoustics, textile dyeing {i}")
              for i in range(200)]
    bulk_write(es_client, index, needs, refresh=True)
    # Split into paragraphs however short; no feedback, so the scores are the paragraphs' alone.
    tuning = dict(TUNING, segment_min_chars=10, feedback_docs=0)
    backend = ElasticsearchBackend(index=index, client=es_client, tuning=tuning)
    probe = ListingProfile(id=None, kind="capability", description=PROBE)
    pieces, _ = backend.probe_pieces(probe)
    alone = [{r.listing_id: r.text_score for r in backend.match(
        ListingProfile(id=None, kind="capability", description=piece), AnonymousUser(), limit=3)}
        for piece in pieces]
    assert len(pieces) == 2 and [max(scores, key=scores.get) for scores in alone] == ["rendering", "speech"]
    expected = {doc: alone[0].get(doc, 0) + TUNING["segment_decay"] * alone[1].get(doc, 0) for doc in NEEDS}

    [best] = backend.match(probe, AnonymousUser(), limit=1)

    assert best.listing_id == "both" == max(expected, key=expected.get)
    assert best.text_score == pytest.approx(expected["both"])


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
