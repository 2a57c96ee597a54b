"""In Chromium: staff create a brokerage event; a lab and a museum register with their listings; each sees the
meeting the engine proposes, with its reasons; the museum requests it, the lab accepts; the schedule places it;
both download the .ics agenda and it parses; after the event the museum records the meeting as held and turns it
into an interest with one click."""
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from collaboration.models import Interest
from events.models import Event, Meeting, Slot
from marketplace.models import Listing
from tests.factories import make_listing, make_member, make_org, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def signed_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(20_000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def create_event(page, live_server):
    now, tomorrow = timezone.now(), timezone.localdate() + timedelta(days=1)
    page.goto(f"{live_server.url}/events/")
    page.click('[data-testid="create-event"]')
    page.fill("input[name=title_zh]", "长三角文化科技对接会")
    page.fill("input[name=title_en]", "Yangtze Delta brokerage day")
    page.fill("input[name=venue]", "上海国际会议中心")
    page.fill("input[name=tables]", "4")
    page.fill("input[name=starts_on]", tomorrow.isoformat())
    page.fill("input[name=ends_on]", tomorrow.isoformat())
    page.fill("input[name=day_starts]", "09:00")
    page.fill("input[name=day_ends]", "11:00")
    page.fill("input[name=registration_opens]", local(now - timedelta(hours=1)))
    page.fill("input[name=registration_closes]", local(now + timedelta(hours=8)))
    page.fill("input[name=booking_opens]", local(now - timedelta(minutes=30)))
    page.fill("input[name=booking_closes]", local(now + timedelta(hours=8)))
    page.click('[data-testid="save-event"]')
    page.click('[data-testid="publish-event"]')
    assert page.locator('[data-testid="event-status"]').get_attribute("data-status") == "published"
    return Event.objects.get()


def register(page, url, listing):
    page.goto(url)
    page.click('[data-testid="register"]')
    page.check(f'input[name=listings][value="{listing.pk}"]')
    page.click('[data-testid="register-submit"]')
    assert page.locator('[data-testid="participant-status"]').get_attribute("data-status") == "approved"


def download_agenda(page):
    with page.expect_download() as download:
        page.click('[data-testid="download-ics"]')
    return Calendar.from_ical(open(download.value.path(), "rb").read())


def test_from_event_to_proposal_to_meeting_to_interest(browser, live_server):
    staff = make_staff()
    lab = make_org(kind="institute", name_zh="虚拟现实实验室")
    museum = make_org(kind="enterprise", name_zh="城市博物馆")
    lab_editor, museum_owner = make_member(lab, role="editor"), make_member(museum, role="owner")
    capability = make_listing(lab, kind=Listing.Kind.CAPABILITY, title="文物三维扫描与体积视频采集",
                              summary="为博物馆文物提供三维扫描、摄影测量和体积视频采集，用于虚拟展览。")
    need = make_listing(museum, kind=Listing.Kind.NEED, title="虚拟展览需要文物三维扫描",
                        summary="我们需要为馆藏文物进行三维扫描和摄影测量，制作虚拟展览。")

    organiser = signed_in_page(browser, live_server, staff)
    event = create_event(organiser, live_server)
    assert event.slots.count() == 6  # 09:00-11:00 in 20-minute meetings

    lab_page = signed_in_page(browser, live_server, lab_editor)
    museum_page = signed_in_page(browser, live_server, museum_owner)
    url = live_server.url + event.get_absolute_url()
    register(lab_page, url, capability)
    register(museum_page, url, need)

    for page, other in ((lab_page, "城市博物馆"), (museum_page, "虚拟现实实验室")):
        page.goto(url)
        proposal = page.locator('[data-testid="proposal"]')
        assert proposal.count() == 1 and other in proposal.inner_text()
        assert page.locator('[data-testid="proposal-reasons"] li').count() >= 1

    museum_page.click('[data-testid="request-meeting"]')
    museum_page.fill("textarea[name=message]", "想请贵实验室为我们的青铜器做三维扫描。")
    museum_page.click('[data-testid="send-request"]')
    assert museum_page.locator('[data-testid="outgoing-request"]').count() == 1

    lab_page.goto(url)
    assert "青铜器" in lab_page.locator('[data-testid="incoming-request"]').inner_text()
    lab_page.click('[data-testid="accept-meeting"]')
    assert Meeting.objects.get().state == Meeting.State.ACCEPTED

    organiser.goto(url)
    organiser.click('[data-testid="plan-schedule"]')
    organiser.goto(url)
    assert organiser.locator('[data-testid="event-figures"] [data-figure="placed"] .stat__value').inner_text() == "1"
    meeting = Meeting.objects.select_related("slot").get()
    assert meeting.slot is not None and meeting.table == 1

    starts = {}
    for page in (lab_page, museum_page):
        page.goto(url)
        assert page.locator('[data-testid="agenda-meeting"]').count() == 1
        [entry] = download_agenda(page).walk("VEVENT")
        assert entry.decoded("dtstart") == meeting.slot.starts_at
        assert "1" in str(entry.get("location"))
        starts[page] = entry.decoded("dtstart")
    assert len(set(starts.values())) == 1  # both have the same meeting at the same time

    # The day comes and goes.
    Slot.objects.filter(pk=meeting.slot_id).update(starts_at=timezone.now() - timedelta(hours=1),
                                                   ends_at=timezone.now() - timedelta(minutes=40))
    museum_page.goto(url)
    museum_page.click('[data-testid="open-meeting"]')
    museum_page.select_option('[data-testid="report-form"] select[name=held]', "yes")
    museum_page.select_option('[data-testid="report-form"] select[name=outcome]', "follow_up")
    museum_page.click('[data-testid="record-report"]')
    assert museum_page.locator('[data-testid="reports"] li').get_attribute("data-held") == "yes"
    museum_page.click('[data-testid="turn-into-interest"]')
    assert museum_page.locator('[data-testid="interest-state"]').get_attribute("data-state") == "sent"
    interest = Interest.objects.get()
    assert (interest.listing, interest.from_organisation) == (capability, museum)

    organiser.goto(url)
    figures = {figure.get_attribute("data-figure"): figure.locator(".stat__value").inner_text()
               for figure in organiser.locator('[data-testid="event-figures"] .stat').all()}
    assert figures == {"registrations": "2", "requests": "1", "accepted": "1", "placed": "1", "held": "1",
                       "follow_ups": "1"}
