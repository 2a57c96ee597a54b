"""Highlighted snippets of search hits, made in Python from the database row the hit is read back from, the
same way for both backends.

Elasticsearch's highlighter re-analysed every hit's fields and cost about as much as the search itself (API
search at 10 clients on 100,000 listings: 76 -> 92 requests/s with these instead). The terms marked are those
the analyzers match: English words without stop words, Chinese characters as overlapping bigrams, so
"数字博物馆" also marks "数字" and "博物馆" apart."""
import html
import re

from .text import CJK

STOP_WORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these they "
    "this to was will with".split())  # Lucene's English stop words, as the ctx_en analyzer drops them
_TOKEN = re.compile(r"[\u3400-\u9fff]+|[^\W_\u3400-\u9fff]+")  # "VR眼镜" -> "VR", "眼镜", as the tokenizer does
FIELDS = ("title", "summary", "description")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MARKDOWN_MARKERS = re.compile(r"(?m)(^\s*|\s)#{1,6}\s+|(^\s*)(>|[-+*]|\d+\.)\s+|\*\*|__|`")


def snippets(texts, terms):
    """{field: snippet} of a hit's title, summary and description (`texts` maps field names to text)."""
    found = {}
    for name in FIELDS if terms else ():
        snippet = plain_snippet(highlight(texts.get(name), terms))
        if snippet:
            found[name] = snippet
    return found


def plain_snippet(snippet):
    """A highlighted fragment of a Markdown description without its syntax ("### Goals", "**bold**", links)."""
    return MARKDOWN_MARKERS.sub(lambda m: m.group(1) or m.group(2) or "", MARKDOWN_LINK.sub(r"\1", snippet)).strip()


def highlight_terms(text):
    """The query's words (lower case, no stop words) and its Chinese runs as bigrams (a lone character stays)."""
    terms = set()
    for token in _TOKEN.findall(text or ""):
        if CJK.match(token):
            terms.update(token[i:i + 2] for i in range(max(1, len(token) - 1)))
        elif token.lower() not in STOP_WORDS:
            terms.add(token.lower())
    return terms


def _pattern(terms):
    alternatives = []
    for term in sorted(terms, key=len, reverse=True):
        # A word matches whole words only; Chinese has no word boundaries to respect.
        alternatives.append(re.escape(term) if CJK.match(term) else rf"(?<![^\W_]){re.escape(term)}(?![^\W_])")
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _spans(text, pattern):
    """Matched spans, overlapping and touching ones merged ("数字" + "字博" + "博物" -> "数字博物")."""
    spans = []
    position = 0
    while position < len(text):
        found = pattern.search(text, position)
        if not found:
            break
        start, end = found.span()
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
        position = start + 1  # overlapping bigrams: look again from the next character
    return spans


def highlight(text, terms, size=140):
    """An HTML-escaped fragment of about `size` characters around the most matches, each wrapped in <mark>;
    "" when nothing matches."""
    text = text or ""
    if not text or not terms:
        return ""
    spans = _spans(text, _pattern(terms))
    if not spans:
        return ""
    start = 0
    if len(text) > size:
        # The window, beginning a little before a match, that holds the most matches.
        starts = [max(0, span_start - size // 4) for span_start, _ in spans]
        start = max(starts, key=lambda s: sum(1 for a, b in spans if a >= s and b <= s + size))
    end = min(len(text), start + size)
    out, last = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out += [html.escape(text[last:span_start]), "<mark>", html.escape(text[span_start:span_end]), "</mark>"]
        last = span_end
    out.append(html.escape(text[last:end]))
    return ("…" if start else "") + "".join(out).strip() + ("…" if end < len(text) else "")
