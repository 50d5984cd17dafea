"""Fixtures shared by the cms_site tests."""

import pytest
from django.contrib.auth import get_user_model

from tests.cms_site.demo_seed import seed
from tests.cms_site.statistics_desk import desk_build


@pytest.fixture
def seeded(db):
    """The demo, seeded once for the test; the command's output."""
    return seed()


@pytest.fixture
def users(seeded):
    """The demo's users by user name."""
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def desk(service, category):
    """The statistics tests' known data set (statistics_desk.py): its services, departments
    and requests by number."""
    return desk_build(service, category)
