"""The listing page's extension panels appear only with something in them: no empty panel on the owner's own
published listing."""
import re

import pytest

from accounts.models import Membership
from tests.factories import make_listing, make_member, make_org

pytestmark = pytest.mark.django_db


def panels(html):
    """The text of each panel of the listing's main column."""
    main = html[html.index('class="listing__main"'):html.index('class="listing__aside"')]
    bodies = re.findall(r'<section class="panel[^"]*"[^>]*>(.*?)</section>', main, re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", body).strip() for body in bodies]


def test_the_owner_sees_no_empty_panel_on_their_published_listing(client):
    organisation = make_org()
    listing = make_listing(organisation)
    client.force_login(make_member(organisation, role=Membership.Role.OWNER))
    html = client.get(listing.get_absolute_url()).content.decode()
    assert 'data-testid="listing-interest"' not in html
    assert all(panels(html)), panels(html)


def test_another_organisation_still_gets_the_express_interest_panel(client):
    listing = make_listing(make_org())
    client.force_login(make_member(make_org(kind="enterprise"), role=Membership.Role.EDITOR))
    html = client.get(listing.get_absolute_url()).content.decode()
    assert 'data-testid="express-interest-link"' in html


def test_a_visitor_is_offered_to_sign_in(client):
    html = client.get(make_listing(make_org()).get_absolute_url()).content.decode()
    assert 'data-testid="listing-interest"' in html and "/accounts/login/" in html
