"""No dead-end empty results (issue 14): when a search finds nothing, the sectors and technologies whose labels or
glossary entries fit its words, each with how many listings it would show, and a relaxed query that finds
something: first the same words without the filters, then any one of the words instead of most of them."""
from dataclasses import dataclass, field, replace

from marketplace.models import Sector, Technology

from .backends import get_search_backend
from .backends.database.tokens import query_terms
from .glossary import expand_query

MAX_TERMS = 6  # suggested sectors and technologies, at most
WITHOUT_FILTERS, ANY_WORD = "without_filters", "any_word"


@dataclass
class Suggestions:
    terms: list = field(default_factory=list)  # [{"facet", "value", "label_zh", "label_en", "count"}]
    relaxed: dict | None = None  # {"kind": WITHOUT_FILTERS | ANY_WORD, "text", "filters", "words", "total"}

    def __bool__(self):
        return bool(self.terms or self.relaxed)


def _fitting_terms(text):
    """[(fit, facet, term)] whose glossary entry holds a phrase of the text (the best fit) or whose label holds one of
    its words or Chinese character pairs (fit: how many)."""
    expansion = expand_query(text)
    slugs = {"sector": set(), "technology": set()}
    for phrase in expansion.phrases:
        slugs["sector"].update(phrase.entry.sectors)
        slugs["technology"].update(phrase.entry.technologies)
    terms, _ = query_terms(text)
    found = []
    for facet, model in (("sector", Sector), ("technology", Technology)):
        for term in model.objects.all():
            label = f"{term.name_zh} {term.name_en}".lower()
            fit = len(terms) + 1 if term.slug in slugs[facet] else sum(t in label for t in terms)
            if fit:
                found.append((fit, facet, term))
    return found


def search_suggestions(*, query, results):
    """Suggestions for a search that found nothing (None when it found something or had no words)."""
    if results.total or not query.text.strip():
        return None
    backend = get_search_backend()
    suggestions = Suggestions()
    fitting = _fitting_terms(query.text)
    if fitting:
        # One facet count of everything the viewer may see: a suggestion leading to nothing is a dead end too.
        counts = backend.search(replace(query, text="", filters={}, page=1, page_size=1, facets=True)).facets
        ranked = []
        for fit, facet, term in fitting:
            count = (counts.get(facet) or {}).get(term.slug, 0)
            if count:
                ranked.append((-fit, -count, {"facet": facet, "value": term.slug, "label_zh": term.name_zh,
                                              "label_en": term.name_en, "count": count}))
        suggestions.terms = [item for _, _, item in sorted(ranked, key=lambda r: r[:2])][:MAX_TERMS]
    candidates = []
    if query.filters:
        candidates.append((WITHOUT_FILTERS, replace(query, filters={}, page=1, page_size=1, facets=False)))
    if query.words != "any":
        candidates.append((ANY_WORD, replace(query, filters={}, words="any", page=1, page_size=1, facets=False)))
    for kind, relaxed in candidates:
        total = backend.search(relaxed).total
        if total:
            suggestions.relaxed = {"kind": kind, "text": relaxed.text, "words": relaxed.words, "total": total}
            break
    return suggestions
