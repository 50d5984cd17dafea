"""`Idempotency-Key` on the submission API: a client that sends the same request again
after a lost answer (a timeout while gunicorn reloads, a reset) gets the request its
first attempt made, not a second one with a second tracking code and SMS."""

import json

import pytest

from submissions import services
from submissions.models import PipelineStep, Submission

from .test_api import URL, answers, pdf

pytestmark = pytest.mark.django_db


def post(client, key=None):
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(URL, {"data": json.dumps(answers()), "deed": pdf()}, headers=headers)


def test_a_repeat_with_the_same_key_gets_the_first_request_back(client, service):
    first = post(client, key="3f1c9a52-client-ref-17")
    repeat = post(client, key="3f1c9a52-client-ref-17")
    assert (first.status_code, repeat.status_code) == (201, 201)
    assert repeat.json() == first.json()
    assert repeat["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert Submission.objects.count() == 1
    assert PipelineStep.objects.count() == 4


def test_different_keys_and_no_key_make_separate_requests(client, service):
    codes = {
        post(client, key="a-1").json()["tracking_code"],
        post(client, key="a-2").json()["tracking_code"],
        post(client).json()["tracking_code"],
        post(client).json()["tracking_code"],
    }
    assert len(codes) == 4
    assert Submission.objects.count() == 4


def test_a_repeat_that_arrives_while_the_first_is_being_stored_gets_it_back(
    client, service, monkeypatch
):
    """Both attempts in flight at once: the repeat found nothing when it looked, and
    meets the first one's row at insert (the key is unique per service)."""
    first = post(client, key="in-flight-9")
    monkeypatch.setattr(services, "submission_repeated", lambda **kwargs: None)
    monkeypatch.setattr("submissions.api.submission_repeated", lambda **kwargs: None)
    original = services.submission_create
    calls = []

    def create_then_find(**kwargs):
        calls.append(kwargs["idempotency_key"])
        monkeypatch.undo()  # the second look (after the conflict) sees the first row
        return original(**kwargs)

    monkeypatch.setattr(services, "submission_create", create_then_find)
    repeat = post(client, key="in-flight-9")
    assert calls == ["in-flight-9"]
    assert repeat.status_code == 201, repeat.content
    assert repeat.json()["tracking_code"] == first.json()["tracking_code"]
    assert Submission.objects.count() == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "کلید", "a\tb"])
def test_a_malformed_key_is_a_400_in_persian(client, service, key):
    response = post(client, key=key)
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "Idempotency-Key": ["سرآیند Idempotency-Key باید ۱ تا ۲۵۵ نویسهٔ چاپی ASCII باشد."]
        }
    }
    assert Submission.objects.count() == 0
