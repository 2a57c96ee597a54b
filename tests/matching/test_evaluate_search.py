"""evaluate_search: the search-intent queries through a backend's production search, recall@20, nDCG@10 and the
queries that found nothing, per language."""
import json
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.models import Listing
from tests.factories import make_listing, make_org, make_technology

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_it_prints_recall_ndcg_and_the_zero_result_queries_per_language(tmp_path):
    vr = make_technology("vr-ar-test", name_zh="虚拟现实", name_en="VR")
    org = make_org()
    tagged = [make_listing(org, title=f"虚拟现实展厅 {n}", summary="沉浸式参观", technologies=[vr]) for n in range(2)]
    make_listing(org, title="头显导览", summary="戴上头显参观展厅")
    make_listing(org, title="Old drafts", summary="never searched", status=Listing.Status.DRAFT, technologies=[vr])
    queries = tmp_path / "intent.json"
    queries.write_text(json.dumps([
        {"id": "zh-01", "lang": "zh", "text": "虚拟现实", "relevant": {"sectors": [], "technologies": ["vr-ar-test"]},
         "also_relevant_titles": ["头显导览"], "not_relevant_titles": [tagged[1].title]},
        {"id": "en-01", "lang": "en", "text": "zeppelin", "relevant": {"sectors": [], "technologies": ["vr-ar-test"]},
         "also_relevant_titles": [], "not_relevant_titles": []},
    ], ensure_ascii=False), encoding="utf-8")
    out = StringIO()

    call_command("evaluate_search", "--backend", "database", "--queries", str(queries), stdout=out)

    report = json.loads(out.getvalue())["database"]
    # zh: relevant = {tagged[0], by_hand}; the query finds tagged[0] (and tagged[1]) but not by_hand.
    assert report["zh"]["queries"] == 1 and report["zh"]["recall@20"] == 0.5 and report["zh"]["zero_result"] == []
    assert 0 < report["zh"]["ndcg@10"] < 1
    assert report["en"] == {"queries": 1, "recall@20": 0.0, "ndcg@10": 0.0, "zero_result": ["zeppelin"],
                            "unjudgeable": []}
