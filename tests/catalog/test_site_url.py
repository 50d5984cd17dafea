"""Absolute links: SITE_BASE_URL when set; unset, the request's own address, and for
links made without a request (workers) the default Wagtail Site's."""

import pytest
from wagtail.models import Site

from catalog.site_url import site_base_url, site_url
from tests.factories import wagtail_root_ensure


@pytest.fixture
def unset(settings):
    settings.SITE_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["desk.example.ir", "localhost"]


def test_the_setting_wins_over_the_request(settings, rf):
    settings.SITE_BASE_URL = "https://khedmat.example.ir/"
    settings.ALLOWED_HOSTS = ["localhost"]
    request = rf.get("/", HTTP_HOST="localhost:8123")
    assert site_url("/track/", request) == "https://khedmat.example.ir/track/"


def test_unset_a_link_follows_the_address_the_request_came_to(unset, rf):
    request = rf.get("/api/v1/", HTTP_HOST="localhost:8123")
    assert site_url("/track/?code=1", request) == "http://localhost:8123/track/?code=1"
    secure = rf.get("/", HTTP_HOST="desk.example.ir", secure=True)
    assert site_base_url(secure) == "https://desk.example.ir"


@pytest.mark.django_db
def test_unset_a_workers_link_follows_the_default_site(unset):
    Site.objects.update(is_default_site=False)
    Site.objects.create(
        hostname="desk.example.ir", port=8080, root_page=wagtail_root_ensure(), is_default_site=True
    )
    assert site_url("/s/abc/") == "http://desk.example.ir:8080/s/abc/"
