"""Offline quality figures over a BEIR-layout set (corpus.jsonl, queries.jsonl, qrels/test.tsv)."""
import csv
import json
import math
from collections import defaultdict
from pathlib import Path


def load_dataset(directory):
    directory = Path(directory)
    with open(directory / "corpus.jsonl", encoding="utf-8") as handle:
        corpus = [json.loads(line) for line in handle if line.strip()]
    with open(directory / "queries.jsonl", encoding="utf-8") as handle:
        queries = [json.loads(line) for line in handle if line.strip()]
    qrels = defaultdict(dict)
    with open(directory / "qrels" / "test.tsv", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader)
        for query_id, doc_id, grade in reader:
            qrels[query_id][doc_id] = float(grade)
    queries = [q for q in queries if q["_id"] in qrels]
    return corpus, queries, dict(qrels)


def _dcg(grades):
    return sum(g / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg_at(ranking, judged, k=10):
    ideal = _dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if not ideal:
        return 0.0
    return _dcg([judged.get(doc, 0.0) for doc in ranking[:k]]) / ideal


def mrr_at(ranking, judged, k=10):
    for position, doc in enumerate(ranking[:k], start=1):
        if judged.get(doc, 0) > 0:
            return 1.0 / position
    return 0.0


def recall_at(ranking, judged, k=100):
    relevant = {d for d, g in judged.items() if g > 0}
    return len(relevant & set(ranking[:k])) / len(relevant) if relevant else 0.0


def pairwise(scores, judged):
    """(weighted mistakes, total weight) over judged pairs with different grades; unscored documents rank
    below every scored one (and tie with each other)."""
    floor = min(scores.values(), default=0.0) - 1.0
    docs = list(judged)
    mistakes = weight = 0.0
    for i, a in enumerate(docs):
        for b in docs[i + 1:]:
            if judged[a] == judged[b]:
                continue
            hi, lo = (a, b) if judged[a] > judged[b] else (b, a)
            w = abs(judged[a] - judged[b])
            s_hi, s_lo = scores.get(hi, floor), scores.get(lo, floor)
            weight += w
            if s_hi < s_lo:
                mistakes += w
            elif s_hi == s_lo:
                mistakes += w / 2
    return mistakes, weight


def percentile(values, p):
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[index]


def summarise(runs, qrels, latencies):
    """runs: {qid: {"ranking": [doc ids, best first, <=100], "scores": {doc: score}}}, and "judged_scores"
    when the judged documents were scored apart from the ranking (the pairwise loss then uses those)."""
    totals = defaultdict(float)
    mistakes = weight = 0.0
    for query_id, run in runs.items():
        judged = qrels[query_id]
        ranking = run["ranking"]
        totals["ndcg@10"] += ndcg_at(ranking, judged)
        totals["judged_ndcg@10"] += ndcg_at([d for d in ranking if d in judged], judged)
        totals["mrr@10"] += mrr_at(ranking, judged)
        totals["recall@100"] += recall_at(ranking, judged)
        m, w = pairwise(run.get("judged_scores", run["scores"]), judged)
        mistakes += m
        weight += w
    n = max(1, len(runs))
    figures = {name: round(totals[name] / n, 4) for name in ("ndcg@10", "judged_ndcg@10", "mrr@10", "recall@100")}
    figures["pairwise_loss"] = round(mistakes / weight, 4) if weight else None
    figures["latency_ms"] = {"p50": round(percentile(latencies, 50), 1), "p95": round(percentile(latencies, 95), 1)}
    return figures


def write_trec_run(path, runs, tag):
    with open(path, "w", encoding="utf-8") as handle:
        for query_id, run in runs.items():
            for rank, doc in enumerate(run["ranking"], start=1):
                handle.write(f"{query_id} Q0 {doc} {rank} {run['scores'][doc]!r} {tag}\n")
