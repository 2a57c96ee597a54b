"""Synthetic catalogue for the speed benchmark, built from the shared public texts (csl-zh papers as
capabilities, EU funding topics as needs) with varied taxonomy, regions, readiness and dates."""
import csv
import json
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, Region
from marketplace.models import CollaborationType, Listing, Sector, Technology

from ..app_settings import app_settings

DATA = app_settings.SHARED_DATA_DIR
PREFIX = "bench-"
PROVINCES = [("上海", "上海", Region.YANGTZE_DELTA), ("浙江", "杭州", Region.YANGTZE_DELTA),
             ("江苏", "南京", Region.YANGTZE_DELTA), ("广东", "深圳", Region.GREATER_BAY),
             ("广东", "广州", Region.GREATER_BAY), ("北京", "北京", Region.JING_JIN_JI),
             ("天津", "天津", Region.JING_JIN_JI), ("四川", "成都", Region.CHENGDU_CHONGQING),
             ("重庆", "重庆", Region.CHENGDU_CHONGQING), ("湖北", "武汉", "")]
SECTORS = [("bench-museum", "数字博物馆", "Digital museums"), ("bench-games", "游戏", "Games"),
           ("bench-film", "影视动画", "Film and animation"), ("bench-vr", "VR/AR", "VR/AR"),
           ("bench-tourism", "文旅", "Tourism"), ("bench-music", "音乐", "Music"),
           ("bench-publishing", "出版", "Publishing"), ("bench-live", "直播", "Live streaming")]
TECHS = [("bench-engine", "游戏引擎", "game engine"), ("bench-cloud", "云渲染", "cloud rendering"),
         ("bench-ai", "人工智能生成", "generative AI"), ("bench-scan", "三维扫描", "3D scanning"),
         ("bench-mocap", "动作捕捉", "motion capture"), ("bench-uhd", "超高清", "ultra-HD"),
         ("bench-5g", "5G", "5G"), ("bench-blockchain", "区块链", "blockchain"),
         ("bench-iot", "物联网", "IoT"), ("bench-nlp", "自然语言处理", "NLP")]


def _texts():
    papers = [json.loads(line) for line in open(DATA / "csl-zh" / "papers.jsonl", encoding="utf-8")]
    capabilities = [(p["title"], p["abstract"][:480], p["abstract"], p.get("keywords") or []) for p in papers]
    with open(DATA / "csl-zh" / "titles_category_train.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            capabilities.append((row["title"], row["title"], "", [row["category"]]))
    topics = [json.loads(line) for line in open(DATA / "eu-funding-topics" / "topics_all.jsonl", encoding="utf-8")]
    needs = [(t["title"][:200], (t.get("description") or "")[:480], (t.get("description") or "")[:4000],
              list(t.get("keywords") or [])[:10]) for t in topics]
    return capabilities, needs


def _taxonomy():
    sectors = [Sector.objects.get_or_create(slug=s, defaults={"name_zh": zh, "name_en": en})[0]
               for s, zh, en in SECTORS]
    techs = [Technology.objects.get_or_create(slug=s, defaults={"name_zh": zh, "name_en": en})[0]
             for s, zh, en in TECHS]
    collabs = list(CollaborationType.objects.all()) or [
        CollaborationType.objects.get_or_create(slug=s, defaults={"name_zh": s, "name_en": s})[0]
        for s in ("licensing", "joint_rd", "contract_research", "consulting")]
    return sectors, techs, collabs


def existing_count():
    return Listing.objects.filter(external_id__startswith=PREFIX).count()


def generate(count, seed=7, progress=None):
    """Create `count` published listings (bulk inserts); returns the number created."""
    rng = random.Random(seed)
    capabilities, needs = _texts()
    sectors, techs, collabs = _taxonomy()
    orgs = []
    kinds = list(Organisation.Kind.values)
    for n in range(200):
        province, city, metro = PROVINCES[n % len(PROVINCES)]
        orgs.append(Organisation(slug=f"{PREFIX}org-{n}-{rng.randrange(10**9)}", kind=kinds[n % len(kinds)],
                                 name_zh=f"基准机构{n}", name_en=f"Bench organisation {n}", province=province,
                                 city=city, metro_area=metro,
                                 verification=Organisation.Verification.VERIFIED if n % 3 else "unverified"))
    Organisation.objects.bulk_create(orgs)
    now = timezone.now()
    visibilities = [Listing.Visibility.PUBLIC] * 8 + [Listing.Visibility.MEMBERS, Listing.Visibility.VERIFIED]
    created = 0
    batch = 5000
    bar = progress(total=count, unit="listings") if progress else None
    while created < count:
        size = min(batch, count - created)
        rows = []
        for i in range(size):
            is_need = rng.random() < 0.35
            title, summary, description, keywords = rng.choice(needs if is_need else capabilities)
            org = rng.choice(orgs)
            trl = rng.randint(2, 8)
            province, city, metro = rng.choice(PROVINCES)
            published = now - timedelta(days=rng.randint(0, 720), minutes=rng.randint(0, 1440))
            rows.append(Listing(
                organisation=org, kind=Listing.Kind.NEED if is_need else Listing.Kind.CAPABILITY,
                title=title[:200] or "untitled", summary=summary[:500] or title[:500], description=description,
                keywords=keywords, trl_min=max(1, trl - 1) if is_need else trl,
                trl_max=min(9, trl + 2) if is_need else trl,
                province=province, city=city, metro_area=metro, remote_ok=rng.random() < 0.7,
                deadline=(now + timedelta(days=rng.randint(10, 400))).date() if rng.random() < 0.6 else None,
                visibility=rng.choice(visibilities), status=Listing.Status.PUBLISHED, published_at=published,
                external_id=f"{PREFIX}{created + i}"))
        with transaction.atomic():
            made = Listing.objects.bulk_create(rows)
            links = {"sectors": [], "technologies": [], "collaboration_types": []}
            for listing in made:
                for s in rng.sample(sectors, rng.randint(1, 2)):
                    links["sectors"].append(Listing.sectors.through(listing_id=listing.pk, sector_id=s.pk))
                for t in rng.sample(techs, rng.randint(1, 3)):
                    links["technologies"].append(
                        Listing.technologies.through(listing_id=listing.pk, technology_id=t.pk))
                for c in rng.sample(collabs, rng.randint(1, 2)):
                    links["collaboration_types"].append(
                        Listing.collaboration_types.through(listing_id=listing.pk, collaborationtype_id=c.pk))
            for name, objects in links.items():
                getattr(Listing, name).through.objects.bulk_create(objects)
        created += size
        if bar:
            bar.update(size)
    if bar:
        bar.close()
    return created
