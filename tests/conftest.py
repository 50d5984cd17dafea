import os

import pytest
from hypothesis import HealthCheck, settings

from receipts.constants import SmsEvent
from receipts.models import SmsTemplate
from tests.factories import (
    PERMIT_SERVICE,
    HomePageFactory,
    ServiceCategoryPageFactory,
    ServiceFormFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    roles_ensure,
    wagtail_root_ensure,
)

# Property tests on a busy 2-core machine: no per-example deadline (a slow example is not
# a wrong one), no "too slow" health check, and the same examples on every run in CI, so
# the suite passes or fails for the code's sake only. HYPOTHESIS_PROFILE=dev explores
# new examples locally.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _wagtail_root(request):
    """Every database test starts with the tree root and locale Wagtail's migrations
    make, and the roles' groups ours make: a transactional test run before it on the
    same worker flushed them, the admin's dashboard (its site summary) needs the root,
    and the demo adds its users to the groups."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or "db" in request.fixturenames
    if not uses_db:
        return
    transactional = marker is not None and marker.kwargs.get("transaction")
    request.getfixturevalue("transactional_db" if transactional else "db")
    wagtail_root_ensure()
    roles_ensure()


@pytest.fixture(autouse=True)
def _per_process_caches():
    """Caches a process keeps between requests start empty in every test, so what one
    test rendered never answers the next."""
    from django.conf import settings as django_settings
    from django.utils import translation

    from catalog.lookup_cache import service_lookup_invalidate
    from formbuilder.forms import step_form_cache_clear
    from receipts.sms import sms_backends_reset

    step_form_cache_clear()
    sms_backends_reset()
    service_lookup_invalidate()
    # The site's language: a test that switched to English must not leave the next one
    # on its worker speaking English.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    step_form_cache_clear()
    sms_backends_reset()
    service_lookup_invalidate()


@pytest.fixture
def home(db):
    return HomePageFactory()


@pytest.fixture
def catalog_index(home):
    return ServiceIndexPageFactory(parent=home)


@pytest.fixture
def category(catalog_index):
    return ServiceCategoryPageFactory(parent=catalog_index, title="شهرسازی", slug="urban")


@pytest.fixture
def service_form(db):
    return ServiceFormFactory()


@pytest.fixture
def service(category, service_form):
    return ServicePageFactory(parent=category, service_form=service_form, **PERMIT_SERVICE)


@pytest.fixture
def received_template(db):
    """The SMS a citizen gets when the request is received."""
    return SmsTemplate.objects.create(
        event=SmsEvent.RECEIVED, body="درخواست شما ثبت شد. کد رهگیری: {tracking_code}"
    )


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server in a thread on 127.0.0.1 and a free port; its endpoint URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings, monkeypatch):
    """Every file of the test in a new bucket of the local S3 server (tests/s3.py)."""
    from tests.s3 import S3, s3_environment, s3_storages

    environment, bucket = s3_environment(s3_server)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    handle = S3(endpoint=s3_server, bucket=bucket)
    handle.client.create_bucket(Bucket=bucket)
    settings.STORAGES = s3_storages(settings.STORAGES)
    return handle
