"""A known small world for the insights: four organisations in three zones, public and hidden listings,
matches, interests with answers, reasons and outcomes, matchmaking events held, to come and cancelled, all dated
relative to one moment."""
import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.models import Organisation, Region
from collaboration.models import Interest
from events.models import Event, Meeting, MeetingReport, Participant, Slot
from marketplace.models import CollaborationType, Listing
from matching.models import Match
from tests.factories import make_listing, make_member, make_org, make_sector, make_technology
from tests.fixtures.celery_worker import *  # noqa: F401,F403

K, V, S = Listing.Kind, Listing.Visibility, Interest.State
DAY, HOUR, MINUTE = datetime.timedelta(days=1), datetime.timedelta(hours=1), datetime.timedelta(minutes=1)


def _interest(listing, sender, state, created, answered=None, outcome=None, reason=""):
    interest = Interest.objects.create(listing=listing, from_organisation=sender,
                                       to_organisation=listing.organisation, message="hello", state=state,
                                       decline_reason=reason)
    Interest.objects.filter(pk=interest.pk).update(created_at=created, answered_at=answered, outcome_at=outcome)
    interest.refresh_from_db()
    return interest


def _event(title, day, status=Event.Status.PUBLISHED, **extra):
    """A one-day brokerage day, 09:00-12:00 in 20-minute meetings, with its windows a week before it."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    event = Event.objects.create(
        title_zh=title[0], title_en=title[1], starts_on=day, ends_on=day, day_starts=datetime.time(9),
        day_ends=datetime.time(12), registration_opens=start - 14 * DAY, registration_closes=start - 2 * DAY,
        booking_opens=start - 7 * DAY, booking_closes=start - DAY, status=status, **extra)
    length = 20 * MINUTE
    Slot.objects.bulk_create([Slot(event=event, starts_at=start + n * length, ends_at=start + (n + 1) * length)
                              for n in range(9)])
    return event


def _meeting(event, requester, invitee, state, slot=None, interest=None, held=()):
    """A meeting between two participants; `held`: [(participant, held?)] as each side recorded it."""
    meeting = Meeting.objects.create(event=event, requester=requester, invitee=invitee, message="hello", state=state,
                                     slot=event.slots.order_by("starts_at")[slot] if slot is not None else None,
                                     table=1 if slot is not None else None, interest=interest)
    for side, took_place in held:
        MeetingReport.objects.create(meeting=meeting, participant=side, held=took_place)
    return meeting


def _events(now, uni_sh, ent_js, ent_gd, inst_bj, i1):
    """Two brokerage days held (12 and 45 days ago), one to come and one cancelled: counts in the comments."""
    A, M = Participant.Status, Meeting.State
    day = lambda days: timezone.localdate(now + days * DAY)  # noqa: E731
    delta = _event(("长三角文化科技对接会", "Yangtze Delta brokerage day"), day(-12), venue="上海国际会议中心")
    sh, js, gd = (Participant.objects.create(event=delta, organisation=org, status=A.APPROVED)
                  for org in (uni_sh, ent_js, ent_gd))
    Participant.objects.create(event=delta, organisation=inst_bj, status=A.WITHDRAWN)  # not registered
    _meeting(delta, js, sh, M.ACCEPTED, slot=0, interest=i1, held=[(js, True), (sh, True)])  # held once, followed up
    _meeting(delta, gd, sh, M.ACCEPTED, slot=1, held=[(sh, False)])  # placed, did not take place
    _meeting(delta, js, gd, M.ACCEPTED)  # accepted, never placed
    _meeting(delta, gd, js, M.DECLINED)
    _meeting(delta, sh, gd, M.CANCELLED)
    online = _event(("动漫游戏线上对接会", "Online animation and games brokerage day"), day(-45),
                    format=Event.Format.ONLINE)
    sh2, bj2 = (Participant.objects.create(event=online, organisation=org, status=A.APPROVED)
                for org in (uni_sh, inst_bj))
    _meeting(online, bj2, sh2, M.ACCEPTED, slot=2, held=[(bj2, True)])
    coming = _event(("即将举办的对接会", "A brokerage day to come"), day(10))
    Participant.objects.create(event=coming, organisation=ent_gd, status=A.APPROVED)
    cancelled = _event(("已取消的对接会", "A cancelled brokerage day"), day(-20), status=Event.Status.CANCELLED)
    Participant.objects.create(event=cancelled, organisation=ent_js, status=A.APPROVED)
    return {"delta_day": delta, "online_day": online, "coming_day": coming, "cancelled_day": cancelled}


def _match(need, capability, score, created):
    match = Match.objects.create(need=need, capability=capability, found_by=need, score=score)
    Match.objects.filter(pk=match.pk).update(created_at=created)
    match.refresh_from_db()
    return match


@pytest.fixture
def world(db):
    now = timezone.now()
    ago = lambda days: now - days * DAY  # noqa: E731
    CollaborationType.objects.get_or_create(slug="facility_sharing",
                                            defaults={"name_zh": "设备与设施共享", "name_en": "Facility sharing"})
    games, museums = make_sector("games"), make_sector("museums-heritage")
    vr = make_technology("vr-ar")
    uni_sh = make_org(kind=Organisation.Kind.UNIVERSITY, name_zh="申城大学", name_en="Shencheng University",
                      province="上海市", metro_area=Region.YANGTZE_DELTA)
    ent_js = make_org(kind=Organisation.Kind.ENTERPRISE, name_zh="苏韵游戏", name_en="Suyun Games",
                      province="江苏省", metro_area=Region.YANGTZE_DELTA)
    ent_gd = make_org(kind=Organisation.Kind.ENTERPRISE, name_zh="粤影科技", name_en="Yueying Tech",
                      province="广东省", metro_area=Region.GREATER_BAY)
    inst_bj = make_org(kind=Organisation.Kind.INSTITUTE, name_zh="京华研究院", name_en="Jinghua Institute",
                       province="北京市", metro_area=Region.JING_JIN_JI)
    yangtze = {"metro_area": Region.YANGTZE_DELTA}

    def listing(org, kind, title, days, sectors, province, metro, **extra):
        return make_listing(org=org, kind=kind, title=title, published_at=ago(days), sectors=sectors,
                            province=province, metro_area=metro, **extra)

    c1 = listing(uni_sh, K.CAPABILITY, "沉浸式大空间定位平台", 40, [games], "上海市", Region.YANGTZE_DELTA,
                 technologies=[vr], collaboration_types=["facility_sharing"])
    c2 = listing(inst_bj, K.CAPABILITY, "文物三维数字化", 30, [museums], "北京市", Region.JING_JIN_JI)
    n1 = listing(ent_js, K.NEED, "游戏动作捕捉需求", 20, [games], "江苏省", Region.YANGTZE_DELTA)
    n2 = listing(ent_gd, K.NEED, "博物馆导览需求", 20, [museums], "广东省", Region.GREATER_BAY)
    n3 = listing(ent_js, K.NEED, "文创数字藏品需求", 3, [museums], "江苏省", Region.YANGTZE_DELTA)
    n4 = listing(ent_js, K.NEED, "游戏语音驱动需求", 25, [games], "江苏省", Region.YANGTZE_DELTA)
    h1 = listing(uni_sh, K.CAPABILITY, "HIDDEN-MEMBERS 会员可见成果", 35, [games], "上海市", Region.YANGTZE_DELTA,
                 visibility=V.MEMBERS, collaboration_types=["facility_sharing"])
    h2 = listing(ent_gd, K.NEED, "HIDDEN-VERIFIED 认证机构可见需求", 22, [museums], "广东省", Region.GREATER_BAY,
                 visibility=V.VERIFIED)
    draft = make_listing(org=ent_js, kind=K.NEED, title="DRAFT 草稿需求", status=Listing.Status.DRAFT,
                         sectors=[games], **yangtze)
    x1 = listing(inst_bj, K.CAPABILITY, "已关闭的成果", 60, [museums], "北京市", Region.JING_JIN_JI)
    Listing.objects.filter(pk=x1.pk).update(status=Listing.Status.CLOSED, close_reason="fulfilled",
                                            closed_at=ago(10))

    matches = {
        "m1": _match(n1, c1, 0.8, ago(19)),
        "m2": _match(n3, c2, 0.5, ago(2)),
        "m3": _match(n1, h1, 0.6, ago(19)),  # hidden capability
        "m4": _match(n4, h1, 0.9, ago(24)),  # the only match of n4 is hidden
    }
    interests = {
        "i1": _interest(c1, ent_js, S.COMPLETED, ago(18), ago(18) + 10 * HOUR, ago(5)),
        "i2": _interest(n1, uni_sh, S.DECLINED, ago(15), ago(15) + 30 * HOUR, reason="budget"),
        "i3": _interest(n1, inst_bj, S.SENT, ago(10)),
        "i4": _interest(c1, ent_gd, S.ACCEPTED, ago(8), ago(8) + 2 * HOUR),
        "i5": _interest(h1, ent_gd, S.DECLINED, ago(7), ago(7) + HOUR, reason="timing"),  # hidden listing
        "i6": _interest(n4, uni_sh, S.SENT, ago(6)),
    }
    events = _events(now, uni_sh, ent_js, ent_gd, inst_bj, interests["i1"])  # i1 followed their meeting
    owner = make_member(uni_sh, role="owner")
    return SimpleNamespace(now=now, uni_sh=uni_sh, ent_js=ent_js, ent_gd=ent_gd, inst_bj=inst_bj, games=games,
                           museums=museums, vr=vr, c1=c1, c2=c2, n1=n1, n2=n2, n3=n3, n4=n4, h1=h1, h2=h2,
                           draft=draft, x1=x1, owner=owner, **matches, **interests, **events)
