"""The search data assets (matching/data/) are well formed: the bilingual glossary and the search-intent set.

Pure file checks against the shipped taxonomy and demo data; no service is needed."""
import json
import re
import unicodedata
from pathlib import Path

import pytest

from marketplace.taxonomy import COLLABORATION_TYPES, TAXONOMY_FILE

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY_FILE = ROOT / "matching" / "data" / "glossary.json"
INTENT_FILE = ROOT / "matching" / "data" / "search_intent.json"
DEMO_FILE = ROOT / "marketplace" / "fixtures_data" / "demo.json"

ENTRY_KEYS = {"id", "zh", "en", "sectors", "technologies"}
QUERY_KEYS = {"id", "lang", "text", "relevant", "also_relevant_titles", "not_relevant_titles"}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


GLOSSARY = load(GLOSSARY_FILE)
QUERIES = load(INTENT_FILE)
TAXONOMY = load(TAXONOMY_FILE)
SECTORS = {term["slug"] for term in TAXONOMY["sectors"]}
TECHNOLOGIES = {term["slug"] for term in TAXONOMY["technologies"]}


def searchable_demo_listings():
    """What a search of the demo can return: published listings whose deadline has not passed."""
    return [listing for listing in load(DEMO_FILE)["listings"]
            if listing["status"] == "published" and (listing["deadline_days"] is None or listing["deadline_days"] > 0)]


CORPUS = searchable_demo_listings()


def term_key(term):
    """How a search box sees a term: case, hyphens and runs of spaces make no difference."""
    return " ".join(term.casefold().replace("-", " ").split())


def tagged(query, listing):
    rule = query["relevant"]
    return bool(set(rule["sectors"]) & set(listing["sectors"])
                or set(rule["technologies"]) & set(listing["technologies"]))


def relevant_titles(query):
    """The tag rule (any listed sector or technology), plus the hand additions, less the hand exclusions."""
    titles = {listing["title"] for listing in CORPUS if tagged(query, listing)}
    return (titles | set(query["also_relevant_titles"])) - set(query["not_relevant_titles"])


# Glossary

def test_the_glossary_has_at_least_300_entries_of_the_documented_shape():
    assert isinstance(GLOSSARY, list) and len(GLOSSARY) >= 300
    wrong = [entry.get("id", entry) for entry in GLOSSARY if not isinstance(entry, dict) or set(entry) != ENTRY_KEYS
             or not all(isinstance(entry[key], list) for key in ENTRY_KEYS - {"id"})]
    assert not wrong, f"entries without exactly {sorted(ENTRY_KEYS)}: {wrong}"


def test_glossary_ids_are_unique_slugs_in_sorted_order():
    ids = [entry["id"] for entry in GLOSSARY]
    assert [i for i in ids if not isinstance(i, str) or not SLUG.fullmatch(i)] == []
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert ids == sorted(ids), "entries are not sorted by id"


def test_every_glossary_entry_has_terms_in_both_languages_written_cleanly():
    problems = []
    for entry in GLOSSARY:
        for lang in ("zh", "en"):
            if not entry[lang]:
                problems.append(f"{entry['id']}: no {lang} term")
            for term in entry[lang]:
                if not isinstance(term, str) or not term.strip():
                    problems.append(f"{entry['id']}: empty {lang} term")
                elif term != " ".join(term.split()) or unicodedata.normalize("NFKC", term) != term:
                    # stray spaces or full-width letters would never match what users type
                    problems.append(f"{entry['id']}: {lang} term {term!r} is not trimmed and NFKC-normal")
                elif lang == "en" and CJK.search(term):
                    problems.append(f"{entry['id']}: Chinese in the English term {term!r}")
    assert not problems, "\n".join(problems)


def test_a_term_belongs_to_one_glossary_entry_per_language():
    problems = []
    for lang in ("zh", "en"):
        owner = {}
        for entry in GLOSSARY:
            for term in entry[lang]:
                key = term_key(term)
                if key in owner:
                    problems.append(f"{lang} {term!r} in {owner[key]} and {entry['id']}")
                owner.setdefault(key, entry["id"])
    assert not problems, "\n".join(problems)


def test_glossary_entries_point_only_to_taxonomy_slugs():
    problems = [f"{entry['id']}: {slug}" for entry in GLOSSARY for key, known in
                (("sectors", SECTORS), ("technologies", TECHNOLOGIES))
                for slug in entry[key] if slug not in known or entry[key].count(slug) > 1]
    assert not problems, "unknown or repeated taxonomy slugs:\n" + "\n".join(problems)


# Search intent

def test_the_search_intent_set_has_at_least_40_queries_per_language_of_the_documented_shape():
    assert isinstance(QUERIES, list)
    wrong = [query.get("id", query) for query in QUERIES if set(query) != QUERY_KEYS
             or set(query["relevant"]) != {"sectors", "technologies"} or query["lang"] not in ("zh", "en")
             or not re.fullmatch(rf"{query['lang']}-\d\d", query["id"]) or not query["text"].strip()]
    assert not wrong, f"queries not of the documented shape: {wrong}"
    ids = [query["id"] for query in QUERIES]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for lang in ("zh", "en"):
        assert sum(query["lang"] == lang for query in QUERIES) >= 40, lang


def test_queries_are_written_by_users_not_copied_from_labels_or_titles():
    labels = {name.casefold() for kind in ("sectors", "technologies") for term in TAXONOMY[kind]
              for name in (term["name_zh"], term["name_en"])}
    labels |= {name.casefold() for _, zh, en in COLLABORATION_TYPES for name in (zh, en)}
    titles = {listing["title"].casefold() for listing in load(DEMO_FILE)["listings"]}
    copied = [query["id"] for query in QUERIES if query["text"].strip().casefold() in labels | titles]
    assert not copied, f"queries that are a taxonomy label or a listing title verbatim: {copied}"


def test_query_rules_name_taxonomy_slugs_and_searchable_demo_listings_by_exact_title():
    titles = {listing["title"] for listing in CORPUS}
    problems = []
    for query in QUERIES:
        problems += [f"{query['id']}: sector {s}" for s in query["relevant"]["sectors"] if s not in SECTORS]
        problems += [f"{query['id']}: technology {t}"
                     for t in query["relevant"]["technologies"] if t not in TECHNOLOGIES]
        problems += [f"{query['id']}: no searchable listing is titled {title!r}"
                     for title in query["also_relevant_titles"] + query["not_relevant_titles"] if title not in titles]
    assert not problems, "\n".join(problems)


def test_hand_judgements_change_what_the_tag_rule_says():
    by_title = {listing["title"]: listing for listing in CORPUS}
    problems = []
    for query in QUERIES:
        problems += [f"{query['id']}: {title!r} is already relevant by its tags" for title in
                     query["also_relevant_titles"] if title in by_title and tagged(query, by_title[title])]
        problems += [f"{query['id']}: {title!r} is not relevant by its tags, nothing to exclude" for title in
                     query["not_relevant_titles"] if title in by_title and not tagged(query, by_title[title])]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("query", QUERIES, ids=[query["id"] for query in QUERIES])
def test_every_query_finds_something_and_at_most_half_the_corpus(query):
    assert 1 <= len(relevant_titles(query)) <= len(CORPUS) // 2, sorted(relevant_titles(query))
