"""`readers_of` and `organisations_reading`, the audience selectors every notification, e-mail, digest, alert and
webhook goes through, say exactly what the pages say (`listing_can_view`), for every status and visibility."""
import itertools
from types import SimpleNamespace

import pytest

from accounts.models import Membership
from marketplace.models import Listing
from marketplace.selectors import listing_can_view, organisations_reading, readers_of
from tests.factories import make_listing, make_member, make_org, make_staff, make_user

pytestmark = pytest.mark.django_db
S, V = Listing.Status, Listing.Visibility


@pytest.fixture
def crowd():
    own, unverified, verified = make_org(), make_org(), make_org(verified=True)
    people = {
        "own owner": make_member(own, role=Membership.Role.OWNER),
        "own viewer": make_member(own, role=Membership.Role.VIEWER),
        "unverified member": make_member(unverified),
        "verified member": make_member(verified),
        "member of both": make_member(verified, user=make_member(unverified)),
        "no organisation": make_user(),
        "curator": make_staff(),
        "curator in own": make_member(own, user=make_staff()),
    }
    return SimpleNamespace(own=own, organisations=[own, unverified, verified], people=people)


CASES = list(itertools.product(S.values, V.values))


@pytest.mark.parametrize("status,visibility", CASES, ids=[f"{s}-{v}" for s, v in CASES])
def test_readers_of_a_listing_are_those_the_pages_let_read_it(crowd, status, visibility):
    listing = make_listing(crowd.own, status=status, visibility=visibility)
    everyone = {user.pk for user in crowd.people.values()}
    expected = {user.pk for user in crowd.people.values() if listing_can_view(user=user, listing=listing)}
    assert readers_of(listing, everyone) == expected
    assert readers_of(listing, set()) == set()


@pytest.mark.parametrize("status,visibility", CASES, ids=[f"{s}-{v}" for s, v in CASES])
def test_an_organisation_reads_what_a_member_of_it_alone_may_read(crowd, status, visibility):
    listing = make_listing(crowd.own, status=status, visibility=visibility)
    expected = {organisation.pk for organisation in crowd.organisations
                if listing_can_view(user=make_member(organisation), listing=listing)}
    assert organisations_reading(listing, {o.pk for o in crowd.organisations}) == expected


def test_what_the_rule_says_in_words(crowd):
    """The cases that matter most, spelt out."""
    verified_only = make_listing(crowd.own, visibility=V.VERIFIED)
    names = {user.pk: name for name, user in crowd.people.items()}
    readers = {names[pk] for pk in readers_of(verified_only, set(names))}
    assert readers == {"own owner", "own viewer", "verified member", "member of both", "curator", "curator in own"}
    draft = make_listing(crowd.own, status=S.DRAFT)
    assert {names[pk] for pk in readers_of(draft, set(names))} == {"own owner", "own viewer", "curator in own"}
    submitted = make_listing(crowd.own, status=S.SUBMITTED)
    assert {names[pk] for pk in readers_of(submitted, set(names))} == {
        "own owner", "own viewer", "curator", "curator in own"}
