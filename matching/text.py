"""The probing text of a listing and how it becomes queries.

Long texts (a researcher's profile of twenty abstracts) are split into their paragraphs: each paragraph is a
clause of one query, so a counterpart's text relevance is the sum of its scores over all paragraphs (how much
of the probing text it covers). One flat query over a long text lets a handful of frequent words dominate."""
import re

# Tuned on the shared evaluation sets (see the evaluate_matching command).
TUNING = {
    # A listing (title, summary, description: one offer) is one query; a longer text, such as a profile of
    # many works, is split into its paragraphs (reviewer-expertise-dev pairwise loss 0.216 -> 0.2137, and a
    # listing's three paragraphs cost a match p95 ~66 ms at 100,000 listings, one query ~41 ms).
    "segment_min_chars": 5000,
    "max_segments": 24,
    "tie_breaker": 0.3,
    "en_weight": 1.0,
    "bi_weight": 1.0,
    "zh_weight": 1.0,
    "by_script": True,  # English paragraphs query the English fields only, Chinese ones the Chinese fields
    # Long paragraphs query only their most informative terms (speed at 100,000 listings); an English
    # abstract has ~100 distinct words, so that cap keeps nearly all of them (fewer lost quality).
    "max_query_terms_en": 100,
    "max_query_terms_zh": 100,
    "max_doc_freq": 2000,  # ... and no term found in more listings than this (at 100,000 they cost, not tell)
    "select_min_tokens": 8,
    "max_query_terms_zh_short": 30,  # a short Chinese text holding frequent characters: its 30 best terms
    # Paragraph i of a long profile counts 0.97^i: a profile lists its newest, most telling work first
    # (reviewer-expertise-dev pairwise loss 0.2465 -> 0.2355).
    "segment_decay": 0.97,
    # Pseudo-relevance feedback for long English paragraphs (see feedback_terms): the 10 most probable words
    # of the 3 best hits make 0.3 of a paragraph's score (reviewer-expertise-dev pairwise loss 0.2426 -> 0.2137).
    "feedback_docs": 3,
    "feedback_terms": 10,
    "feedback_share": 0.3,
    "long_zh_chars": 200,  # longer Chinese paragraphs query the bigram fields only (speed at 100,000 listings)
}

PARAGRAPH = re.compile(r"\n\s*\n")


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


def segments(text, tuning=TUNING):
    text = text.strip()
    if len(text) < tuning["segment_min_chars"]:
        return [text] if text else []
    parts = [p.strip() for p in PARAGRAPH.split(text) if p.strip()]
    # Merge tiny paragraphs (a title line, a keyword list) into their neighbour.
    merged = []
    for part in parts:
        if merged and len(merged[-1]) < 200:
            merged[-1] = merged[-1] + "\n" + part
        else:
            merged.append(part)
    return merged[: tuning["max_segments"]] or [text]


CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def script_of(text):
    """"zh", "en" or "mixed": which analysed fields a piece of text is worth querying."""
    cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text)) / 5  # ~5 letters per English word
    if cjk and latin:
        share = cjk / (cjk + latin)
        return "zh" if share > 0.8 else "en" if share < 0.2 else "mixed"
    return "zh" if cjk else "en"
