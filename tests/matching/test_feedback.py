"""Pseudo-relevance feedback: a long English paragraph's hits are reranked with the words of its best hits,
so that a counterpart written in the best hit's words (not the probing text's) moves up."""
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from matching.backends.elasticsearch import ElasticsearchBackend
from matching.backends.elasticsearch.queries import feedback_terms
from matching.backends.elasticsearch.index import bulk_write, create_index
from matching.profiles import ListingProfile
from matching.text import TUNING

pytestmark = pytest.mark.elasticsearch

PROBE = ("Detecting fake news on social media with graph neural networks over claims, evidence and the users "
         "who share them")
NEEDS = {
    "best": "Fake news on social media: graph neural networks over claims and rumour propagation cascades",
    "feedback_words": "Rumour propagation cascades: which users share them",
    "probe_words": "Social media advertising: which users share a campaign",
}
FILLER = ["Bronze casting for a museum", "Opera hall acoustics", "Textile dyeing with plant colours",
          "Paper restoration in archives", "Solar panel cleaning robots", "Tea fermentation control"]


def test_feedback_terms_are_the_likeliest_words_of_the_best_hits_with_a_share_of_the_query_weight():
    query = {"fake": 2.0, "news": 2.0, "graph": 1.0}
    hits = [{"rumour": {"term_freq": 2}, "fake": {"term_freq": 1}, "cascades": {"term_freq": 1}},
            {"rumour": {"term_freq": 1}, "microblogs": {"term_freq": 1}}]

    terms = feedback_terms(query, hits, limit=2, share=0.5)

    # P(rumour|R) = (2/4 + 1/2) / 2 = 0.5, P(microblogs|R) = 0.25, fake and cascades 0.125 each
    assert list(terms) == ["rumour", "microblogs"]
    assert sum(terms.values()) == pytest.approx(0.5 * 5.0)  # half the weight of the query
    assert terms["rumour"] == pytest.approx(2.5 * 0.5 / 0.75)
    assert feedback_terms(query, [], limit=2, share=0.5) == {}


def match_ids(backend):
    probe = ListingProfile(id=None, kind="capability", description=PROBE)
    return [str(r.listing_id) for r in backend.match(probe, AnonymousUser(), limit=10)]


def test_a_counterpart_in_the_words_of_the_best_hit_moves_up(es_client, es_namespace):
    index = f"{es_namespace}-feedback-{uuid.uuid4().hex[:8]}"
    create_index(es_client, index)
    profiles = [ListingProfile(id=name, kind="need", description=text) for name, text in NEEDS.items()]
    profiles += [ListingProfile(id=f"filler-{i}", kind="need", description=text) for i, text in enumerate(FILLER)]
    bulk_write(es_client, index, profiles, refresh=True)
    tuning = dict(TUNING, feedback_docs=1, feedback_terms=3, feedback_share=0.5)

    without = match_ids(ElasticsearchBackend(index=index, client=es_client, tuning=dict(tuning, feedback_docs=0)))
    with_feedback = match_ids(ElasticsearchBackend(index=index, client=es_client, tuning=tuning))

    assert without[:3] == ["best", "probe_words", "feedback_words"]
    assert with_feedback[:3] == ["best", "feedback_words", "probe_words"]


def test_short_and_chinese_texts_are_not_expanded(es_client, es_namespace):
    index = f"{es_namespace}-feedback-{uuid.uuid4().hex[:8]}"
    create_index(es_client, index)
    texts = ["文物三维数字化扫描与重建", "博物馆文物三维扫描需求", "云渲染游戏", "fake news detection"]
    bulk_write(es_client, index, [ListingProfile(id=str(i), kind="need", description=t) for i, t in enumerate(texts)],
               refresh=True)
    on = ElasticsearchBackend(index=index, client=es_client)
    off = ElasticsearchBackend(index=index, client=es_client, tuning=dict(TUNING, feedback_docs=0))
    for text in ("面向博物馆的高精度文物三维扫描、纹理重建与数字孪生展示", "fake news"):
        probe = ListingProfile(id=None, kind="capability", description=text)
        scored = [[(r.listing_id, r.score) for r in backend.match(probe, AnonymousUser())] for backend in (on, off)]
        assert scored[0] == scored[1] and scored[0]
