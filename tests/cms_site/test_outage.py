"""A database that is down: a clear Persian 503 with Retry-After, on the API and the site,
wherever the error surfaces; never a 500 with a traceback. (bench/faults.py stops a real
PostgreSQL; here the error is raised where the database would have raised it.)"""

import pytest
from django.db import InterfaceError, OperationalError

from cms_site.constants import DATABASE_RETRY_AFTER_SECONDS
from submissions.tracking import tracking_code_generate

pytestmark = pytest.mark.django_db

API_SUBMIT = "/api/v1/services/10061077000/submissions/"


def database_down(*args, **kwargs):
    raise OperationalError("terminating connection due to administrator command")


def test_an_api_request_gets_a_503_detail_with_retry_after(client, service, monkeypatch):
    monkeypatch.setattr("submissions.api.service_get_published", database_down)
    response = client.post(API_SUBMIT, {"data": {}}, content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)
    assert response.json() == {
        "detail": "سامانه لحظاتی در دسترس نیست. لطفاً یک دقیقه دیگر دوباره تلاش کنید."
    }


def test_a_page_gets_a_persian_503_page_with_retry_after(client, service, monkeypatch):
    def connection_gone(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr("submissions.views.submission_track", connection_gone)
    code = tracking_code_generate()
    response = client.post("/track/", {"tracking_code": code, "mobile": "09121234567"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)
    html = response.content.decode()
    assert 'dir="rtl"' in html and "سامانه لحظاتی در دسترس نیست" in html
    assert "Traceback" not in html


def test_an_error_raised_after_the_view_is_a_503_too(client, service, monkeypatch):
    """The session is saved by its middleware after the view has answered: a database
    that goes down then is caught by the project's handler500."""
    client.raise_request_exception = False
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.save", database_down)
    # The first answers sent pin the form's version in the session.
    response = client.post("/services/urban/permit/apply/", {"s1-full_name": "مریم کاظمی"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)


def test_any_other_error_is_still_a_plain_500(client, service, monkeypatch):
    client.raise_request_exception = False

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("submissions.api.service_get_published", broken)
    response = client.post(API_SUBMIT, {"data": {}}, content_type="application/json")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_api_schema_documents_the_503(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/services/{service_code}/submissions/"]["post"]
    answer = operation["responses"]["503"]
    assert "Retry-After" in answer["headers"]
    assert answer["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorDetail"
    }
    assert schema["components"]["schemas"]["ErrorDetail"]["required"] == ["detail"]
