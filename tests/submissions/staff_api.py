"""The staff API's addresses and clients, as its tests use them."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from submissions.models import Submission

LIST = "/api/v1/submissions/"


def detail_url(submission) -> str:
    return f"{LIST}{submission.tracking_code}/"


def transitions_url(submission) -> str:
    return f"{detail_url(submission)}transitions/"


def at_status(submission, status, **fields):
    Submission.objects.filter(pk=submission.pk).update(status=status, **fields)
    submission.refresh_from_db()
    return submission


def session_client(user, *, enforce_csrf=False) -> APIClient:
    client = APIClient(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)  # a real session: SessionAuthentication, with its CSRF check
    return client


def token_client(user) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
