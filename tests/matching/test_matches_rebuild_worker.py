"""The matches_rebuild task through a real Celery worker (the test settings' database search backend)."""
import pytest

from marketplace.models import Listing
from matching.models import Match
from matching.tasks import matches_rebuild_task
from tests.factories import make_listing, make_org, make_sector
from tests.fixtures.celery_worker import celery_broker_url, celery_live, celery_worker, wait_for  # noqa: F401

pytestmark = [pytest.mark.celery, pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_worker_recomputes_the_matches_of_every_published_listing(celery_live):
    games = make_sector("games")
    need = make_listing(make_org(), kind=Listing.Kind.NEED, title="Cloud rendering for our game", sectors=[games])
    capability = make_listing(make_org(), kind=Listing.Kind.CAPABILITY, title="Cloud rendering for games",
                              sectors=[games])
    make_listing(make_org(), kind=Listing.Kind.CAPABILITY, status=Listing.Status.DRAFT, title="Cloud rendering",
                 sectors=[games])  # drafts have no matches
    assert not Match.objects.exists()  # written around the services: nothing was matched

    matches_rebuild_task.delay()

    pair = wait_for(lambda: Match.objects.first(), message="the worker to rebuild the matches")
    assert (pair.need_id, pair.capability_id) == (need.pk, capability.pk)
    assert Match.objects.count() == 1
