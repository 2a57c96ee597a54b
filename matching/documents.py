"""The listings index: analysis, mapping and the document body of one listing.

Built per call from settings (analyzer names, prefix), never stored on a Document class, so that tests and
the evaluation can point at their own indexes without mutating shared state."""
from elasticsearch_dsl import Index, Mapping, analyzer, token_filter

from .app_settings import DEFAULT_ANALYZER_EN, DEFAULT_ANALYZER_ZH, app_settings

# Text fields and their weight in matching: title > keywords/technologies > summary > description.
TEXT_FIELDS = {"title": 4.0, "keywords_text": 3.0, "summary": 2.0, "description": 1.0}
# Search (not matching) also reads the sector, technology and collaboration labels in both languages.
SEARCH_FIELDS = dict(TEXT_FIELDS, labels_text=2.0, title_alt=4.0, summary_alt=2.0)
BM25 = {"type": "BM25", "k1": 1.2, "b": 0.75}
# BM25 with Lucene's defaults: under cross-validation over researchers LMDirichlet mu=2000 was worse (+0.022 +-
# 0.029) and mu=the average length no better (matching/README.md); the mu=100 used before was tuned on the very
# researchers it was judged on. SEARCH_SIMILARITY overrides it.
DEFAULT_SIMILARITY = BM25
SIMILARITY = "ctx_text"


def _analyzers():
    """The analyzers of the test build (standard tokenizer, lowercase, stop, shingle). A production cluster
    may name smartcn/ICU/language analyzers in SEARCH_ANALYZER_ZH / SEARCH_ANALYZER_EN instead."""
    bigrams = token_filter("ctx_bigrams", "shingle", min_shingle_size=2, max_shingle_size=2,
                           output_unigrams=False)
    unigrams_and_bigrams = token_filter("ctx_uni_bigrams", "shingle", min_shingle_size=2, max_shingle_size=2,
                                        output_unigrams=True)
    english_stop = token_filter("ctx_english_stop", "stop", stopwords="_english_")
    return {
        DEFAULT_ANALYZER_ZH: analyzer(DEFAULT_ANALYZER_ZH, tokenizer="standard",
                                           filter=["lowercase", unigrams_and_bigrams]),
        "ctx_zh_bi": analyzer("ctx_zh_bi", tokenizer="standard", filter=["lowercase", bigrams]),
        DEFAULT_ANALYZER_EN: analyzer(DEFAULT_ANALYZER_EN, tokenizer="standard",
                                           filter=["lowercase", english_stop]),
    }


def _text_field(zh, en, **options):
    # Main field: Chinese characters + bigrams; .en: English words; .bi: bigrams only (phrase-like precision).
    return {
        "type": "text", "analyzer": zh, "similarity": SIMILARITY, **options,
        "fields": {
            "en": {"type": "text", "analyzer": en, "similarity": SIMILARITY},
            "bi": {"type": "text", "analyzer": "ctx_zh_bi", "similarity": SIMILARITY},
        },
    }


def listings_mapping():
    zh, en = app_settings.ANALYZER_ZH, app_settings.ANALYZER_EN
    mapping = Mapping()
    properties = {name: _text_field(zh, en, copy_to="text_all") for name in TEXT_FIELDS}
    properties.update(matching_fields(zh, en))
    properties.update(search_text_properties(zh, en))
    properties["suggest"] = {"type": "text", "analyzer": "standard"}
    for name in ("kind", "status", "visibility", "org_kind", "sectors", "technologies", "collaboration",
                 "keywords", "province", "city", "metro_area"):
        properties[name] = {"type": "keyword"}
    properties.update({
        "listing_id": {"type": "long"},
        "organisation_id": {"type": "long"},
        "trl_min": {"type": "integer"},
        "trl_max": {"type": "integer"},
        "remote_ok": {"type": "boolean"},
        "featured": {"type": "boolean"},
        "deadline": {"type": "date"},
        "published_at": {"type": "date"},
        "updated_at": {"type": "date"},
        "labels": {"type": "object", "enabled": False},
    })
    mapping.meta("dynamic", "strict")
    mapping.meta("_source", {"excludes": list(ANALYSED_FIELDS)})  # rebuilt from the database, never read back
    for name, definition in properties.items():
        mapping.field(name, _field(definition))
    return mapping


# ---- matching's fields: all of a listing's text in one field, and its Python analysis ---------------------------
ANALYSED_FIELDS = ("text_seg", "text_stem")


def matching_fields(zh, en):
    """`text_all`: every text field copied into one (title, keywords and technologies, summary, description), with
    the same analyses; `text_seg`/`text_stem`: its jieba words and Snowball stems made in Python
    (matching/analysis.py), whitespace-tokenised; `concepts`: the glossary entries it mentions."""
    return {
        "text_all": _text_field(zh, en),
        **{name: {"type": "text", "analyzer": "whitespace", "similarity": SIMILARITY} for name in ANALYSED_FIELDS},
        "concepts": {"type": "keyword"},
    }


def analysed_fields(profile):
    """The Python analysis of a listing's text (empty when SEARCH_PYTHON_ANALYSIS is off), field by field: the
    same text gives the same analysis from a process-wide LRU (`analysis.analyse`), and a description or a title
    recurs far more often than their combination."""
    from . import analysis

    if not analysis.enabled():
        return {}
    parts = [profile.title, listing_keywords_text(profile), profile.summary, profile.description]
    zh = " ".join(filter(None, (analysis.analyse(part, "zh") for part in parts)))
    en = " ".join(filter(None, (analysis.analyse(part, "en") for part in parts)))
    return {"text_seg": zh, "text_stem": en,
            "concepts": [entry["id"] for entry in analysis.concepts(zh.split(), en.split())]}


def listing_keywords_text(profile):
    return " ".join(list(profile.keywords) + [t.name_zh for t in profile.technologies]
                    + [t.name_en for t in profile.technologies])


def _field(definition):
    from elasticsearch_dsl import field as dsl_field

    definition = dict(definition)
    kind = definition.pop("type")
    return dsl_field.construct_field(kind, **definition)


def similarity_settings(override=None):
    chosen = override or app_settings.SIMILARITY or DEFAULT_SIMILARITY
    return chosen if "type" in chosen else dict(BM25, **chosen)


def listings_index(name, bm25=None):
    index = Index(name)
    index.settings(
        number_of_shards=1,
        number_of_replicas=app_settings.INDEX_REPLICAS,
        similarity={SIMILARITY: similarity_settings(bm25)},
        max_result_window=10000,
    )
    for definition in _analyzers().values():
        index.analyzer(definition)
    index.mapping(listings_mapping())
    return index


def _labels(terms):
    return [[t.slug, t.name_zh, t.name_en] for t in terms]


def search_text_properties(zh, en):
    """The text fields only search reads (issue 14): the taxonomy labels of a listing, its second-language title and
    summary."""
    return {name: _text_field(zh, en) for name in ("labels_text", "title_alt", "summary_alt")}


def search_text_document(profile):
    """Every sector, technology and collaboration label of a listing in both languages, and its title and summary
    in the other language: searchable text."""
    terms = profile.sectors + profile.technologies + profile.collaboration
    return {"labels_text": " \n".join(f"{t.name_zh} {t.name_en}" for t in terms),
            "title_alt": profile.title_alt, "summary_alt": profile.summary_alt}


def listing_document(profile):
    """The indexed body of one listing (ListingProfile)."""
    keywords_text = listing_keywords_text(profile)
    return {
        "listing_id": profile.id if isinstance(profile.id, int) else None,
        "kind": profile.kind,
        "status": profile.status,
        "visibility": profile.visibility,
        "organisation_id": profile.organisation_id,
        "org_kind": profile.org_kind or None,
        "title": profile.title,
        "summary": profile.summary,
        "description": profile.description,
        "keywords_text": keywords_text,
        "keywords": list(profile.keywords),
        "suggest": [profile.title] + list(profile.keywords),
        "sectors": profile.slugs("sectors"),
        "technologies": profile.slugs("technologies"),
        "collaboration": profile.slugs("collaboration"),
        "trl_min": profile.trl_min,
        "trl_max": profile.trl_max,
        "province": profile.province or None,
        "city": profile.city or None,
        "metro_area": profile.metro_area or None,
        "remote_ok": profile.remote_ok,
        "featured": profile.featured,
        "deadline": profile.deadline.isoformat() if profile.deadline else None,
        "published_at": profile.published_at.isoformat() if profile.published_at else None,
        "updated_at": profile.updated_at.isoformat() if profile.updated_at else None,
        "labels": {
            "sectors": _labels(profile.sectors),
            "technologies": _labels(profile.technologies),
            "collaboration": _labels(profile.collaboration),
        },
        **analysed_fields(profile),
        **search_text_document(profile),
    }


def profile_from_document(doc_id, source):
    """The counterpart side of scoring, read back from the index (no database round trip per candidate)."""
    from datetime import date, datetime

    from .profiles import ListingProfile, Term

    def terms(name):
        return [Term(*item) for item in (source.get("labels") or {}).get(name, [])]

    def parse(value, kind):
        if not value:
            return None
        return date.fromisoformat(value[:10]) if kind is date else datetime.fromisoformat(value)

    return ListingProfile(
        id=source.get("listing_id") or doc_id,
        kind=source["kind"], title=source.get("title") or "", summary=source.get("summary") or "",
        description="", keywords=source.get("keywords") or [],
        sectors=terms("sectors"), technologies=terms("technologies"), collaboration=terms("collaboration"),
        status=source.get("status"), visibility=source.get("visibility"),
        organisation_id=source.get("organisation_id"), org_kind=source.get("org_kind") or "",
        trl_min=source.get("trl_min") or 1, trl_max=source.get("trl_max") or 9,
        province=source.get("province") or "", city=source.get("city") or "",
        metro_area=source.get("metro_area") or "", remote_ok=bool(source.get("remote_ok")),
        deadline=parse(source.get("deadline"), date), published_at=parse(source.get("published_at"), datetime),
        updated_at=parse(source.get("updated_at"), datetime), featured=bool(source.get("featured")),
        concepts=source.get("concepts"),
    )
