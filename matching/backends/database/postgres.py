"""PostgreSQL expressions that the indexes of marketplace migrations 0004/0005 answer (the planner uses an index
only for the very expression it is built on), and the prefilter made of them."""
import operator
from functools import reduce

from django.db import connection
from django.db.models import BooleanField, F, Func, Q

from .tokens import CJK

MAX_INDEX_WINDOWS = 8
MAX_WINDOW_WORDS = 3


class ListingTextCondition(Func):
    """A condition on a listing's four text columns, written as the expression a PostgreSQL index of marketplace
    migrations 0004/0005 is built on."""

    output_field = BooleanField()

    def __init__(self, **extra):
        super().__init__(F("title"), F("summary"), F("description"), F("keywords"), **extra)

    def columns(self, compiler):
        """([title, summary, description, keywords] as SQL, their parameters)."""
        compiled = [compiler.compile(expression) for expression in self.source_expressions]
        return [sql for sql, _ in compiled], [param for _, params in compiled for param in params]


class GramsOverlap(ListingTextCondition):
    """The listing's Chinese characters and character pairs (migration 0004) hold one of `grams`."""

    def __init__(self, grams):
        super().__init__(grams=list(grams))

    def as_sql(self, compiler, connection, **extra_context):
        columns, params = self.columns(compiler)
        return f"marketplace_listing_cjk_grams({', '.join(columns)}) && %s::text[]", (*params, self.extra["grams"])


class DocumentContains(ListingTextCondition):
    """The listing's text in capitals (migration 0005's trigram index) holds `term`: as icontains on any of its
    fields, a term having no space."""

    def __init__(self, term):
        super().__init__(term=term)

    def as_sql(self, compiler, connection, **extra_context):
        (title, summary, description, keywords), params = self.columns(compiler)
        document = f"{title} || ' ' || {summary} || ' ' || {description} || ' ' || {keywords}::text"
        return f"UPPER({document}) LIKE UPPER(%s)", (*params, f"%{self.extra['term']}%")


class IdIn(Func):
    """pk = ANY(one array parameter), not one placeholder per id (a one-character query can hold half the
    catalogue)."""

    output_field = BooleanField()

    def __init__(self, ids):
        super().__init__(F("pk"), ids=list(ids))

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} = ANY(%s::bigint[])", (*params, self.extra["ids"])


def index_prefilter(terms, required):
    """A condition every hit meets that the indexes of marketplace 0004/0005 answer, so the exact (LIKE)
    conditions read a few candidate rows instead of every row. A hit misses at most len(terms) - required
    terms, so it holds one of any len(terms) - required + 1 of them: one OR per window of that many consecutive
    terms an index can look up (a Chinese term among the listing's grams, a word of three letters or more
    through its trigrams). None when too few terms can be looked up (e.g. "vr" alone), or off PostgreSQL."""
    if connection.vendor != "postgresql":
        return None
    size = len(terms) - required + 1
    indexed = [term for term in terms if CJK.fullmatch(term) or len(term) >= 3]
    windows = [indexed[i:i + size] for i in range(len(indexed) - size + 1)][:MAX_INDEX_WINDOWS]
    if not windows:
        return None
    conditions = []
    for window in windows:
        chinese = [term for term in window if CJK.fullmatch(term)]
        words = [term for term in window if not CJK.fullmatch(term)]
        if len(words) > MAX_WINDOW_WORDS:
            # Each candidate row rechecks every word's LIKE over its whole text: an English paragraph's windows
            # of eleven words cost more than the scan they spare (13 s against 5 s at 100,000 listings).
            continue
        held = [Q(GramsOverlap(chinese))] if chinese else []
        held += [Q(DocumentContains(term)) for term in words]
        conditions.append(reduce(operator.or_, held))
    return reduce(operator.and_, conditions) if conditions else None
