import pytest

from tests.fixtures.demo import *  # noqa: F401,F403
from tests.fixtures.services import *  # noqa: F401,F403


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
