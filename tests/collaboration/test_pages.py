"""The includes and pages of the workflow, as a signed-in person sees them."""
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from collaboration.models import Interest
from tests.factories import make_member, make_staff, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def render_include(template, user, **context):
    request = RequestFactory().get("/listings/1/?q=vr")
    request.user = user
    return Template("{% include '" + template + "' %}").render(Context({"request": request, "user": user,
                                                                        **context}))


def test_the_express_interest_include_offers_the_form_only_to_other_organisations(sides):
    html = render_include("collaboration/_express_interest.html", sides.firm_editor, listing=sides.capability)
    assert reverse("collaboration:interest_create", args=[sides.capability.pk]) in html
    html = render_include("collaboration/_express_interest.html", sides.lab_owner, listing=sides.capability)
    assert 'data-testid="express-interest-link"' not in html


def test_the_save_search_include_carries_the_current_query(sides):
    html = render_include("collaboration/_save_search.html", sides.firm_editor)
    assert 'name="query" value="q=vr"' in html


def test_express_interest_form_then_detail_pages(client, sides):
    client.force_login(sides.firm_editor)
    url = reverse("collaboration:interest_create", args=[sides.capability.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"organisation": sides.firm.pk, "message": "We would like a pilot",
                                  "proposal": "Three months", "collaboration_type": ""})
    interest = Interest.objects.get()
    assert response["Location"] == interest.get_absolute_url()
    page = client.get(interest.get_absolute_url()).content.decode()
    assert 'data-state="sent"' in page and 'data-testid="contacts"' not in page
    assert client.get(reverse("collaboration:interests"), {"box": "sent"}).content.decode().count(
        'data-testid="interest"') == 1
    client.force_login(make_user())
    assert client.get(interest.get_absolute_url()).status_code == 404


def test_the_owner_declines_from_the_page_and_the_sender_sees_why(client, sides):
    interest = Interest.objects.create(listing=sides.capability, from_organisation=sides.firm,
                                       from_user=sides.firm_editor, to_organisation=sides.lab, message="Hello")
    client.force_login(sides.lab_owner)
    client.post(reverse("collaboration:interest_decline", args=[interest.pk]), {"reason": "have_partner"})
    client.force_login(sides.firm_editor)
    page = client.get(interest.get_absolute_url()).content.decode()
    assert 'data-reason="have_partner"' in page


def test_a_viewer_sees_the_thread_without_forms_and_cannot_post(client, sides):
    interest = Interest.objects.create(listing=sides.capability, from_organisation=sides.firm,
                                       from_user=sides.firm_editor, to_organisation=sides.lab, message="Hello",
                                       state=Interest.State.ACCEPTED, answered_by=sides.lab_owner,
                                       answered_at=timezone.now())
    client.force_login(make_member(sides.lab, role="viewer"))
    page = client.get(interest.get_absolute_url()).content.decode()
    assert 'data-testid="thread"' in page
    assert 'data-testid="message-form"' not in page and 'data-testid="outcome-form"' not in page
    assert client.post(reverse("collaboration:interest_message", args=[interest.pk]),
                       {"body": "I speak for the lab"}).status_code == 403
    assert client.post(reverse("collaboration:interest_outcome", args=[interest.pk]),
                       {"outcome": "started"}).status_code == 403
    interest.refresh_from_db()
    assert interest.state == Interest.State.ACCEPTED and not interest.messages.exists()
    client.force_login(sides.lab_owner)
    page = client.get(interest.get_absolute_url()).content.decode()
    assert 'data-testid="message-form"' in page and 'data-testid="outcome-form"' in page


def test_staff_do_not_read_other_organisations_threads(client, sides):
    interest = Interest.objects.create(listing=sides.capability, from_organisation=sides.firm,
                                       from_user=sides.firm_editor, to_organisation=sides.lab, message="Hello",
                                       state=Interest.State.ACCEPTED)
    client.force_login(make_staff())
    assert client.get(interest.get_absolute_url()).status_code == 404
    assert client.post(reverse("collaboration:interest_message", args=[interest.pk]),
                       {"body": "Staff here"}).status_code == 404
