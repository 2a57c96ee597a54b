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


def judged_scores(run, judged):
    """{doc: score} for every judged document of a query: the production ranking's own scores, then the scores
    of the judged documents it did not reach (scored apart, `judged_scores`), then, for a judged document no call
    scored, one below every score of the run (the unscored tie with each other). The pairwise loss reads exactly
    this, and the run file writes exactly this, so an independent scorer reads the same figure."""
    known = {**run.get("judged_scores", {}), **run["scores"]}
    floor = min(known.values(), default=0.0) - 1.0
    return {doc: known.get(doc, floor) for doc in judged}


def query_losses(runs, qrels):
    """{query id: (weighted mistakes, total weight)}: what the pairwise loss of any set of queries pools."""
    return {query_id: pairwise(judged_scores(run, qrels[query_id]), qrels[query_id]) for query_id, run in runs.items()}


def pooled(losses, query_ids=None):
    """The pairwise loss pooled over `query_ids` (all by default): weighted mistakes / total weight."""
    chosen = [losses[q] for q in (losses if query_ids is None else query_ids)]
    weight = sum(w for _, w in chosen)
    return sum(m for m, _ in chosen) / weight if weight else None


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
        m, w = pairwise(judged_scores(run, judged), judged)
        mistakes += m
        weight += w
    n = max(1, len(runs))
    figures = {name: round(totals[name] / n, 4) for name in ("ndcg@10", "judged_ndcg@10", "mrr@10", "recall@100")}
    figures["pairwise_loss"] = round(mistakes / weight, 4) if weight else None
    figures["latency_ms"] = {"p50": round(percentile(latencies, 50), 1), "p95": round(percentile(latencies, 95), 1)}
    return figures


def write_trec_run(path, runs, tag, qrels):
    """TREC run lines: per query the production ranking, then every judged document it did not reach with its
    own score (`judged_scores`), so that the file holds a score for every judged pair."""
    with open(path, "w", encoding="utf-8") as handle:
        for query_id, run in runs.items():
            rest = judged_scores(run, qrels.get(query_id, {}))
            ranked = set(run["ranking"])
            lines = [(doc, run["scores"][doc]) for doc in run["ranking"]]
            lines += sorted(((doc, score) for doc, score in rest.items() if doc not in ranked),
                            key=lambda item: -item[1])
            for rank, (doc, score) in enumerate(lines, start=1):
                handle.write(f"{query_id} Q0 {doc} {rank} {score!r} {tag}\n")
