"""Search intent on the demo data (`evaluate_search`): the queries of `matching/data/search_intent.json`, written
the way users type, through the production search of either backend; recall@20, nDCG@10 and the queries that
found nothing, per language. Relevance follows the file's rules (matching/data/README.md) over the listings a
search can return, read from the database the command runs on (the demo loaded)."""
import json
from pathlib import Path

from django.db.models import Q
from django.utils import timezone

from marketplace.models import Listing

from ..backends import SYSTEM_VIEWER, SearchQuery, get_search_backend
from .metrics import ndcg_at

INTENT_FILE = Path(__file__).resolve().parent.parent / "data" / "search_intent.json"
DEPTH = 20  # recall is counted over the first page of the search page and the API


def load_queries(path=INTENT_FILE):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def searchable_listings():
    """What a search can return: published, deadline not passed (any visibility: the engine's own eyes)."""
    today = timezone.localdate()
    return Listing.objects.filter(status=Listing.Status.PUBLISHED).filter(
        Q(deadline__isnull=True) | Q(deadline__gte=today))


def relevant_ids(query, corpus):
    """(rule matches ∪ titles judged relevant by hand) − titles judged not relevant, as listing ids."""
    rule = query["relevant"]
    tagged = corpus.filter(Q(sectors__slug__in=rule["sectors"]) | Q(technologies__slug__in=rule["technologies"]))
    by_title = dict(corpus.values_list("title", "pk"))
    ids = set(tagged.values_list("pk", flat=True)) | {by_title[t] for t in query["also_relevant_titles"]
                                                      if t in by_title}
    return ids - {by_title[t] for t in query["not_relevant_titles"] if t in by_title}


def evaluate_search(*, backend_name, queries=None):
    """{language: {"queries", "recall@20", "ndcg@10", "zero_result": [texts], "unjudgeable": [ids]}}."""
    backend = get_search_backend(backend_name)
    corpus = searchable_listings()
    per_language = {}
    for query in queries if queries is not None else load_queries():
        figures = per_language.setdefault(query["lang"], {"recall": [], "ndcg": [], "zero": [], "unjudgeable": []})
        relevant = relevant_ids(query, corpus)
        if not relevant:
            figures["unjudgeable"].append(query["id"])  # the demo data changed: say so rather than count a 0
            continue
        results = backend.search(SearchQuery(text=query["text"], sort="relevance", page_size=DEPTH,
                                             viewer=SYSTEM_VIEWER, facets=False))
        ranking = [hit.listing_id for hit in results.hits]
        if not results.total:
            figures["zero"].append(query["text"])
        figures["recall"].append(len(relevant & set(ranking[:DEPTH])) / len(relevant))
        figures["ndcg"].append(ndcg_at(ranking, {pk: 1.0 for pk in relevant}, k=10))
    report = {}
    for language, figures in sorted(per_language.items()):
        count = len(figures["recall"]) or 1
        report[language] = {
            "queries": len(figures["recall"]),
            "recall@20": round(sum(figures["recall"]) / count, 4),
            "ndcg@10": round(sum(figures["ndcg"]) / count, 4),
            "zero_result": figures["zero"],
            "unjudgeable": figures["unjudgeable"],
        }
    return report
