"""In Chromium, the pages people meet first read in one register in Chinese (您, 电子邮箱, full-width punctuation,
password rules in Chinese, allauth's pages in our words) and stay English in English; a public listing is
"公开" (never "所有人", which reads like the owner role 所有者); e-mails sign off in the reader's language
(#15 item 12)."""
import re

import pytest
from django.core import mail

from notifications.emails import notification_emails_send
from notifications.models import Notification
from tests.core.test_chinese_register import RULES
from tests.factories import make_listing, make_member, make_org, make_staff, make_user

PAGES = ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"]


def visible_text(browser, live_server, path, language, session=None):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
    if session:
        cookies.append({"name": "sessionid", "value": session, "url": live_server.url})
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(f"{live_server.url}{path}")
    text = page.locator("main").inner_text()
    labels = " ".join(page.locator("input").evaluate_all("els => els.map(e => e.placeholder || '')"))
    context.close()
    return text + " " + labels


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_sign_up_and_sign_in_pages_read_in_one_register(browser, live_server):
    for path in PAGES:
        text = visible_text(browser, live_server, path, "zh-hans")
        found = {name: rule.findall(text) for name, rule in RULES.items() if rule.search(text)}
        assert found == {}, path
        assert "电子邮箱" in text, path
    context = browser.new_context()
    context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/signup/")
    form = page.get_by_test_id("signup-form")
    form.locator("input[name=email]").fill("wang@example.com")
    for name in ["password1", "password2"]:
        if form.locator(f"input[name={name}]").count():
            form.locator(f"input[name={name}]").fill("12ab")
    page.get_by_test_id("signup-submit").click()
    page.wait_for_load_state()
    errors = page.locator("main").inner_text()
    assert "密码太短，至少需要 8 个字符" in errors and "password" not in errors.lower()
    context.close()
    english = visible_text(browser, live_server, "/accounts/signup/", "en")
    assert re.search(r"[Ee]mail", english) and not re.search(r"[\u4e00-\u9fff]", english.replace("中文", ""))


@pytest.mark.browser
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language,public", [("zh-hans", "公开"), ("en", "Everyone")])
def test_a_public_listing_is_called_public_not_everyone_as_in_owner(browser, live_server, client, language, public):
    from django.utils import timezone

    from marketplace.models import Listing

    curator = make_staff()
    make_listing(make_org(), status=Listing.Status.SUBMITTED, submitted_at=timezone.now(), title="夜游互动装置")
    client.force_login(curator)
    text = visible_text(browser, live_server, "/staff/moderation/", language, client.cookies["sessionid"].value)
    assert public in text and "所有人" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("language,signature", [("zh-hans", "文化科技产学研对接平台"), ("en", "CultureTech Exchange")])
def test_the_e_mail_signature_is_in_the_readers_language(language, signature):
    user = make_user(language=language)
    make_member(make_org(), user=user)
    note = Notification.objects.create(recipient=user, type="interest", title="标题", url="/", channel="instant")
    assert notification_emails_send(notification_ids=[note.pk]) == 1
    [message] = mail.outbox
    assert message.body.split("-- \n", 1)[1].startswith(signature)
