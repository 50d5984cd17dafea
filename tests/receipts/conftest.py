import pytest

from tests.fakes.kavenegar import FakeKavenegar
from tests.fakes.sms_http import FakeSmsHttp


@pytest.fixture
def fake_kavenegar(settings):
    """A running fake Kavenegar that the `kavenegar` backend is configured to use."""
    with FakeKavenegar(api_key="test-kavenegar-key") as server:
        settings.SMS_BACKEND = "kavenegar"
        settings.KAVENEGAR_API_KEY = server.api_key
        settings.KAVENEGAR_BASE_URL = server.base_url
        settings.KAVENEGAR_SENDER = "10004346"
        settings.SMS_TIMEOUT_SECONDS = 2.0
        yield server


@pytest.fixture
def fake_sms_http(settings):
    """A running fake generic provider that the `http` backend is configured to use."""
    with FakeSmsHttp() as server:
        settings.SMS_BACKEND = "http"
        settings.SMS_HTTP_URL = server.url("/api/send")
        settings.SMS_HTTP_METHOD = "POST"
        settings.SMS_HTTP_HEADERS = '{"Authorization": "Bearer test-token"}'
        settings.SMS_HTTP_PAYLOAD = '{"to": "{recipient}", "text": "{body}", "ref": "{local_id}"}'
        settings.SMS_HTTP_ID_FIELD = "data.id"
        settings.SMS_TIMEOUT_SECONDS = 2.0
        yield server
