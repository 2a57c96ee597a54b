"""The leads inbox (#15 item 1): a member's published listings with their open matches (new or seen, not dismissed,
not contacted), each with the counterpart's organisation, verification and deadline; shown on the dashboard they
become seen, an interest sent from a lead makes it contacted, and "not for us" takes it out."""
import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from collaboration.models import Interest
from marketplace.models import Listing
from matching.models import Match
from matching.selectors import leads_for
from tests.factories import make_listing, make_member, make_org

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
S = Match.State


@pytest.fixture
def firm():
    org = make_org(kind="enterprise")
    owner = make_member(org, role=Membership.Role.OWNER)
    need = make_listing(org, kind=Listing.Kind.NEED, title="数字博物馆云渲染")
    labs = [make_org(verified=n == 0, name_zh=f"实验室{n}", name_en=f"Lab {n}") for n in range(4)]
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    capabilities = [make_listing(lab, title=f"Capability {n}", deadline=deadline) for n, lab in enumerate(labs)]
    matches = [Match.objects.create(need=need, capability=c, found_by=need, score=0.9 - n / 10,
                                    reasons_zh=["技术相同"], reasons_en=["Same technology"])
               for n, c in enumerate(capabilities)]
    return SimpleNamespace(org=org, owner=owner, need=need, labs=labs, capabilities=capabilities, matches=matches)


def test_open_matches_are_grouped_per_listing_best_first_with_the_counterparts_organisation(firm):
    Match.objects.filter(pk=firm.matches[2].pk).update(state=S.DISMISSED)
    Match.objects.filter(pk=firm.matches[3].pk).update(state=S.CONTACTED)
    Match.objects.filter(pk=firm.matches[1].pk).update(state=S.SEEN)
    [group] = leads_for(user=firm.owner)
    assert group["listing"] == firm.need and group["new"] == 1
    assert [(m.pk, other.pk) for m, other in group["matches"]] == [
        (firm.matches[0].pk, firm.capabilities[0].pk), (firm.matches[1].pk, firm.capabilities[1].pk)]
    assert group["matches"][0][1].organisation.verification == "verified"


def test_a_counterpart_the_member_may_not_read_is_no_lead(firm):
    Listing.objects.filter(pk=firm.capabilities[0].pk).update(visibility=Listing.Visibility.VERIFIED)
    [group] = leads_for(user=firm.owner)
    assert firm.capabilities[0].pk not in [other.pk for _m, other in group["matches"]]
    assert leads_for(user=make_member(make_org())) == []


def test_the_dashboard_shows_the_leads_then_they_are_seen(client, firm):
    client.force_login(firm.owner)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert page.count('data-testid="lead"') == 4 and page.count('data-state="new"') == 4
    assert "实验室0" in page and 'data-state="verified"' in page
    assert set(Match.objects.values_list("state", flat=True)) == {S.SEEN}
    again = client.get(reverse("accounts:dashboard")).content.decode()
    assert again.count('data-testid="lead"') == 4 and 'data-state="new"' not in again


def test_express_interest_from_a_lead_is_prefilled_and_the_lead_is_then_contacted(client, firm):
    client.force_login(firm.owner)
    target = firm.capabilities[1]
    url = reverse("collaboration:interest_create", args=[target.pk]) + f"?about={firm.need.pk}"
    form = client.get(url).content.decode()
    assert "数字博物馆云渲染" in form and "Capability 1" in form  # the message to edit names both listings
    empty = client.post(url, {"organisation": firm.org.pk, "message": ""})
    assert empty.status_code == 200 and not Interest.objects.exists()  # the message stays required
    client.post(url, {"organisation": firm.org.pk, "message": "We would like to talk."})
    assert Match.objects.get(pk=firm.matches[1].pk).state == S.CONTACTED
    assert firm.matches[1].pk not in [m.pk for m, _o in leads_for(user=firm.owner)[0]["matches"]]


def test_a_lead_dismissed_from_the_dashboard_goes_and_the_page_comes_back(client, firm):
    client.force_login(firm.owner)
    dashboard = reverse("accounts:dashboard")
    response = client.post(reverse("matching:match_dismiss", args=[firm.matches[0].pk]), {"next": dashboard})
    assert response.status_code == 303 and response["Location"] == dashboard
    assert Match.objects.get(pk=firm.matches[0].pk).state == S.DISMISSED
    elsewhere = client.post(reverse("matching:match_dismiss", args=[firm.matches[1].pk]),
                            {"next": "https://evil.example/"})
    assert elsewhere["Location"] == firm.need.get_absolute_url()


def test_interests_awaiting_a_reply_are_listed_with_their_age(client, firm):
    lab_person = make_member(firm.labs[0], role=Membership.Role.OWNER)
    interest = Interest.objects.create(listing=firm.need, from_organisation=firm.labs[0], from_user=lab_person,
                                       to_organisation=firm.org, message="Hello")
    Interest.objects.filter(pk=interest.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    client.force_login(firm.owner)
    page = client.get(reverse("accounts:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'data-interest-id="{interest.pk}"' in page
    assert "3\xa0days ago" in page or "3 days ago" in page
