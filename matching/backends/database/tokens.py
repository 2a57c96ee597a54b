"""A text as the database backend reads it, the way the Elasticsearch analyzers do: English words without stop
words, Chinese runs as characters and overlapping bigrams."""
import math
import re

from ... import analysis

CJK = re.compile(r"[\u3400-\u9fff]+")
WORD = re.compile(r"[a-z0-9]+")
FILTER_TOKEN = re.compile(r"[\u3400-\u9fff]+|[^\W_\u3400-\u9fff]+")  # "VR眼镜" -> "vr", "眼镜" (as highlight.py)
MAX_FILTER_TERMS = 16
MAX_REQUIRED_TERMS = 6
STOP = set("a an and are as at be but by for if in into is it no not of on or such that the their then there "
           "these they this to was will with we our from which can also".split())


def tokens(text, stem=False):
    """Search reads words as typed; matching (`stem`) reads their Snowball stems where the Python analysis is on,
    as the Elasticsearch backend's matching reads the index's stems."""
    text = (text or "").lower()
    result = [w for w in WORD.findall(text) if w not in STOP]
    if stem and result and analysis.enabled():
        result = analysis.stems(" ".join(result))
    for run in CJK.findall(text):
        result.extend(run)
        result.extend(run[i:i + 2] for i in range(len(run) - 1))
    return result


def profile_tokens(profile, stem=False):
    """{field: tokens} of a ListingProfile, the fields BM25 weighs."""
    return {
        "title": tokens(profile.title, stem),
        "keywords": tokens(" ".join(profile.keywords + [t.name_zh + " " + t.name_en for t in profile.technologies]),
                           stem),
        "summary": tokens(profile.summary, stem),
        "description": tokens(profile.description, stem),
    }


def query_terms(text):
    """(terms, required): the ORM filter's terms and how many of them a listing must hold to be a hit.

    Terms as the Elasticsearch analyzers see them: English words without stop words, Chinese runs as
    overlapping bigrams (a lone character as is). Where a phrase's words meet, a listing writing them apart
    loses a bigram (数字博物馆 -> 数字化的博物馆 keeps 数字, 博物, 物馆), so a run counts for 60% of its bigrams,
    rounded up (all of them up to two): three of four for 数字博物馆, which 博物馆 alone, or its characters
    scattered over other words (数据, 博士, 图书馆), do not reach. A word counts for one; at most six in all, so a
    keyword list or a pasted paragraph is not held to every term. Only the first 16 terms filter (a bounded
    statement for any query); BM25 over the whole query ranks."""
    terms, required = [], 0
    for token in FILTER_TOKEN.findall(text.lower()):
        if CJK.fullmatch(token):
            group = [token] if len(token) == 1 else [token[i:i + 2] for i in range(len(token) - 1)]
        elif token not in STOP:
            group = [token]
        else:
            continue
        group = [term for term in dict.fromkeys(group) if term not in terms][:MAX_FILTER_TERMS - len(terms)]
        terms.extend(group)
        required += len(group) if len(group) <= 2 else math.ceil(0.6 * len(group))
    return terms, min(required, MAX_REQUIRED_TERMS)
