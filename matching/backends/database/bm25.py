"""Relevance on the database backend: BM25 over weighted fields, computed in Python with the idf of the candidate
set (the backend scores a bounded set of candidates, never the whole catalogue)."""
import math
from collections import Counter

from ... import analysis
from ...scoring import rank
from ...text import TUNING, aggregate, script_of, works
from .tokens import profile_tokens, tokens

DB_FIELDS = {"title": 4.0, "keywords": 3.0, "summary": 2.0, "description": 1.0}


def bm25_scores(probe_tokens, documents, k1=1.2, b=0.75):
    """probe_tokens: tokens, or {token: weight}; documents: [(key, {field: tokens})] -> {key: score}; weighted
    fields, idf over the candidate set."""
    n = len(documents) or 1
    df = Counter()
    for _, fields in documents:
        df.update(set(t for tokens_ in fields.values() for t in tokens_))
    query = Counter(probe_tokens) if not isinstance(probe_tokens, dict) else probe_tokens
    averages = {f: (sum(len(fields.get(f, [])) for _, fields in documents) / n) or 1.0 for f in DB_FIELDS}
    scores = {}
    for key, fields in documents:
        total = 0.0
        for field_name, weight in DB_FIELDS.items():
            counts = Counter(fields.get(field_name, []))
            length = sum(counts.values())
            for term in query:
                tf = counts.get(term)
                if not tf:
                    continue
                idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
                total += weight * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / averages[field_name]))
        if total > 0:
            scores[key] = total
    return scores


def work_tokens(work):
    """{token: weight} of one work: its own words (stemmed) and, where the Python analysis is on, the glossary's
    terms of the other language at a lower weight (as the Elasticsearch backend's `work_query`)."""
    query = Counter(tokens(work, stem=True))
    weight = TUNING["cross_language_weight"]
    script = script_of(work)
    if weight and script != "mixed" and analysis.enabled():
        for token in tokens(" ".join(analysis.cross_language_terms(work, script)), stem=True):
            query[token] += weight
    return query


def profile_scores(probe, candidates):
    """{index in candidates: text score}: BM25 of each work of the probe against the candidate profile, the works
    aggregated as on Elasticsearch (`text.aggregate`; a listing is one work)."""
    documents = [(i, profile_tokens(c, stem=True)) for i, c in enumerate(candidates)]
    probe_works = works(probe)
    per_work = {}
    for position, work in enumerate(probe_works):
        for key, score in bm25_scores(work_tokens(work), documents).items():
            per_work.setdefault(key, {})[position] = score
    return {key: aggregate(scores, len(probe_works), TUNING) for key, scores in per_work.items()}


def match_profiles(probe, candidates, *, limit=10):
    """Rank candidate profiles as counterparts of the probe: those sharing text or taxonomy, blended. Needs no
    database (matchmaking events score their event-only profiles with it, the evaluation its corpus)."""
    scores = profile_scores(probe, candidates)
    pairs = [(candidates[i], scores.get(i, 0.0)) for i in range(len(candidates))]
    pairs = [(c, s) for c, s in pairs if s > 0 or (set(c.slugs("sectors")) & set(probe.slugs("sectors")))
             or (set(c.slugs("technologies")) & set(probe.slugs("technologies")))]
    return rank(probe, pairs, limit)
