"""match.created is recorded in the transaction that writes the Match (matching.services): a crash between the two
loses both, and the retried refresh writes both again. Through a real Celery worker and PostgreSQL: a trigger
makes the first attempt to record the event fail as a lost database connection would (SQLSTATE 57P01), the task
retries, and the event reaches each audience exactly once: one notification, one e-mail, one webhook delivery."""
from collections import Counter

import pytest
from django.db import connection

from accounts.models import Membership
from api.models import WebhookDelivery, WebhookSubscription
from core.models import OutboxEvent
from marketplace.models import Listing
from marketplace.services import listing_create, listing_publish, listing_submit
from matching.models import Match
from notifications.models import Notification
from tests.factories import make_listing, make_member, make_org, make_sector, make_staff, make_technology
from tests.fixtures.celery_worker import wait_for

pytestmark = [pytest.mark.celery, pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CRASH_ONCE = """
CREATE SEQUENCE test_crash_once;
CREATE FUNCTION test_crash_once() RETURNS trigger AS $$
BEGIN
    IF nextval('test_crash_once') = 1 THEN
        RAISE EXCEPTION 'lost between the Match write and its event' USING ERRCODE = '57P01';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER test_crash_once BEFORE INSERT ON {table}
    FOR EACH ROW WHEN (NEW.type = 'match.created') EXECUTE FUNCTION test_crash_once();
"""


@pytest.fixture
def crash_once():
    """The first match.created row to be inserted fails; how many were tried is the sequence's value."""
    table = OutboxEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(CRASH_ONCE.format(table=table))
    yield lambda: _tried()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER test_crash_once ON {table}; DROP FUNCTION test_crash_once(); "
                       "DROP SEQUENCE test_crash_once;")


def _tried():
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value, is_called FROM test_crash_once")
        value, called = cursor.fetchone()
    return value if called else 0


def settled():
    return (not OutboxEvent.objects.filter(processed_at__isnull=True).exists()
            and not Notification.objects.filter(channel="instant", emailed_at__isnull=True).exists())


def test_a_crash_between_the_match_and_its_event_loses_nothing_and_doubles_nothing(celery_live, crash_once):
    sector, technology = make_sector("t-heritage", name_zh="非遗"), make_technology("t-mocap", name_zh="动作捕捉")
    firm, lab = make_org(kind="enterprise"), make_org(kind="university")
    firm_people = [make_member(firm, role=Membership.Role.OWNER), make_member(firm)]
    lab_editor = make_member(lab, role=Membership.Role.EDITOR)
    need = make_listing(firm, kind=Listing.Kind.NEED, title="寻找非遗数字化团队",
                        summary="非遗技艺的三维数字化与动作捕捉", sectors=[sector], technologies=[technology])
    subscription = WebhookSubscription.objects.create(organisation=firm, url="http://127.0.0.1:9/hooks",
                                                      events=["match.created"], secret="s")

    capability = listing_create(user=lab_editor, organisation=lab, kind=Listing.Kind.CAPABILITY,
                                title="非遗技艺动作捕捉与数字化", summary="动作捕捉与三维数字化",
                                sectors=[sector], technologies=[technology])
    listing_submit(user=lab_editor, listing=capability)
    listing_publish(user=make_staff(), listing=capability)  # the worker indexes it and refreshes its matches
    wait_for(lambda: OutboxEvent.objects.filter(type="match.created").exists() and settled(), timeout=120,
             message="the match and its event, after the retry")

    assert crash_once() >= 2  # the first attempt failed, a later one went through
    retries = [line for line in celery_live.log_tail(400).splitlines()
               if "matching.tasks.listing_sync[" in line and " retry" in line]
    assert retries, "the refresh was retried"
    announced = [event.payload for event in OutboxEvent.objects.filter(type="match.created")]
    assert [(p["need_id"], p["capability_id"], p["found_by_listing_id"]) for p in announced] == [
        (need.pk, capability.pk, capability.pk)]
    assert announced[0]["match_id"] == Match.objects.get(need=need, capability=capability).pk

    told = Counter(Notification.objects.filter(type="match").values_list("recipient_id", flat=True))
    assert told == Counter({person.pk: 1 for person in [*firm_people, lab_editor]})
    instant = Counter(Notification.objects.filter(channel="instant").values_list("recipient__email", flat=True))
    wait_for(lambda: Counter(m["To"] for m in celery_live.emails() if m["To"] in instant) == instant,
             message="one e-mail per instant notification")
    assert WebhookDelivery.objects.filter(subscription=subscription, event="match.created").count() == 1
