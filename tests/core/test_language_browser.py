"""In Chromium, switching languages with the site's own switcher: place names, the list separator and dates
follow the language, and people appear under their display names, never their e-mail addresses."""
import datetime

import pytest
from django.test import Client

from accounts.models import Membership
from tests.factories import make_listing, make_member, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_places_lists_dates_and_names_in_each_language(browser, live_server):
    lab = make_org(kind="institute", name_zh="东海虚拟现实研究中心", name_en="Donghai VR Research Center")
    owner = make_member(lab, role=Membership.Role.OWNER,
                        user=make_user(email="lin.xiaozhou@example.edu.cn", display_name="林晓舟"))
    make_member(lab, user=make_user(email="hidden.address@example.edu.cn", display_name="Ada Chen"))
    listing = make_listing(lab, title="体积视频拍摄平台", province="江苏省", city="南京",
                           collaboration_types=["licensing", "joint_rd"], deadline=datetime.date(2031, 3, 5))
    client = Client()
    client.force_login(owner)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()

    page.goto(f"{live_server.url}{listing.get_absolute_url()}")
    page.get_by_test_id("lang-en").click()
    facts = page.get_by_test_id("listing-facts").inner_text()
    assert "Nanjing, Jiangsu" in facts and "Licensing and technology transfer, Joint R&D" in facts
    assert "5 Mar 2031" in facts and "江苏" not in facts and "、" not in facts

    page.get_by_test_id("lang-zh").click()
    facts = page.get_by_test_id("listing-facts").inner_text()
    assert "江苏省 南京" in facts and "技术许可与转让、联合研发" in facts and "2031年3月5日" in facts

    page.goto(f"{live_server.url}/me/")
    main = page.locator("main").inner_text()
    assert "林晓舟" in main and "Ada Chen" in main
    assert "lin.xiaozhou@example.edu.cn" not in main and "hidden.address@example.edu.cn" not in main
    page.get_by_test_id("lang-en").click()
    assert "Signed in as 林晓舟" in page.locator("main").inner_text()
