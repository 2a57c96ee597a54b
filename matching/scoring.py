"""The blend of a match: score parts (each 0..1), their weights, and the reasons in both languages.

Both backends retrieve candidates their own way (Elasticsearch BM25, or a Python BM25 over a database
candidate set) and hand the text relevance here; everything else is computed from the two profiles, so a
match explains itself the same way whichever backend found it."""
import math
from dataclasses import dataclass, field

from django.utils import timezone, translation

from accounts.models import Region
from accounts.places import place_name
from marketplace.models import Listing

from . import analysis

WEIGHTS = {
    "text": 0.50,
    "taxonomy": 0.20,
    "collaboration": 0.08,
    "region": 0.07,
    "readiness": 0.10,
    "freshness": 0.05,
}
FRESHNESS_HALF_LIFE_DAYS = 90
SHARED_TERMS_FOR = 20  # the best results whose reasons name the glossary terms they share with the probe
METRO_ZH = {
    Region.YANGTZE_DELTA: "长三角",
    Region.GREATER_BAY: "粤港澳大湾区",
    Region.JING_JIN_JI: "京津冀",
    Region.CHENGDU_CHONGQING: "成渝",
}


@dataclass
class MatchResult:
    listing_id: int | str
    score: float
    parts: dict
    reasons_zh: list = field(default_factory=list)
    reasons_en: list = field(default_factory=list)
    text_score: float = 0.0  # the backend's raw text relevance, before normalisation
    title: str = ""
    kind: str = ""

    def reasons(self, language=None):
        language = language or translation.get_language() or ""
        return self.reasons_en if language.startswith("en") else self.reasons_zh


def _shared(mine, theirs):
    theirs_by_slug = {t.slug: t for t in theirs}
    return [theirs_by_slug[t.slug] for t in mine if t.slug in theirs_by_slug]


def _need_and_capability(probe, other):
    return (probe, other) if probe.kind == Listing.Kind.NEED else (other, probe)


def _region_en(code):
    with translation.override("en"):
        return str(Region(code).label)


def concept_ids(profile):
    """The glossary entries a profile's text mentions: as indexed (read back with it), else found now."""
    if profile.concepts is not None:
        return list(profile.concepts)
    text = "\n".join([profile.title, " ".join(profile.keywords), profile.summary, profile.description])
    return [entry["id"] for entry in analysis.glossary_entries(text)]


def shared_terms(probe, other):
    """The glossary entries both texts mention (in either language): what a reason names in the reader's."""
    theirs = set(concept_ids(other))
    by_id = analysis.glossary_by_id()
    return [by_id[key] for key in concept_ids(probe) if key in theirs and key in by_id]


def blend(probe, other, text, terms=()):
    """Score parts, total and reasons of `other` as a counterpart of `probe`; `text` is already 0..1; `terms`:
    the glossary entries both mention (`shared_terms`), named in each reason's language."""
    reasons_zh, reasons_en = [], []
    parts = {"text": max(0.0, min(1.0, text))}

    sectors = _shared(probe.sectors, other.sectors)
    technologies = _shared(probe.technologies, other.technologies)
    sector_part = len(sectors) / len(probe.sectors) if probe.sectors else 0.0
    tech_part = len(technologies) / len(probe.technologies) if probe.technologies else 0.0
    if probe.sectors and probe.technologies:
        parts["taxonomy"] = 0.4 * sector_part + 0.6 * tech_part
    else:
        parts["taxonomy"] = sector_part or tech_part
    if sectors:
        reasons_zh.append("同属 " + " 与 ".join(t.name_zh for t in sectors))
        reasons_en.append("Same sector: " + ", ".join(t.name_en for t in sectors))
    if technologies:
        reasons_zh.append("共同技术：" + "、".join(t.name_zh for t in technologies))
        reasons_en.append("Shares: " + ", ".join(t.name_en for t in technologies))

    keywords = {k.lower() for k in other.keywords}
    shared_keywords = [k for k in probe.keywords if k.lower() in keywords]
    if shared_keywords:
        reasons_zh.append("共同关键词：" + "、".join(shared_keywords[:5]))
        reasons_en.append("Shared keywords: " + ", ".join(shared_keywords[:5]))
    if terms:
        # An English need and a Chinese capability share 动作捕捉 / motion capture: each reader sees their word.
        reasons_zh.append("共同术语：" + "、".join(entry["zh"][0] for entry in terms[:5]))
        reasons_en.append("Shared terms: " + ", ".join(entry["en"][0] for entry in terms[:5]))
    if not shared_keywords and not terms and parts["text"] >= 0.6:
        reasons_zh.append("内容高度相关")
        reasons_en.append("Closely related text")

    collaboration = _shared(probe.collaboration, other.collaboration)
    if collaboration:
        parts["collaboration"] = 1.0
        reasons_zh.append("合作方式相符：" + "、".join(t.name_zh for t in collaboration))
        reasons_en.append("Compatible collaboration: " + ", ".join(t.name_en for t in collaboration))
    else:
        parts["collaboration"] = 0.5 if not (probe.collaboration and other.collaboration) else 0.0

    parts["region"] = 0.0
    if probe.city and probe.city == other.city:
        parts["region"] = 1.0
        reasons_zh.append(f"同城：{other.city}")
        reasons_en.append(f"Same city: {place_name(other.city, 'en', kind='city')}")
    elif probe.metro_area and probe.metro_area == other.metro_area:
        parts["region"] = 0.7
        reasons_zh.append(f"同属{METRO_ZH.get(other.metro_area, other.metro_area)}地区")
        reasons_en.append(f"Same metro area: {_region_en(other.metro_area)}")
    elif probe.province and probe.province == other.province:
        parts["region"] = 0.5
        reasons_zh.append(f"同省：{other.province}")
        reasons_en.append(f"Same province: {place_name(other.province, 'en', kind='province')}")
    elif probe.remote_ok and other.remote_ok:
        parts["region"] = 0.3

    need, capability = _need_and_capability(probe, other)
    level = capability.trl_min
    if need.trl_min <= level <= need.trl_max:
        parts["readiness"] = 1.0
        if (need.trl_min, need.trl_max) != (1, 9):
            reasons_zh.append(f"成熟度 TRL {level}，在需求的 {need.trl_min}-{need.trl_max} 范围内")
            reasons_en.append(f"Readiness TRL {level} within {need.trl_min}-{need.trl_max}")
    else:
        distance = need.trl_min - level if level < need.trl_min else level - need.trl_max
        parts["readiness"] = max(0.0, 1.0 - distance / 3)

    if other.published_at:
        age_days = max(0.0, (timezone.now() - other.published_at).total_seconds() / 86400)
        parts["freshness"] = math.pow(0.5, age_days / FRESHNESS_HALF_LIFE_DAYS)
    else:
        parts["freshness"] = 0.5

    # The total keeps full precision (rankings and the evaluation's ties depend on it); parts are for display.
    score = sum(WEIGHTS[name] * parts[name] for name in WEIGHTS)
    return {name: round(parts[name], 4) for name in WEIGHTS}, score, reasons_zh, reasons_en


def rank(probe, candidates, limit, reference=None):
    """candidates: [(profile, raw_text_score)]. The text part is the raw score over the best raw score of
    the run (or `reference`, so that separately fetched candidates of one probe stay comparable)."""
    if not candidates:
        return []
    reference = reference or max(raw for _, raw in candidates) or 1.0
    results = []
    for other, raw in candidates:
        parts, score, zh, en = blend(probe, other, raw / reference if reference else 0.0)
        results.append((MatchResult(listing_id=other.id, score=score, parts=parts, reasons_zh=zh, reasons_en=en,
                                    text_score=raw, title=other.title, kind=other.kind), other))
    # Ties broken by raw text relevance so that the order is stable and meaningful.
    results.sort(key=lambda item: (item[0].score, item[0].text_score), reverse=True)
    results = results[:limit] if limit else results
    if analysis.enabled():
        # The shared glossary terms of the results shown only (a counterpart not read from the index is
        # analysed here, and the database backend weighs hundreds).
        for result, other in results[:SHARED_TERMS_FOR]:
            terms = shared_terms(probe, other)
            if terms:
                _, _, result.reasons_zh, result.reasons_en = blend(probe, other, result.parts["text"], terms)
    return [result for result, _ in results]
