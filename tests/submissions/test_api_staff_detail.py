"""The staff API's detail and transitions: the request's shape, the transition rules and
answers, CSRF on session POSTs, the schema's authentication, the query counts."""

import pytest
from django.core.files.base import ContentFile

from submissions.constants import Status
from submissions.models import SubmissionFile
from submissions.services import submission_note_add, submission_transition
from tests.factories import submission_make
from tests.submissions.conftest import PDF_BYTES
from tests.submissions.staff_api import (
    LIST,
    at_status,
    detail_url,
    session_client,
    token_client,
    transitions_url,
)

pytestmark = pytest.mark.django_db


# -- Detail ---------------------------------------------------------------------------


# The detail's keys and each event's, written out by hand (not read from the serializer).
DETAIL_KEYS = {
    "tracking_code",
    "status",
    "status_label",
    "service",
    "department",
    "assigned_to",
    "priority",
    "letter_number",
    "due_date",
    "overdue",
    "created_at",
    "updated_at",
    "mobile",
    "national_id",
    "channel",
    "data",
    "files",
    "events",
}
EVENT_KEYS = {
    "kind",
    "status",
    "previous_status",
    "public_message",
    "internal_note",
    "actor",
    "department",
    "created_at",
}


def deed_stored(submission) -> None:
    """A PDF deed stored with `submission`, as the citizen's upload would be."""
    stored = SubmissionFile(
        submission=submission,
        field_key="deed",
        original_name="سند.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    stored.file.save("deed", ContentFile(PDF_BYTES), save=False)
    stored.save()


def every_kind_of_event(submission, clerk) -> None:
    """Taken into review by `clerk` with a public message, an internal note, then asked
    for more by the office automation: every kind of event after the submission's own."""
    submission_transition(
        submission=submission,
        status=Status.IN_REVIEW,
        actor="staff",
        user=clerk,
        public_message="سلام",
    )
    submission_note_add(submission=submission, user=clerk, note="یادداشت داخلی")
    submission_transition(
        submission=submission,
        status=Status.NEEDS_INFO,
        actor="automation",
        actor_name="اتوماسیون اداری",
        public_message="سند را بفرستید.",
    )


def test_detail_shape_with_files_and_every_event(service, unit, clerk, ours):
    deed_stored(ours)
    every_kind_of_event(ours, clerk)
    body = token_client(clerk).get(detail_url(ours)).json()
    assert set(body) == DETAIL_KEYS
    assert body["status"] == "needs_info"
    assert (body["mobile"], body["national_id"], body["channel"]) == (
        "09121234567",
        "0013542419",
        "online",
    )
    assert body["data"]["full_name"] == "مریم کاظمی"
    assert body["files"] == [
        {
            "key": "deed",
            "name": "سند.pdf",
            "content_type": "application/pdf",
            "size": len(PDF_BYTES),
        }
    ]
    events = body["events"]
    assert [(e["kind"], e["status"], e["previous_status"]) for e in events] == [
        ("submitted", "submitted", ""),
        ("status", "in_review", "submitted"),
        ("note", "in_review", ""),
        ("status", "needs_info", "in_review"),
    ]
    assert events[1]["actor"] == "clerk" and events[1]["public_message"] == "سلام"
    assert events[2]["internal_note"] == "یادداشت داخلی"  # staff see internal notes
    assert events[3]["actor"] == "اتوماسیون اداری"
    assert events[3]["department"] == {"code": unit.code, "name": unit.name}
    assert set(events[0]) == EVENT_KEYS


def test_detail_accepts_the_code_as_people_type_it(clerk, ours):
    code = ours.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    response = session_client(clerk).get(f"{LIST}{code[:4]}-{code[4:8]}-{code[8:]}/")
    assert response.status_code == 200
    assert response.json()["tracking_code"] == ours.tracking_code


# -- Transitions ----------------------------------------------------------------------


def test_a_transition_answers_with_the_updated_request(clerk, ours):
    response = token_client(clerk).post(
        transitions_url(ours),
        {
            "status": "in_review",
            "message": "  بررسی آغاز شد  ",
            "internal_note": "اولویت بالا",
            "letter_number": "1405/77",
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["letter_number"]) == ("in_review", "1405/77")
    last = body["events"][-1]
    assert (last["status"], last["previous_status"], last["actor"]) == (
        "in_review",
        "submitted",
        "clerk",
    )
    assert (last["public_message"], last["internal_note"]) == ("بررسی آغاز شد", "اولویت بالا")
    ours.refresh_from_db()
    assert ours.status == Status.IN_REVIEW
    assert ours.history.first().history_user == clerk


@pytest.mark.parametrize("status", ["needs_info", "completed", "rejected"])
def test_a_message_to_the_citizen_is_required_for_some_statuses(clerk, ours, status):
    at_status(ours, Status.IN_REVIEW)
    client = token_client(clerk)
    response = client.post(transitions_url(ours), {"status": status, "message": " "}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["message"]
    ours.refresh_from_db()
    assert ours.status == Status.IN_REVIEW
    ok = client.post(transitions_url(ours), {"status": status, "message": "پیام"}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == status


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"status": "archived", "message": "x"}, "status"),
        ({"message": "x"}, "status"),
        ({"status": "referred", "message": "x"}, "department"),
        ({"status": "referred", "department": "NO-SUCH-UNIT"}, "department"),
        ({"status": "completed", "message": "x", "department": "REVENUE"}, "department"),
    ],
)
def test_bad_transition_input_is_a_400_naming_the_field(clerk, ours, other_unit, payload, field):
    at_status(ours, Status.IN_REVIEW)
    response = token_client(clerk).post(transitions_url(ours), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    ours.refresh_from_db()
    assert ours.status == Status.IN_REVIEW and ours.events.count() == 1


def test_a_referral_moves_the_request_to_the_other_department(clerk, ours, other_unit):
    at_status(ours, Status.IN_REVIEW, assigned_to=clerk)
    response = token_client(clerk).post(
        transitions_url(ours),
        {"status": "referred", "message": "", "department": "REVENUE", "internal_note": "بررسی"},
        format="json",
    )
    # The answer is the updated request, even though it has left the caller's unit.
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "referred"
    assert body["department"] == {"code": "REVENUE", "name": "اداره درآمد"}
    assert body["assigned_to"] is None
    assert body["events"][-1]["department"]["code"] == "REVENUE"
    ours.refresh_from_db()
    assert ours.department == other_unit
    assert token_client(clerk).get(detail_url(ours)).status_code == 404


@pytest.mark.parametrize(
    ("current", "requested"),
    [("submitted", "completed"), ("completed", "in_review"), ("rejected", "needs_info")],
)
def test_a_forbidden_transition_is_a_409_with_both_statuses(clerk, ours, current, requested):
    at_status(ours, current)
    response = token_client(clerk).post(
        transitions_url(ours), {"status": requested, "message": "پیام"}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"detail", "current_status", "requested_status"}
    assert (body["current_status"], body["requested_status"]) == (current, requested)
    assert body["detail"]
    ours.refresh_from_db()
    assert ours.status == current and ours.events.count() == 1


# -- CSRF ------------------------------------------------------------------------------


def test_a_session_post_needs_the_csrf_token(clerk, ours):
    api = session_client(clerk, enforce_csrf=True)
    refused = api.post(transitions_url(ours), {"status": "in_review"}, format="json")
    assert refused.status_code == 403
    ours.refresh_from_db()
    assert ours.status == Status.SUBMITTED

    api.get("/track/")  # any page with a form sets the CSRF cookie
    token = api.cookies["csrftoken"].value
    accepted = api.post(
        transitions_url(ours), {"status": "in_review"}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200


def test_a_token_post_needs_no_csrf_token(clerk, ours):
    response = token_client(clerk).post(
        transitions_url(ours), {"status": "in_review"}, format="json"
    )
    assert response.status_code == 200


def test_the_schema_declares_token_and_session_authentication(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["type"] == "apiKey" and schemes["tokenAuth"]["in"] == "header"
    assert "cookieAuth" in schemes
    transition = schema["paths"]["/api/v1/submissions/{tracking_code}/transitions/"]["post"]
    assert {"tokenAuth": []} in transition["security"]
    assert {"200", "400", "403", "404", "409"} <= set(transition["responses"])


def test_list_and_detail_queries_do_not_grow_with_the_rows(
    service, unit, clerk, django_assert_max_num_queries
):
    submissions = [
        at_status(submission_make(service), Status.SUBMITTED, department=unit) for _ in range(4)
    ]
    for submission in submissions:
        submission_note_add(submission=submission, user=clerk, note="یادداشت")
    client = token_client(clerk)
    with django_assert_max_num_queries(8):
        assert len(client.get(LIST).json()["results"]) == 4
    with django_assert_max_num_queries(8):
        assert len(client.get(detail_url(submissions[0])).json()["events"]) == 2
