"""A citizen's sign-in to "my requests": the verified mobile in the session, a new
session key at sign-in, and gone after 30 idle minutes or at sign-out."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from submissions.citizen_session import (
    SESSION_KEY,
    citizen_mobile,
    citizen_sign_in,
    citizen_sign_out,
)

pytestmark = pytest.mark.django_db


def request_with_session():
    request = RequestFactory().get("/my/")
    SessionMiddleware(lambda request: None).process_request(request)
    request.session["wizard"] = "kept"
    request.session.save()
    return request


def test_sign_in_changes_the_session_key_and_keeps_the_rest():
    request = request_with_session()
    before = request.session.session_key
    citizen_sign_in(request, "۰۹۱۲۱۲۳۴۵۶۷")
    assert request.session.session_key != before
    assert citizen_mobile(request) == "09121234567"
    assert request.session["wizard"] == "kept"


def test_idle_for_thirty_minutes_signs_out(settings):
    request = request_with_session()
    citizen_sign_in(request, "09121234567")
    request.session[SESSION_KEY]["seen"] -= 1799
    assert citizen_mobile(request) == "09121234567"  # and that counts as activity
    request.session[SESSION_KEY] = {**request.session[SESSION_KEY]}
    request.session[SESSION_KEY]["seen"] -= 1801
    assert citizen_mobile(request) is None
    assert SESSION_KEY not in request.session


def test_sign_out_forgets_the_mobile():
    request = request_with_session()
    citizen_sign_in(request, "09121234567")
    citizen_sign_out(request)
    assert citizen_mobile(request) is None
    assert request.session["wizard"] == "kept"


def test_never_signed_in_or_tampered_entry_is_nobody():
    request = request_with_session()
    assert citizen_mobile(request) is None
    request.session[SESSION_KEY] = "09121234567"
    assert citizen_mobile(request) is None
