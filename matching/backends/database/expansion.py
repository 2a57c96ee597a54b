"""The database backend's reading of a search box (issue 14), as the Elasticsearch query reads it: each glossary
phrase of the query (its own words, or one of its other terms) and each other word is a unit, and a hit holds all
units up to two, then 70%; a unit is held by the listing's text or by one of its taxonomy labels."""
import operator
from functools import reduce

from django.db.models import Case, IntegerField, Q, When
from django.db.models.lookups import GreaterThanOrEqual

from marketplace.models import CollaborationType, Listing, Sector, Technology

from ...glossary import EXPANSION_WEIGHT, expand_query
from ...profiles import profile_from_listing
from .bm25 import bm25_scores
from .filters import text_filter
from .tokens import profile_tokens, query_terms, tokens

LABELLED = (  # (taxonomy model, the link table of listings, its column)
    (Sector, Listing.sectors.through, "sector_id"),
    (Technology, Listing.technologies.through, "technology_id"),
    (CollaborationType, Listing.collaboration_types.through, "collaborationtype_id"),
)


def labels():
    """[(model, link table, column, {pk: "中文 label english label"})]: a hundred rows, read per search."""
    return [(model, through, column, {pk: f"{zh} {en}".lower()
                                      for pk, zh, en in model.objects.values_list("pk", "name_zh", "name_en")})
            for model, through, column in LABELLED]


def label_condition(text, taxonomy, *, every_term=False, any_term=False):
    """Listings carrying a label that holds the text's terms as the text filter counts them, or None."""
    terms, required = query_terms(text)
    if every_term or any_term:
        required = len(terms) if every_term else min(1, len(terms))
    if not terms:
        return None
    conditions = []
    for _, through, column, labelled in taxonomy:
        ids = [pk for pk, label in labelled.items() if sum(term in label for term in terms) >= required]
        if ids:
            conditions.append(Q(pk__in=through.objects.filter(**{f"{column}__in": ids}).values("listing_id")))
    return reduce(operator.or_, conditions) if conditions else None


def second_language_condition(text, *, every_term=False, any_term=False):
    """Listings whose second-language title or summary hold the text's terms (a full scan of the listings that have
    one: the text indexes cover the listing's own text)."""
    terms, required = query_terms(text)
    if not terms:
        return None
    if every_term or any_term:
        required = len(terms) if every_term else 1
    held = reduce(operator.add, [Case(When(Q(title_alt__icontains=term) | Q(summary_alt__icontains=term), then=1),
                                      default=0, output_field=IntegerField()) for term in terms])
    return Q(title_alt__gt="") & Q(GreaterThanOrEqual(held, required))


def unit_condition(own, alternatives, taxonomy):
    """The user's words as the text filter reads them; a glossary term whole (its every bigram and word)."""
    conditions = []
    for text in [own, *alternatives]:
        condition = text_filter(text, every_term=text != own)
        if condition:
            conditions.append(condition)
        for extra in (label_condition(text, taxonomy, every_term=text != own),
                      second_language_condition(text, every_term=text != own)):
            if extra is not None:
                conditions.append(extra)
    return reduce(operator.or_, conditions) if conditions else None


def search_condition(text, *, words="most"):
    """(condition, tokens of the user's words, tokens of the expansions) of a search box's text; the units that only
    rank (see Expansion.units) count in BM25, not in the condition."""
    expansion = expand_query(text)
    if expansion.pasted:  # a pasted paragraph: its own text, a bounded statement (at most 16 terms)
        return text_filter(text, any_term=words == "any"), tokens(text), []
    taxonomy = labels()
    # The text as it always was read (the expansion adds hits, never drops one), or a label holding its words.
    condition = text_filter(text, any_term=words == "any")
    for extra in (label_condition(text, taxonomy, any_term=words == "any"),
                  second_language_condition(text, any_term=words == "any")):
        condition = condition if extra is None else condition | extra
    if not expansion.phrases:
        return condition, tokens(text), []
    required, optional = expansion.units(words)
    units = [unit_condition(own, others, taxonomy) for own, others in required]
    units = [unit for unit in units if unit is not None]
    expanded = [term for _, others in required + optional for term in others]
    if not units:
        return condition, tokens(text), tokens(" ".join(expanded))
    needed = min(expansion.required(words), len(units))
    if needed >= len(units):
        condition |= reduce(operator.and_, units)
    else:
        held = reduce(operator.add, [Case(When(unit, then=1), default=0, output_field=IntegerField())
                                     for unit in units])
        condition |= Q(GreaterThanOrEqual(held, needed))
    return condition, tokens(text), tokens(" ".join(expanded))


def search_scores(query_tokens, expanded_tokens, documents):
    """BM25 of the user's words plus EXPANSION_WEIGHT x BM25 of the expansions."""
    scores = bm25_scores(query_tokens, documents)
    if expanded_tokens:
        for key, score in bm25_scores(expanded_tokens, documents).items():
            scores[key] = scores.get(key, 0.0) + EXPANSION_WEIGHT * score
    return scores


def search_documents(rows):
    """The fields BM25 weighs for search: the matching fields, the keywords field also holding every label."""
    documents = []
    for row in rows:
        profile = profile_from_listing(row)
        fields = profile_tokens(profile)
        fields["keywords"] = fields["keywords"] + tokens(" ".join(
            f"{t.name_zh} {t.name_en}" for t in profile.sectors + profile.collaboration))
        fields["title"] = fields["title"] + tokens(profile.title_alt)
        fields["summary"] = fields["summary"] + tokens(profile.summary_alt)
        documents.append((row.pk, fields))
    return documents
