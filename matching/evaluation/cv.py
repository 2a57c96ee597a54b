"""Cross-validation over queries (researchers), the discipline every matching knob is chosen by: the research
harness's folds (/work/r14/harness/rev_cv.py) over the app's own engine. Outer folds: `repeats` x `k` over the
sorted query ids, repeat r shuffled with random.Random(r), fold i = ids[i::k]. When several variants of the
engine are given, each outer fold picks the one with the lowest mean loss over 4 inner folds of its training
queries (seed 1000 + 10r + i) and is judged on its held-out queries (nested CV): a knob earns its place only if
the picks beat the default there."""
import random
import statistics

from .metrics import pooled

INNER = 4


def outer_folds(query_ids, repeats=10, k=5):
    ids = sorted(query_ids)
    for repeat in range(repeats):
        shuffled = list(ids)
        random.Random(repeat).shuffle(shuffled)
        for fold in range(k):
            yield repeat, fold, shuffled[fold::k]


def inner_loss(losses, train, seed):
    shuffled = sorted(train)
    random.Random(seed).shuffle(shuffled)
    figures = [pooled(losses, shuffled[j::INNER]) for j in range(INNER)]
    figures = [f for f in figures if f is not None]
    return sum(figures) / len(figures) if figures else float("inf")


def figure(value):
    return None if value is None else round(value, 4)


def spread(values):
    values = [v for v in values if v is not None]
    return {"mean": round(statistics.mean(values), 4), "std": round(statistics.stdev(values), 4),
            "min": round(min(values), 4), "max": round(max(values), 4)}


def cross_validate(engine, baseline, variants=None, *, repeats=10, k=5):
    """engine, baseline, variants[name]: {query id: (weighted mistakes, weight)} (`metrics.query_losses`).
    Per outer fold: the engine's and the baseline's held-out loss and, with variants, the nested pick's."""
    candidates = {"engine": engine, **(variants or {})}
    rows = []
    for repeat, fold, held in outer_folds(engine, repeats, k):
        train = [q for q in engine if q not in set(held)]
        row = {"repeat": repeat, "fold": fold, "queries": len(held),
               "bm25": figure(pooled(baseline, held)), "engine": figure(pooled(engine, held))}
        if row["bm25"] is None:
            continue  # no judged pair of different grades among these queries (one relevant document each)
        if variants:
            seed = 1000 + 10 * repeat + fold
            pick = min(candidates, key=lambda name: (inner_loss(candidates[name], train, seed), name != "engine"))
            row.update({name: figure(pooled(losses, held)) for name, losses in variants.items()})
            row.update({"picked": pick, "nested": figure(pooled(candidates[pick], held))})
        rows.append(row)
    if not rows:
        return {"folds": [], "note": "no judged pairs of different grades: the pairwise loss does not apply"}
    columns = ["bm25", "engine", *(variants or {}), *(["nested"] if variants else [])]
    summary = {name: spread([row[name] for row in rows]) for name in columns}
    for name in columns[1:]:
        differences = [row[name] - row["bm25"] for row in rows]
        summary[name].update({"minus_bm25": spread(differences)["mean"], "minus_bm25_std": spread(differences)["std"],
                              "folds_below_bm25": f"{sum(d < 0 for d in differences)}/{len(rows)}"})
    if variants:
        picks = [row["picked"] for row in rows]
        summary["picked"] = {name: picks.count(name) for name in candidates}
    whole = {"bm25": figure(pooled(baseline)), "engine": figure(pooled(engine)),
             **{name: figure(pooled(losses)) for name, losses in (variants or {}).items()}}
    return {"whole_set": whole, "summary": summary, "folds": rows}
