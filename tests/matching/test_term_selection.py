"""Long paragraphs query their most informative terms, chosen with statistics of the whole index: the same
terms however the index happens to be split into segments (it used to depend on that, and so did rankings)."""
import uuid

import pytest

from matching.backends.elasticsearch import ElasticsearchBackend
from matching.backends.elasticsearch.index import bulk_write, create_index
from matching.backends.elasticsearch.queries import informative_terms
from matching.profiles import ListingProfile
from matching.text import TUNING

pytestmark = pytest.mark.elasticsearch

TOPICS = ["museum lighting", "opera acoustics", "textile dyeing", "bronze casting", "paper restoration"]
PARAGRAPH = "Bronze casting and paper restoration for a museum project, with zanzibar and quokka methods"


def make_index(es_client, es_namespace, batches):
    name = f"{es_namespace}-terms-{uuid.uuid4().hex[:8]}"
    create_index(es_client, name)
    profiles = [ListingProfile(id=i, kind="need", title=f"Listing {i}",
                               description=f"{TOPICS[i % len(TOPICS)]} for a museum project number {i}")
                for i in range(40)]
    step = len(profiles) // batches
    for start in range(0, len(profiles), step):
        bulk_write(es_client, name, profiles[start:start + step], refresh=True)  # one segment per batch
    return name


def test_the_chosen_terms_do_not_depend_on_the_segments_of_the_index(es_client, es_namespace):
    tuning = dict(TUNING, max_query_terms=7, select_min_tokens=8)
    one = ElasticsearchBackend(index=make_index(es_client, es_namespace, 1), client=es_client, tuning=tuning)
    many = ElasticsearchBackend(index=make_index(es_client, es_namespace, 8), client=es_client, tuning=tuning)
    assert len(es_client.cat.segments(index=many.index, format="json")) > 1

    chosen = one.selected_terms([PARAGRAPH])

    assert chosen == many.selected_terms([PARAGRAPH])
    [(position, field)] = chosen
    terms = chosen[(position, field)]
    assert (position, field) == (0, "text_all.en")
    assert set(terms) == {"bronze", "casting", "paper", "restoration"}  # museum, project: in every listing
    assert not {"zanzibar", "quokka"} & set(terms)  # in no listing: cannot match


def test_informative_terms_rank_rare_words_first_and_drop_the_ones_the_index_lacks():
    stats = {"bronze": {"term_freq": 2, "doc_freq": 3}, "museum": {"term_freq": 2, "doc_freq": 40},
             "quokka": {"term_freq": 1, "doc_freq": 0}, "paper": {"term_freq": 1, "doc_freq": 8}}

    assert informative_terms(stats, 40, limit=3, max_doc_freq=1000) == {"bronze": 2, "paper": 1}
    assert informative_terms(stats, 40, limit=3, max_doc_freq=1000, among="indexed") == {
        "bronze": 2, "paper": 1, "museum": 2}
    assert informative_terms(stats, 40, limit=None, max_doc_freq=5) == {"bronze": 2}
