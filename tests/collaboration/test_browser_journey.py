"""In Chromium: a firm expresses interest, the lab accepts, both exchange a message, the firm records the
outcome; each side learns of the other's step from its notifications."""
import pytest
from django.test import Client

from collaboration.models import Interest, Message
from notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def signed_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def open_notification(page, live_server, ntype):
    page.goto(f"{live_server.url}/notifications/?unread=1")
    page.locator(f'[data-testid="notification"][data-type="{ntype}"] [data-testid="notification-open"]').first.click()
    page.wait_for_load_state()


def test_firm_and_lab_go_from_interest_to_outcome(browser, live_server, sides):
    firm = signed_in_page(browser, live_server, sides.firm_editor)
    lab = signed_in_page(browser, live_server, sides.lab_owner)

    firm.goto(f"{live_server.url}/collaboration/listings/{sides.capability.pk}/interest/")
    firm.fill("textarea[name=message]", "We make VR museum tours and need volumetric capture.")
    firm.select_option("select[name=collaboration_type]", label="联合研发")  # seeded by the sides fixture
    firm.fill("textarea[name=proposal]", "A three-month pilot")
    firm.click('[data-testid="send-interest"]')
    assert firm.locator('[data-testid="interest-state"]').get_attribute("data-state") == "sent"
    interest = Interest.objects.get()

    open_notification(lab, live_server, "interest")
    assert lab.url.endswith(interest.get_absolute_url())
    assert "volumetric capture" in lab.locator('[data-testid="interest-message"]').inner_text()
    lab.click('[data-testid="accept"]')
    assert lab.locator('[data-testid="interest-state"]').get_attribute("data-state") == "accepted"
    assert sides.firm_editor.email in lab.locator('[data-testid="contacts"]').inner_text()
    lab.fill('[data-testid="message-form"] textarea[name=body]', "Welcome! Visit us on Tuesday.")
    lab.click('[data-testid="send-message"]')
    assert "Visit us on Tuesday" in lab.locator('[data-testid="thread"]').inner_text()

    open_notification(firm, live_server, "message")
    assert sides.lab_owner.email in firm.locator('[data-testid="contacts"]').inner_text()
    assert "Visit us on Tuesday" in firm.locator('[data-testid="thread"]').inner_text()
    firm.fill('[data-testid="message-form"] textarea[name=body]', "Tuesday works, see you then.")
    firm.click('[data-testid="send-message"]')
    firm.select_option('[data-testid="outcome-form"] select[name=outcome]', "started")
    firm.click('[data-testid="record-outcome"]')
    assert firm.locator('[data-testid="interest-state"]').get_attribute("data-state") == "in_progress"

    open_notification(lab, live_server, "outcome")
    assert "Tuesday works" in lab.locator('[data-testid="thread"]').inner_text()
    assert lab.locator('[data-testid="interest-state"]').get_attribute("data-state") == "in_progress"
    assert Message.objects.count() == 2
    assert set(Notification.objects.filter(recipient=sides.lab_owner).values_list("type", flat=True)) == {
        "interest", "message", "outcome"}
