"""Fixtures of the matching tests: the backend under test (the real PostgreSQL, or the real Elasticsearch in
an index namespace of its own per test) and a small bilingual catalogue."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.models import Membership
from marketplace.models import CollaborationType, Listing
from matching.services import listing_sync
from tests.factories import make_listing, make_member, make_org, make_sector, make_staff, make_technology
from tests.fixtures.celery_worker import celery_broker_url, celery_live, celery_worker, private_redis  # noqa: F401
from tests.fixtures.search import backend_name, use_elasticsearch  # noqa: F401


def sync(*listings):
    """What the on-commit task does for each listing: index it (or delete it) and refresh its matches."""
    for listing in listings:
        listing_sync(listing_id=listing.pk)


@pytest.fixture
def catalogue(backend_name, transactional_db):
    """Published listings in Chinese and English with taxonomy, plus listings that must never show."""
    # Transactional tests flush the taxonomy rows seeded by migrations: put back the ones used here.
    for slug, zh, en in [("joint_rd", "联合研发", "Joint R&D"), ("licensing", "技术许可与转让", "Licensing"),
                         ("contract_research", "委托研发", "Contract research")]:
        CollaborationType.objects.get_or_create(slug=slug, defaults={"name_zh": zh, "name_en": en})
    museum = make_sector("t-museum", name_zh="数字博物馆", name_en="Digital museums")
    vr = make_sector("t-vr-ar", name_zh="VR/AR", name_en="VR/AR")
    games = make_sector("t-games", name_zh="游戏", name_en="Games")
    engine = make_technology("t-game-engine", name_zh="游戏引擎", name_en="game engine")
    cloud = make_technology("t-cloud-rendering", name_zh="云渲染", name_en="cloud rendering")
    scan = make_technology("t-3d-scanning", name_zh="三维扫描", name_en="3D scanning")

    lab = make_org(kind="university", name_zh="东方大学", metro_area="yangtze_delta", city="上海")
    firm = make_org(kind="enterprise", name_zh="长河文旅", metro_area="yangtze_delta", city="杭州")
    studio = make_org(kind="enterprise", name_zh="南方游戏", metro_area="greater_bay", city="深圳")
    verified_firm = make_org(kind="enterprise", verified=True)
    now = timezone.now()

    scanning = make_listing(
        lab, kind=Listing.Kind.CAPABILITY, title="文物三维数字化扫描与重建",
        summary="面向博物馆的高精度文物三维扫描、纹理重建与数字孪生展示", keywords=["文物数字化", "三维重建"],
        sectors=[museum, vr], technologies=[scan, engine], collaboration_types=["joint_rd", "licensing"],
        trl_min=6, trl_max=6, city="上海", province="上海", metro_area="yangtze_delta",
        published_at=now - timedelta(days=3), deadline=timezone.localdate() + timedelta(days=60))
    rendering = make_listing(
        lab, kind=Listing.Kind.CAPABILITY, title="Cloud rendering for mobile games",
        summary="A real-time cloud rendering pipeline that streams console-quality graphics to phones",
        keywords=["cloud gaming", "streaming"], sectors=[games], technologies=[cloud, engine],
        collaboration_types=["contract_research"], trl_min=7, trl_max=7, city="上海", province="上海",
        metro_area="yangtze_delta", published_at=now - timedelta(days=1))
    museum_need = make_listing(
        firm, kind=Listing.Kind.NEED, title="数字博物馆沉浸式展陈需要文物三维扫描",
        summary="为省级博物馆寻找文物三维数字化与VR展示的合作团队", keywords=["文物数字化", "沉浸式展陈"],
        sectors=[museum, vr], technologies=[scan, engine], collaboration_types=["joint_rd"],
        trl_min=5, trl_max=7, city="杭州", province="浙江", metro_area="yangtze_delta",
        published_at=now - timedelta(days=2), deadline=timezone.localdate() + timedelta(days=30))
    game_need = make_listing(
        studio, kind=Listing.Kind.NEED, title="Low-latency game streaming for a mobile title",
        summary="We need cloud rendering and streaming know-how for our next mobile game",
        keywords=["cloud gaming"], sectors=[games], technologies=[cloud], collaboration_types=["contract_research"],
        trl_min=6, trl_max=9, metro_area="greater_bay", city="深圳", province="广东",
        published_at=now - timedelta(days=5))

    # Never visible to the public: a draft, a submitted one, members-only, verified-only, past its deadline,
    # and one of the need's own organisation.
    secret = "秘密配方 secret recipe 文物"
    hidden = SimpleNamespace(
        draft=make_listing(lab, kind=Listing.Kind.CAPABILITY, status=Listing.Status.DRAFT, title=f"草稿 {secret}",
                           summary="draft", sectors=[museum], technologies=[scan]),
        submitted=make_listing(lab, kind=Listing.Kind.CAPABILITY, status=Listing.Status.SUBMITTED,
                               title=f"待审 {secret}", summary="submitted", sectors=[museum], technologies=[scan]),
        members=make_listing(lab, kind=Listing.Kind.CAPABILITY, title=f"会员可见 {secret}", summary="members only",
                             visibility=Listing.Visibility.MEMBERS, sectors=[museum], technologies=[scan]),
        verified=make_listing(lab, kind=Listing.Kind.CAPABILITY, title=f"认证可见 {secret}",
                              summary="verified only", visibility=Listing.Visibility.VERIFIED, sectors=[museum],
                              technologies=[scan]),
        expired=make_listing(lab, kind=Listing.Kind.CAPABILITY, title=f"已过期 {secret}", summary="expired",
                             deadline=timezone.localdate() - timedelta(days=1), sectors=[museum],
                             technologies=[scan]),
    )
    own = make_listing(firm, kind=Listing.Kind.CAPABILITY, title="文物三维数字化扫描 同一机构",
                       summary="文物三维扫描", sectors=[museum, vr], technologies=[scan, engine],
                       collaboration_types=["joint_rd"], trl_min=6, trl_max=6, metro_area="yangtze_delta")
    everything = [scanning, rendering, museum_need, game_need, own, *vars(hidden).values()]
    sync(*everything)
    return SimpleNamespace(
        scanning=scanning, rendering=rendering, museum_need=museum_need, game_need=game_need, own=own,
        hidden=hidden, secret=secret, lab=lab, firm=firm, studio=studio, museum=museum, games=games,
        member=make_member(studio, role=Membership.Role.VIEWER),
        verified_member=make_member(verified_firm, role=Membership.Role.VIEWER),
        staff=make_staff(), backend=backend_name,
    )
