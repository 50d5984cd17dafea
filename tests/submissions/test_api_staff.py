"""The staff API: who sees which requests, the list's filters, the shapes, transitions."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from formbuilder.persian.identifiers import verhoeff_check_digit
from submissions.constants import Status
from submissions.models import Submission, SubmissionFile
from submissions.services import submission_note_add, submission_transition
from tests.factories import DepartmentFactory, clerk_of, submission_make, user_with_permissions
from tests.submissions.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

LIST = "/api/v1/submissions/"


def detail_url(submission) -> str:
    return f"{LIST}{submission.tracking_code}/"


def transitions_url(submission) -> str:
    return f"{detail_url(submission)}transitions/"


def at_status(submission, status, **fields):
    Submission.objects.filter(pk=submission.pk).update(status=status, **fields)
    submission.refresh_from_db()
    return submission


@pytest.fixture
def unit(service):
    return service.department


@pytest.fixture
def other_unit(db):
    return DepartmentFactory(name="اداره درآمد", code="REVENUE")


@pytest.fixture
def clerk(unit):
    return clerk_of(unit, "clerk")


@pytest.fixture
def outsider(other_unit):
    """Staff of another department, with the same permissions."""
    return clerk_of(other_unit, "outsider")


@pytest.fixture
def ours(service, unit):
    return at_status(submission_make(service), Status.SUBMITTED, department=unit)


@pytest.fixture
def theirs(service, other_unit):
    return at_status(submission_make(service), Status.SUBMITTED, department=other_unit)


def session_client(user, *, enforce_csrf=False) -> APIClient:
    client = APIClient(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)  # a real session: SessionAuthentication, with its CSRF check
    return client


def token_client(user) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


# -- Who may call -------------------------------------------------------------------


def test_anonymous_callers_are_told_to_authenticate(ours):
    response = APIClient().get(LIST)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert APIClient().get(detail_url(ours)).status_code == 401


def test_a_signed_in_user_who_is_not_staff_is_refused(ours):
    editor = user_with_permissions("editor", "formbuilder.view_serviceform")
    client = session_client(editor)
    assert client.get(LIST).status_code == 403
    assert client.get(detail_url(ours)).status_code == 403


def test_a_bad_token_is_a_401(ours):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(LIST).status_code == 401


@pytest.mark.parametrize("make_client", [session_client, token_client])
def test_staff_list_only_their_departments_requests(make_client, clerk, ours, theirs):
    response = make_client(clerk).get(LIST)
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert [item["tracking_code"] for item in response.json()["results"]] == [ours.tracking_code]


def test_a_request_assigned_to_a_person_is_in_their_list(service, clerk, theirs):
    Submission.objects.filter(pk=theirs.pk).update(assigned_to=clerk)
    codes = [item["tracking_code"] for item in session_client(clerk).get(LIST).json()["results"]]
    assert codes == [theirs.tracking_code]


def test_department_membership_alone_is_enough_to_read(unit, ours):
    member = user_with_permissions("member")
    unit.members.add(member)
    assert session_client(member).get(detail_url(ours)).status_code == 200


def test_managers_see_every_department(clerk, ours, theirs):
    manager = user_with_permissions("manager", "submissions.view_all_submissions")
    assert session_client(manager).get(LIST).json()["count"] == 2


def test_another_departments_request_is_the_same_404_as_an_unknown_code(outsider, ours):
    client = token_client(outsider)
    hidden = client.get(detail_url(ours))
    body = "12345678901"
    unknown = client.get(f"{LIST}{body}{verhoeff_check_digit(body)}/")  # well-formed, unknown
    malformed = client.get(f"{LIST}123/")
    assert hidden.status_code == unknown.status_code == malformed.status_code == 404
    assert hidden.json() == unknown.json() == malformed.json()
    assert "detail" in hidden.json()


def test_another_departments_request_cannot_be_changed(outsider, ours):
    response = token_client(outsider).post(
        transitions_url(ours), {"status": "in_review", "message": ""}, format="json"
    )
    assert response.status_code == 404
    ours.refresh_from_db()
    assert ours.status == Status.SUBMITTED


@pytest.mark.parametrize(
    "permissions",
    [
        ("submissions.view_all_submissions",),  # a manager: reads everything, changes nothing
        ("submissions.view_submission",),  # a member who may read only
    ],
)
def test_readers_who_may_not_change_get_a_403(unit, ours, permissions):
    reader = user_with_permissions("reader", *permissions)
    unit.members.add(reader)
    client = token_client(reader)
    assert client.get(detail_url(ours)).status_code == 200
    response = client.post(transitions_url(ours), {"status": "in_review"}, format="json")
    assert response.status_code == 403
    ours.refresh_from_db()
    assert ours.status == Status.SUBMITTED
    assert ours.events.count() == 1


# -- The list: shape, filters, pagination --------------------------------------------


def test_list_item_shape(service, unit, clerk, ours):
    Submission.objects.filter(pk=ours.pk).update(
        assigned_to=clerk, priority=1, letter_number="۱۴۰۵/۱۲۳", due_date=datetime.date(2020, 1, 5)
    )
    ours.refresh_from_db()
    item = session_client(clerk).get(LIST).json()["results"][0]
    assert item == {
        "tracking_code": ours.tracking_code,
        "status": "submitted",
        "status_label": str(Status.SUBMITTED.label),
        "service": {"service_code": "10061077000", "title": "صدور پروانه ساختمانی"},
        "department": {"code": unit.code, "name": unit.name},
        "assigned_to": "clerk",
        "priority": 1,
        "letter_number": "۱۴۰۵/۱۲۳",
        "due_date": "2020-01-05",
        "overdue": True,
        "created_at": item["created_at"],
        "updated_at": item["updated_at"],
    }
    assert datetime.datetime.fromisoformat(item["created_at"]) == ours.created_at
    assert datetime.datetime.fromisoformat(item["updated_at"]) == ours.updated_at


def test_unassigned_request_without_department_has_nulls(service, ours):
    Submission.objects.filter(pk=ours.pk).update(department=None)
    manager = user_with_permissions("manager", "submissions.view_all_submissions")
    item = session_client(manager).get(LIST).json()["results"][0]
    assert (item["department"], item["assigned_to"], item["due_date"], item["overdue"]) == (
        None,
        None,
        None,
        False,
    )


@pytest.fixture
def mixed(service, unit, other_unit):
    """Four requests: two units, two statuses, one overdue, one past due but completed."""
    today = timezone.localdate()
    return {
        "review_overdue": at_status(
            submission_make(service),
            Status.IN_REVIEW,
            department=unit,
            due_date=today - datetime.timedelta(days=1),
        ),
        "done_past_due": at_status(
            submission_make(service),
            Status.COMPLETED,
            department=unit,
            due_date=today - datetime.timedelta(days=3),
        ),
        "new_due_later": at_status(
            submission_make(service),
            Status.SUBMITTED,
            department=unit,
            due_date=today + datetime.timedelta(days=5),
        ),
        "other_unit": at_status(submission_make(service), Status.IN_REVIEW, department=other_unit),
    }


def codes_for(client, **params) -> set[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200, response.json()
    return {item["tracking_code"] for item in response.json()["results"]}


def test_list_filters(service, mixed, other_unit, unit):
    manager = user_with_permissions("manager", "submissions.view_all_submissions")
    client = session_client(manager)
    code = {name: submission.tracking_code for name, submission in mixed.items()}
    assert codes_for(client, status="in_review") == {code["review_overdue"], code["other_unit"]}
    assert codes_for(client, department=other_unit.code) == {code["other_unit"]}
    assert codes_for(client, department=unit.code, status="in_review") == {code["review_overdue"]}
    assert codes_for(client, overdue="true") == {code["review_overdue"]}
    assert codes_for(client, overdue="false") == set(code.values()) - {code["review_overdue"]}
    assert codes_for(client, service="۱۰۰۶۱۰۷۷۰۰۰") == set(code.values())
    assert codes_for(client, service="10061077999") == set()
    items = client.get(LIST, {"overdue": "true"}).json()["results"]
    assert [item["overdue"] for item in items] == [True]


def test_search_by_tracking_code_in_any_digits(service, mixed):
    manager = user_with_permissions("manager", "submissions.view_all_submissions")
    client = session_client(manager)
    target = mixed["new_due_later"].tracking_code
    persian = target.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    grouped = f"{persian[:4]} {persian[4:8]}-{persian[8:]}"
    assert codes_for(client, search=grouped) == {target}
    assert target in codes_for(client, search=target[-4:])


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("status", "lost"),
        ("department", "NO-SUCH-UNIT"),
        ("service", "not-a-code"),
        ("overdue", "maybe"),
        ("search", "abc"),
        ("page", "0"),
        ("page_size", "x"),
    ],
)
def test_bad_filter_values_are_a_400_naming_the_parameter(clerk, ours, parameter, value):
    response = session_client(clerk).get(LIST, {parameter: value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]
    assert response.json()["errors"][parameter][0]


def test_list_is_paginated(service, unit, clerk):
    for _ in range(3):
        at_status(submission_make(service), Status.SUBMITTED, department=unit)
    body = session_client(clerk).get(LIST, {"page_size": 2}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]


# -- Detail ---------------------------------------------------------------------------


def test_detail_shape_with_files_and_every_event(service, unit, clerk, ours):
    stored = SubmissionFile(
        submission=ours,
        field_key="deed",
        original_name="سند.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    stored.file.save("deed", ContentFile(PDF_BYTES), save=False)
    stored.save()
    submission_transition(
        submission=ours, status=Status.IN_REVIEW, actor="staff", user=clerk, public_message="سلام"
    )
    submission_note_add(submission=ours, user=clerk, note="یادداشت داخلی")
    submission_transition(
        submission=ours,
        status=Status.NEEDS_INFO,
        actor="automation",
        actor_name="اتوماسیون اداری",
        public_message="سند را بفرستید.",
    )
    body = token_client(clerk).get(detail_url(ours)).json()
    assert set(body) == {
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
    assert set(events[0]) == {
        "kind",
        "status",
        "previous_status",
        "public_message",
        "internal_note",
        "actor",
        "department",
        "created_at",
    }


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
