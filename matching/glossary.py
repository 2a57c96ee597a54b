"""The glossary as search reads it: the staff-edited entries (models.GlossaryEntry), a query split into the
phrases the glossary knows (longest first) and the rest, and each phrase's other terms (its other language,
synonyms, abbreviations), which the backends query at a lower weight than the user's own words.

`glossary_entries()` is the selector the matching engine's analysis reads as well. It is kept per process and
read again when the table changed (count and last edit: one small query), so an edit in the admin takes effect
without a restart, and a rolled-back edit leaves nothing stale behind."""
import math
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count, Max

# An expansion counts half of the user's own words: it should find what the words miss, not outrank what they find.
EXPANSION_WEIGHT = 0.5
LATIN = re.compile(r"[0-9a-z]")
WORDY = re.compile(r"[^\W_]")  # a word holds a letter, a digit or a Chinese character (not "/" or "-")
MAX_UNITS = 6  # phrases and words of a query worth expanding (as the database backend's MAX_REQUIRED_TERMS)
_memo = {}  # (count, last edit) -> Lookup


@dataclass(frozen=True)
class Entry:
    key: str
    zh: tuple
    en: tuple
    sectors: tuple  # slugs
    technologies: tuple  # slugs

    @property
    def terms(self):
        return self.zh + self.en


@dataclass
class Phrase:
    text: str  # as the user typed it (normalised)
    entry: Entry
    alternatives: list  # the entry's other terms, preferred first, each once


@dataclass
class Expansion:
    phrases: list = field(default_factory=list)  # [Phrase] in the order of the query
    rest: str = ""  # the words no glossary phrase covers
    pasted: bool = False  # longer than a search box's words: read as it always was (see expand_query)

    @property
    def words(self):
        """The query's other words, each a unit (a Chinese run counts as one word; stop words are left out)."""
        from .backends.database.tokens import STOP  # (the backends import this module)

        return [word for word in self.rest.split() if WORDY.search(word) and word not in STOP]

    def units(self, words="most"):
        """(units a hit must hold, units that only add to its score), each (own text, [alternatives]). `words`
        "topic": only the glossary's phrases must be held, they carry the topic; the other words rank (an English
        query about Chinese listings, "AIGC art", cannot expect its untranslated "art" in them)."""
        phrases = [(phrase.text, phrase.alternatives) for phrase in self.phrases]
        others = [(word, []) for word in self.words]
        if words == "topic" and phrases:
            return phrases, others
        return phrases + others, []

    def required(self, words="most"):
        """How many of the required units a hit holds: one for "any", else all up to two, then 70% rounded down
        (Elasticsearch's "2<70%")."""
        count = len(self.units(words)[0])
        if words == "any":
            return min(1, count)
        return count if count <= 2 else math.floor(0.7 * count)


class Lookup:
    def __init__(self, entries):
        self.entries = entries
        by_term = {}
        for entry in entries:
            for term in entry.terms:
                by_term.setdefault(normalise(term), entry)
        # Longest first: "interaction design" is read before "design", "数字博物馆" before "博物馆".
        self.terms = sorted(((term, entry) for term, entry in by_term.items() if term),
                            key=lambda item: (-len(item[0]), item[0]))

    def expand(self, text):
        query = normalise(text)
        taken = [False] * len(query)
        found = []
        for term, entry in self.terms:
            start = query.find(term)
            while start >= 0:
                end = start + len(term)
                if not any(taken[start:end]) and _bounded(query, start, end):
                    taken[start:end] = [True] * len(term)
                    found.append((start, term, entry))
                start = query.find(term, start + 1)
        phrases = []
        for _, term, entry in sorted(found):
            alternatives = list(dict.fromkeys(
                t for t in (normalise(t) for t in entry.terms) if t and t != term))
            phrases.append(Phrase(text=term, entry=entry, alternatives=alternatives))
        rest = " ".join("".join(" " if taken[i] else c for i, c in enumerate(query)).split())
        return Expansion(phrases=phrases, rest=rest)


def normalise(text):
    """How a search box sees a term: NFKC, case, hyphens and runs of spaces make no difference."""
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("-", " ")
    return " ".join(text.split())


def _bounded(query, start, end):
    """A Latin term matches whole words ("ar" not inside "art"); Chinese has no word boundaries to respect."""
    if LATIN.match(query[start]) and start > 0 and LATIN.match(query[start - 1]):
        return False
    return not (LATIN.match(query[end - 1]) and end < len(query) and LATIN.match(query[end]))


def _lookup():
    from .models import GlossaryEntry

    version = tuple(GlossaryEntry.objects.aggregate(n=Count("pk"), edited=Max("updated_at")).values())
    lookup = _memo.get(version)
    if lookup is None:
        rows = GlossaryEntry.objects.prefetch_related("sectors", "technologies").order_by("key")
        lookup = Lookup([Entry(key=row.key, zh=tuple(row.terms_zh), en=tuple(row.terms_en),
                               sectors=tuple(s.slug for s in row.sectors.all()),
                               technologies=tuple(t.slug for t in row.technologies.all()))
                         for row in rows])
        _memo.clear()
        _memo[version] = lookup
    return lookup


def glossary_entries():
    """[Entry] of the glossary as staff left it (the matching engine's analysis reads it too)."""
    return _lookup().entries


def expand_query(text):
    """The query as units for the backends: the glossary's phrases with their other terms, and the rest. A longer
    text than a search box's few words (a pasted paragraph) is not expanded: no phrases, the backends read it as
    before, with a bounded statement."""
    expansion = _lookup().expand(text or "")
    if len(expansion.units()[0]) > MAX_UNITS:
        return Expansion(rest=normalise(text), pasted=True)
    return expansion
