import pytest

from accounts.models import Membership
from tests.factories import make_member, make_org, make_staff, make_user


@pytest.fixture
def org(db):
    return make_org(name_zh="星河数字文化研究院", name_en="Galaxy Digital Culture Institute")


@pytest.fixture
def owner(org):
    return make_member(org, role=Membership.Role.OWNER)


@pytest.fixture
def editor(org):
    return make_member(org, role=Membership.Role.EDITOR)


@pytest.fixture
def viewer(org):
    return make_member(org, role=Membership.Role.VIEWER)


@pytest.fixture
def outsider(db):
    return make_user()


@pytest.fixture
def staff(db):
    return make_staff()
