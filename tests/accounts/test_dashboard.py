"""The dashboard leads on: its tiles open the organisation's listings of that status, and a status with more
listings than shown says so with a "see all" link."""
import pytest

from accounts.models import Membership
from marketplace.models import Listing
from tests.factories import make_listing, make_member, make_org, make_user

pytestmark = pytest.mark.django_db
S = Listing.Status


@pytest.fixture
def firm():
    organisation = make_org(kind="enterprise")
    owner = make_member(organisation, role=Membership.Role.OWNER)
    for n in range(7):
        make_listing(organisation, kind=Listing.Kind.NEED, title=f"Need {n}")
    draft = make_listing(organisation, status=S.DRAFT, title="A draft")
    return organisation, owner, draft


def test_the_tiles_are_links_to_the_listings_of_their_status(client, firm):
    organisation, owner, _ = firm
    client.force_login(owner)
    page = client.get("/me/").content.decode()
    for status in S.values:
        assert f'href="/orgs/{organisation.slug}/listings/?status={status}" data-testid="stat-{status}"' in page


def test_a_status_with_more_listings_than_shown_links_to_all_of_them(client, firm):
    organisation, owner, _ = firm
    client.force_login(owner)
    page = client.get("/me/").content.decode()
    published = page[page.index('data-testid="listings-published"'):]
    assert published[:published.index("</ul>")].count("<li>") == 5
    assert f'href="/orgs/{organisation.slug}/listings/?status=published" data-testid="see-all-published"' in page
    assert 'data-testid="see-all-draft"' not in page  # one draft, shown

    listed = client.get(f"/orgs/{organisation.slug}/listings/", {"status": "published"}).content.decode()
    assert listed.count('data-testid="organisation-listing"') == 7


def test_members_see_every_status_and_others_only_what_they_may_read(client, firm):
    organisation, owner, draft = firm
    client.force_login(owner)
    drafts = client.get(f"/orgs/{organisation.slug}/listings/", {"status": "draft"}).content.decode()
    assert f'data-listing-id="{draft.pk}"' in drafts
    client.force_login(make_user())
    assert f'data-listing-id="{draft.pk}"' not in client.get(f"/orgs/{organisation.slug}/listings/").content.decode()


def test_an_unknown_status_is_a_400_that_says_what_to_do(client, firm):
    organisation, owner, _ = firm
    client.force_login(owner)
    response = client.get(f"/orgs/{organisation.slug}/listings/", {"status": "lost"})
    assert response.status_code == 400 and 'data-testid="form-errors"' in response.content.decode()
