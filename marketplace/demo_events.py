"""Two matchmaking events for load_demo, written through the events services as the curator and the
organisations would: a heritage brokerage day held three weeks ago (meetings requested, answered, scheduled,
held or not, one turned into an interest) and an online one to come, open for registration.

A day in the past cannot be lived through now (requests need booking open, accepting needs the day ahead, a
report needs the meeting's time to have come), so the held day runs as if it were tomorrow and is then dated
back before its meetings are recorded, as demo_history dates interests. Idempotent: an event already there (by
its Chinese title) is left alone, and each is written in one transaction, whole or not at all."""
import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from collaboration.models import Interest
from events.models import Event, Meeting, MeetingReport, Participant, Slot
from events.services.events import event_create, event_publish
from events.services.meetings import (
    meeting_accept,
    meeting_decline,
    meeting_report,
    meeting_request,
    meeting_to_interest,
)
from events.services.participation import participant_register
from events.services.proposals import proposals_refresh
from events.services.schedule import event_schedule

from .demo_history import team_user
from .models import Listing, Sector

DAY = datetime.timedelta(days=1)
HELD_DAYS_AGO = 21
HELD = {
    "title_zh": "长三角文博数字化对接会", "title_en": "Yangtze River Delta heritage digitisation brokerage day",
    "description_zh": "博物馆、景区与高校实验室面对面洽谈文物数字化、AR 导览与数字孪生合作。",
    "description_en": "Museums, scenic sites and university labs meet face to face about artefact digitisation, AR "
                      "guides and digital twins.",
    "format": Event.Format.ON_SITE, "venue": "杭州国际博览中心 2 号厅", "tables": 6,
    "day_starts": datetime.time(9), "day_ends": datetime.time(12), "meeting_minutes": 20, "gap_minutes": 5,
}
COMING = {
    "title_zh": "文旅与游戏科技线上对接会", "title_en": "Culture-tourism and games technology brokerage day (online)",
    "description_zh": "云游戏、游戏引擎与智慧文旅方向的线上洽谈：报名时带上您的技术能力或需求。",
    "description_en": "Online meetings on cloud gaming, game engines and smart tourism: register with your "
                      "capabilities or needs.",
    "format": Event.Format.ONLINE, "meeting_link_base": "https://meet.example.org/ctx", "tables": 1,
    "day_starts": datetime.time(14), "day_ends": datetime.time(17), "meeting_minutes": 30, "gap_minutes": 0,
}
# (organisation, the titles of the listings it brings)
HELD_PARTICIPANTS = [
    ("wuyue-bronze-museum", ["线上数字展厅与馆内AR互动展项", "青铜器展柜微环境智能监测系统",
                             "青铜纹饰知识图谱与文创设计授权素材库", "馆藏商周青铜器高精度三维数字化（首批200件）"]),
    ("donghai-vr-center", ["大空间多人共享AR导览引擎", "寻找AR导览试点场馆（博物馆、历史街区或景区）"]),
    ("qiantang-heritage-digitisation", ["青铜器等金属文物的结构光高精度三维扫描与纹理重建",
                                        "古建筑与历史街区数字孪生及结构健康监测"]),
    ("xixi-smart-tourism", ["景区客流预测与数字孪生调度平台", "夜游项目的沉浸式互动装置（古桥与水街）"]),
    ("jiangnan-digital-culture-lab", ["传统纹样生成模型：宋锦、云锦、青花与青铜纹饰"]),
    ("gusu-design-interaction-institute", ["博物馆展柜与库房微环境物联网监测系统"]),
]
# (requester, invitee, the invitee's listing, the answer: "accept", a decline reason or None for no answer,
# what each side recorded after the day: {organisation: (held?, outcome)}). The first one became an interest.
HELD_MEETINGS = [
    ("wuyue-bronze-museum", "donghai-vr-center", "大空间多人共享AR导览引擎", "accept",
     {"wuyue-bronze-museum": (True, "follow_up"), "donghai-vr-center": (True, "follow_up")}),
    ("wuyue-bronze-museum", "qiantang-heritage-digitisation", "青铜器等金属文物的结构光高精度三维扫描与纹理重建",
     "accept",
     {"qiantang-heritage-digitisation": (True, "undecided")}),
    ("xixi-smart-tourism", "qiantang-heritage-digitisation", "古建筑与历史街区数字孪生及结构健康监测", "accept",
     {"xixi-smart-tourism": (True, "follow_up")}),
    ("donghai-vr-center", "xixi-smart-tourism", "夜游项目的沉浸式互动装置（古桥与水街）", "accept",
     {"donghai-vr-center": (False, "")}),
    ("jiangnan-digital-culture-lab", "wuyue-bronze-museum", "青铜纹饰知识图谱与文创设计授权素材库",
     Interest.DeclineReason.TIMING, {}),
    ("gusu-design-interaction-institute", "wuyue-bronze-museum", "青铜器展柜微环境智能监测系统", None, {}),
]
COMING_PARTICIPANTS = [
    ("xingzhu-interactive", ["开放世界游戏云端实时渲染试玩方案", "手游NPC大模型对话：端侧部署与剧情约束"]),
    ("tianfu-digital-entertainment-institute", [
        "云游戏边缘节点调度与弱网画面稳定技术 / Edge Scheduling for Cloud Gaming and Stable Video on Weak Networks",
        "基于大模型的游戏NPC对话与行为生成"]),
    ("pujiang-media-computing-lab", ["云端实时渲染与低时延串流平台 / Cloud Real-Time Rendering and Low-Latency "
                                     "Streaming"]),
]
MESSAGE = "您好，我们在本次对接会的推荐中看到了贵方，希望当面交流合作的可能。"


def _organisations(slugs):
    return {org.slug: org for org in Organisation.objects.filter(slug__in=slugs)}


def _listings(organisation, titles):
    """The published listings of the organisation with these titles (a title may start with the given text)."""
    published = Listing.objects.filter(organisation=organisation, status=Listing.Status.PUBLISHED)
    found = []
    for title in titles:
        listing = published.filter(title__startswith=title).order_by("pk").first()
        if listing is not None:
            found.append(listing)
    return found


def _create(curator, spec, day, windows, sectors):
    event = event_create(user=curator, sectors=Sector.objects.filter(slug__in=sectors), starts_on=day, ends_on=day,
                         **spec, **windows)
    return event_publish(user=curator, event=event)


def _register(event, participants):
    organisations = _organisations([slug for slug, _titles in participants])
    registered = {}
    for slug, titles in participants:
        organisation = organisations.get(slug)
        listings = _listings(organisation, titles) if organisation else []
        if listings:
            registered[slug] = participant_register(user=team_user(organisation), event=event,
                                                    organisation=organisation, listings=listings)
    return registered


def _date_back(event, delta):
    """Move the event, its windows, slots and what was done for it `delta` earlier."""
    fields = ["starts_on", "ends_on", "registration_opens", "registration_closes", "booking_opens", "booking_closes",
              "created_at", "scheduled_at"]
    for name in fields:
        setattr(event, name, getattr(event, name) - delta)
    event.proposals_at = event.booking_opens  # the periodic work proposes the meetings when booking opens
    Event.objects.filter(pk=event.pk).update(**{name: getattr(event, name) for name in fields + ["proposals_at"]})
    for model, rows, names in ((Slot, event.slots.all(), ["starts_at", "ends_at"]),
                               (Participant, event.participants.all(), ["created_at"]),
                               (Meeting, event.meetings.all(), ["created_at", "answered_at"])):
        rows = list(rows)
        for row in rows:
            for name in names:
                if getattr(row, name) is not None:
                    setattr(row, name, getattr(row, name) - delta)
        model.objects.bulk_update(rows, names)


def load_held_event(curator, now):
    """The brokerage day held three weeks ago; returns it (None when it is already there)."""
    if Event.objects.filter(title_zh=HELD["title_zh"]).exists():
        return None
    today = timezone.localdate(now)
    start = timezone.make_aware(datetime.datetime.combine(today + DAY, HELD["day_starts"]))  # as if tomorrow
    event = _create(curator, HELD, today + DAY, {
        "registration_opens": now - 30 * DAY, "registration_closes": start - datetime.timedelta(hours=1),
        "booking_opens": now - 7 * DAY, "booking_closes": start - datetime.timedelta(minutes=30)},
        ["museums-heritage", "smart-tourism"])
    participants = _register(event, HELD_PARTICIPANTS)
    proposals_refresh(event_id=event.pk)  # now, so that the requests carry the engine's score and reasons
    meetings = []
    for requester, invitee, title, answer, reports in HELD_MEETINGS:
        if requester not in participants or invitee not in participants:
            continue
        side, other = participants[requester], participants[invitee]
        listing = next(iter(_listings(other.organisation, [title])), None)
        meeting = meeting_request(user=team_user(side.organisation), requester=side, invitee=other,
                                  message=MESSAGE, invitee_listing=listing)
        if answer == "accept":
            meeting_accept(user=team_user(other.organisation), meeting=meeting)
        elif answer:
            meeting_decline(user=team_user(other.organisation), meeting=meeting, reason=answer)
        meetings.append((meeting, reports))
    event_schedule(event_id=event.pk)
    event.refresh_from_db()
    _date_back(event, DAY + HELD_DAYS_AGO * DAY)
    _after_the_day(event, participants, meetings, now)
    return event


def _after_the_day(event, participants, meetings, now):
    """Each side records its meetings the day after; the first one becomes an interest the day after that."""
    ends = timezone.make_aware(datetime.datetime.combine(event.ends_on, event.day_ends))
    for meeting, reports in meetings:
        meeting.refresh_from_db()
        if meeting.slot_id is None:  # the schedule could not place it: nothing to record
            continue
        for slug, (held, outcome) in reports.items():
            meeting_report(user=team_user(participants[slug].organisation), meeting=meeting, held=held,
                           outcome=outcome)
    MeetingReport.objects.filter(meeting__event=event).update(recorded_at=ends + DAY)
    if not meetings or not MeetingReport.objects.filter(meeting=meetings[0][0], held=True).exists():
        return
    first = meetings[0][0]
    interest = meeting_to_interest(user=team_user(first.requester.organisation), meeting=first)
    if interest.created_at >= now:  # sent now rather than one already open: dated two days after the event
        Interest.objects.filter(pk=interest.pk).update(created_at=ends + 2 * DAY)


def load_coming_event(curator, now):
    """An online brokerage day in three and a half weeks, open for registration, booking opening in two."""
    if Event.objects.filter(title_zh=COMING["title_zh"]).exists():
        return None
    day = timezone.localdate(now) + 24 * DAY
    start = timezone.make_aware(datetime.datetime.combine(day, COMING["day_starts"]))
    event = _create(curator, COMING, day, {
        "registration_opens": now - 3 * DAY, "registration_closes": start - 5 * DAY,
        "booking_opens": now + 14 * DAY, "booking_closes": start - DAY},
        ["games", "cloud-gaming", "smart-tourism"])
    _register(event, COMING_PARTICIPANTS)
    return event


def demo_event_titles():
    return [HELD["title_zh"], COMING["title_zh"]]


def load_events(now=None):
    """Both demo events; returns how many were created (0 on a second run)."""
    now = now or timezone.now()
    curator = User.objects.filter(is_staff=True, email__endswith="@demo.ctx").order_by("pk").first()
    if curator is None:
        return 0
    created = 0
    for load in (load_held_event, load_coming_event):
        with transaction.atomic():
            created += load(curator, now) is not None
    return created
