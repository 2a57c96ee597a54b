"""Language analysis done in Python, for a cluster without a Chinese segmenter or an English stemmer (this build
has neither): jieba words for Chinese, Snowball stems for English, written into whitespace-analysed index fields
(`documents.analysed_fields`) and applied to queries alike. A cluster with smartcn/IK/ICU names its analysers in
SEARCH_ANALYZER_ZH/EN instead and may turn this off with SEARCH_PYTHON_ANALYSIS=False.

Everything loads once per process (jieba's dictionary, the user words, the glossary) and analysed texts are kept
in an LRU keyed by the text: the benchmark's and a reindex's repeated texts cost one analysis."""
import functools
import json
import logging
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TAXONOMY = Path(__file__).resolve().parent.parent / "marketplace" / "fixtures_data" / "taxonomy.json"
# Lucene's English stop set (= Elasticsearch's `_english_`, what the index's ctx_en analyzer drops).
EN_STOP = frozenset("a an and are as at be but by for if in into is it no not of on or such that the their then "
                    "there these they this to was will with".split())
# Close to the standard tokenizer for English: letters/digits joined by . ' ’ inside a word.
WORD = re.compile(r"\w+(?:[.'’]\w+)*")
CJK = re.compile(r"[\u3400-\u9fff]")
HAS_WORD = re.compile(r"\w")
CACHE_SIZE = 50_000


def enabled():
    from .app_settings import app_settings

    return app_settings.PYTHON_ANALYSIS


# ---- the glossary -------------------------------------------------------------------------------------------
@functools.cache
def glossary_terms():
    """[{"id", "zh": [...], "en": [...], "sectors", "technologies"}]: the bilingual glossary. Read from the file
    shipped in matching/data for now; the one place to point at the staff-edited table when there is one."""
    with open(DATA / "glossary.json", encoding="utf-8") as handle:
        return json.load(handle)


@functools.cache
def glossary_by_id():
    return {entry["id"]: entry for entry in glossary_terms()}


def _fold(term):
    """A term as a search box sees it: case, hyphens and runs of spaces make no difference."""
    return " ".join(term.lower().replace("-", " ").split())


ENGLISH_TERM_WORDS = 5  # the longest English glossary term, in stems, that is looked up


@functools.cache
def _glossary_index():
    """({Chinese term: entry}, {stems of an English term: entry}). A Chinese term in Latin letters only (VR,
    AIGC) is looked up with the English ones, as whole words (not "ar" in "art")."""
    zh, en = {}, {}
    for entry in glossary_terms():
        for term in entry["zh"]:
            if CJK.search(term):
                zh.setdefault(term.lower(), entry)
        for term in entry["en"] + [t for t in entry["zh"] if not CJK.search(t)]:
            key = tuple(stems(_fold(term)))
            if 0 < len(key) <= ENGLISH_TERM_WORDS:
                en.setdefault(key, entry)
    return zh, en


def glossary_entries(text):
    """The glossary entries a text mentions, in either language, in the order of their ids. Chinese terms are
    found among the text's jieba words (every Chinese glossary term is a user word, so it comes out whole),
    English ones as runs of whole stemmed words: lookups in the analysis already made (and cached)."""
    return concepts(analyse_lines(text, "zh").split(), analyse_lines(text, "en").split())


def concepts(zh_words, en_stems):
    """The glossary entries of a text given its analysis (what the index stores: `documents.analysed_fields`)."""
    zh, en = _glossary_index()
    found = {}
    for word in zh_words:
        if word in zh:
            found[zh[word]["id"]] = zh[word]
    for i in range(len(en_stems)):
        for n in range(1, min(ENGLISH_TERM_WORDS, len(en_stems) - i) + 1):
            entry = en.get(tuple(en_stems[i:i + n]))
            if entry:
                found[entry["id"]] = entry
    return [found[key] for key in sorted(found)]


def cross_language_terms(text, language):
    """The other language's preferred terms of the glossary entries `text` (written in `language`, "zh" or "en")
    mentions: what a query or a probe is expanded with, at a lower weight than its own words."""
    other = "en" if language == "zh" else "zh"
    return [entry[other][0] for entry in glossary_entries(text)]


# ---- analysers ----------------------------------------------------------------------------------------------
@functools.cache
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@functools.cache
def _segmenter():
    """A jieba tokenizer of our own (not the module's global one) with the taxonomy's and the glossary's Chinese
    terms as user words, so 数字博物馆 or 动作捕捉 stay whole words (cut_for_search still adds their parts)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in user_words():
        tokenizer.add_word(word)
    return tokenizer


def user_words():
    """The Chinese labels of the shipped taxonomy and the glossary's Chinese terms."""
    words = set()
    with open(TAXONOMY, encoding="utf-8") as handle:
        for terms in json.load(handle).values():
            words.update(t["name_zh"] for t in terms if t.get("name_zh"))
    for entry in glossary_terms():
        words.update(entry["zh"])
    return sorted(w for w in words if CJK.search(w) and " " not in w)


def stems(text):
    """English: lower-cased words without stop words, Snowball-stemmed."""
    return _stemmer().stemWords([w for w in WORD.findall(text.lower()) if w not in EN_STOP and not CJK.search(w)])


def words_zh(text):
    """Chinese: jieba cut_for_search (words and their in-dictionary parts), lower-cased, punctuation dropped."""
    return [t.lower() for t in _segmenter().cut_for_search(text) if HAS_WORD.search(t)]


LINES = re.compile(r"\n+")


def analyse_lines(text, language):
    """`analyse` line by line: a listing's probing text is its title, keywords, summary and description on lines
    of their own, each analysed (and cached) when the listing was indexed, so matching it right after its
    change (the same worker) segments nothing again."""
    return " ".join(filter(None, (analyse(line.strip(), language) for line in LINES.split(text or ""))))


@functools.lru_cache(maxsize=CACHE_SIZE)
def analyse(text, language):
    """`text` as whitespace-joined tokens of `language` ("zh": jieba words, "en": Snowball stems); "" when a
    Chinese analysis is asked of a text without Chinese."""
    if not text:
        return ""
    if language == "zh":
        return " ".join(words_zh(text)) if CJK.search(text) else ""
    return " ".join(stems(text))
