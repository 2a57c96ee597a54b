"""The probing text of a listing and the works it is scored as.

A listing (one offer: title, keywords, summary, description) is one work and one query. A profile of many works
(a researcher's publications: `ListingProfile.works`) is scored work by work and aggregated
(`queries.aggregate`): one flat query over twenty abstracts lets a handful of frequent words dominate. Every
knob below and its evidence: matching/README.md."""
import re

TUNING = {
    # ---- matching (chosen by cross-validation over researchers, matching/README.md) ----
    "aggregate": "top5",  # a counterpart's score over a profile's works: the mean of its top_k best
    "top_k": 5,
    "english": "std",  # English words as the index's ctx_en reads them ("stem": Snowball stems: no gain)
    "cross_language_weight": 0.5,  # the glossary's other-language terms, below the probe's own words
    # ---- speed at 100,000 listings, not quality: long works query their most informative terms ----
    "max_query_terms": 100,  # an English abstract has ~100 distinct words: the cap rarely binds
    "max_doc_freq": 2000,  # ... and no term found in more listings than this
    "select_min_tokens": 8,
    "long_zh_chars": 200,  # longer Chinese texts query their selected bigrams and words
    # ---- search (search_request's multi_match over the per-field analyses) ----
    "tie_breaker": 0.3,
    "en_weight": 1.0,
    "bi_weight": 1.0,
    "zh_weight": 1.0,
    "by_script": True,  # an English text queries the English fields only, a Chinese one the Chinese fields
}
MAX_WORKS = 100  # works of a profile scored (a request each)

def probing_text(profile):
    pieces = [profile.title, " ".join(profile.keywords)]
    # Technology names in the language of the listing: an English text stays English (one set of fields).
    script = script_of(" ".join([profile.title, profile.summary, profile.description[:500]]))
    pieces += [{"zh": t.name_zh, "en": t.name_en}.get(script, t.name_zh + " " + t.name_en)
               for t in profile.technologies]
    summary = profile.summary.strip()
    # A summary cut from the description adds nothing.
    if summary and summary != profile.title.strip() and summary[:200] not in profile.description:
        pieces.append(summary)
    pieces.append(profile.description)
    return "\n\n".join(p.strip() for p in pieces if p and p.strip())


def works(profile):
    """The texts a probe is scored as: the works of a profile of many works, else the listing's text."""
    if profile.works:
        return [w.strip() for w in profile.works if w and w.strip()][:MAX_WORKS]
    text = probing_text(profile).strip()
    return [text] if text else []


def aggregate(scores, works, tuning):
    """A counterpart's text score from its scores on each of `works` works ({position: score}; a work that did
    not reach it counts 0): the mean of its `top_k` best (OpenReview's expertise service; "top5" under
    cross-validation: -0.028 +- 0.017 against the whole profile as one query, better in 48 of 50 folds), or
    "sum097", the weighted sum this engine used before (sum of 0.97^i x score of work i), kept for comparison."""
    if tuning["aggregate"] == "sum097":
        return sum(0.97 ** position * score for position, score in scores.items())
    k = tuning["top_k"]
    best = sorted(scores.values(), reverse=True)[:k]
    return sum(best) / min(k, max(1, works))


CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def script_of(text):
    """"zh", "en" or "mixed": which analysed fields a piece of text is worth querying."""
    cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text)) / 5  # ~5 letters per English word
    if cjk and latin:
        share = cjk / (cjk + latin)
        return "zh" if share > 0.8 else "en" if share < 0.2 else "mixed"
    return "zh" if cjk else "en"
