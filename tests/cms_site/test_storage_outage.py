"""An object store (S3) that is down or overloaded: a clear Persian 503 with Retry-After, as
for a database outage (cms_site/outage.py), never a 500 with a traceback; nothing half
written; and the same request works once the store is back. The store is the local S3
server of tests/s3.py; "down" is its address with nothing listening, "overloaded" a
server that answers every request 503 Slow Down, as S3 does (bench/faults.py --s3 does
both to a real run)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from botocore.exceptions import ClientError

from cms_site.constants import DATABASE_RETRY_AFTER_SECONDS
from cms_site.outage import storage_unavailable, unavailable
from receipts.services import receipt_generate
from submissions.models import Submission, SubmissionFile
from tests.factories import submission_make
from tests.s3 import s3_storages
from tests.submissions.test_api import URL as API_URL
from tests.submissions.test_api import answers
from tests.submissions.test_apply import pdf

pytestmark = pytest.mark.django_db

BUSY = "سامانه لحظاتی در دسترس نیست. لطفاً یک دقیقه دیگر دوباره تلاش کنید."


class SlowDown(BaseHTTPRequestHandler):
    """Every request answered as an overloaded S3 answers it."""

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"<Error><Code>SlowDown</Code><Message>Reduce your rate.</Message></Error>"
        self.send_response(503)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(autouse=True)
def _rate_limits_cleared():
    """The submissions here count against the client's rate limits (in the cache): cleared
    after each, so that the next test file's citizen is not refused."""
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def slow_down():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowDown)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def nothing_listening():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def point_storage_at(endpoint: str, settings, monkeypatch) -> None:
    """The app's storages configured for `endpoint`, as AWS_S3_ENDPOINT_URL does."""
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", endpoint)
    settings.STORAGES = s3_storages(settings.STORAGES)


def assert_busy_json(response) -> None:
    assert response.status_code == 503, response.content[:300]
    assert response["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)
    assert response.json() == {"detail": BUSY}


@pytest.mark.parametrize("store", ["nothing_listening", "slow_down"])
def test_an_upload_while_the_store_is_out_answers_503_and_keeps_nothing(
    store, request, s3, client, service, settings, monkeypatch
):
    live = s3.endpoint
    point_storage_at(request.getfixturevalue(store), settings, monkeypatch)
    response = client.post(API_URL, {"data": json.dumps(answers()), "deed": pdf()})
    assert_busy_json(response)
    assert Submission.objects.count() == 0 and SubmissionFile.objects.count() == 0

    # The store is back: the client's retry is accepted and its file is in the bucket.
    point_storage_at(live, settings, monkeypatch)
    response = client.post(API_URL, {"data": json.dumps(answers()), "deed": pdf()})
    assert response.status_code == 201, response.content
    stored = SubmissionFile.objects.get()
    assert s3.keys() == [f"private/{stored.file.name}"]


def test_a_receipt_download_while_the_store_is_busy_answers_a_persian_503_page(
    s3, slow_down, client, service, settings, monkeypatch
):
    submission = submission_make(service)
    receipt_generate(submission=submission)
    url = f"/requests/{submission.access_token}/receipt.pdf"
    point_storage_at(slow_down, settings, monkeypatch)
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)
    html = response.content.decode()
    assert 'dir="rtl"' in html and "سامانه لحظاتی در دسترس نیست" in html

    point_storage_at(s3.endpoint, settings, monkeypatch)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def client_error(status: int, code: str) -> ClientError:
    return ClientError(
        {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "GetObject"
    )


def test_only_a_store_that_is_out_counts_as_an_outage():
    assert storage_unavailable(client_error(503, "SlowDown"))
    assert storage_unavailable(client_error(500, "InternalError"))
    assert not storage_unavailable(client_error(404, "NoSuchKey"))
    assert not storage_unavailable(client_error(403, "AccessDenied"))
    assert not storage_unavailable(ValueError("a bug"))
    # A clean-up that met the same outage while handling it.
    try:
        try:
            raise client_error(503, "SlowDown")
        except ClientError:
            raise RuntimeError("clean-up failed") from None
    except RuntimeError as exc:
        assert not unavailable(exc)  # `from None` hides the cause on purpose
    try:
        try:
            raise client_error(503, "SlowDown")
        except ClientError:
            raise RuntimeError("clean-up failed")  # noqa: B904
    except RuntimeError as exc:
        assert unavailable(exc)


def test_an_upload_stored_but_its_answer_lost_is_deleted_with_the_rollback(
    s3, client, service, monkeypatch
):
    """The store took the object, then the connection died before its answer (botocore
    gave up): the request is not recorded, and its object must not stay behind."""
    from botocore.exceptions import ReadTimeoutError
    from storages.backends.s3 import S3Storage

    stored_then_lost = S3Storage._save

    def save(storage, name, content):
        stored_then_lost(storage, name, content)
        raise ReadTimeoutError(endpoint_url=s3.endpoint)

    monkeypatch.setattr(S3Storage, "_save", save)
    response = client.post(API_URL, {"data": json.dumps(answers()), "deed": pdf()})
    assert_busy_json(response)
    assert Submission.objects.count() == 0
    assert s3.keys() == []
