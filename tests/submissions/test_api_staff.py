"""The staff API: who sees which requests, the list's shape, filters and pages (the detail and
transitions: test_api_staff_detail.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from formbuilder.persian.identifiers import verhoeff_check_digit
from submissions.constants import Status
from submissions.models import Submission
from tests.factories import submission_make, user_with_permissions
from tests.submissions.staff_api import (
    LIST,
    at_status,
    detail_url,
    session_client,
    token_client,
    transitions_url,
)

pytestmark = pytest.mark.django_db


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
    codes = {item["tracking_code"] for item in session_client(manager).get(LIST).json()["results"]}
    assert codes == {ours.tracking_code, theirs.tracking_code}


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


def test_list_pages_newest_first_without_a_count(service, unit, clerk):
    now = timezone.now()
    codes = []
    for hours in range(5):
        made = at_status(submission_make(service), Status.SUBMITTED, department=unit)
        Submission.objects.filter(pk=made.pk).update(
            created_at=now - datetime.timedelta(hours=hours)
        )
        codes.append(made.tracking_code)
    client = session_client(clerk)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(LIST, {"page_size": 2}).json()
    assert set(first) == {"next", "previous", "results"}
    assert [item["tracking_code"] for item in first["results"]] == codes[:2]
    assert first["previous"] is None and "page=2" in first["next"]
    assert "page_size=2" in first["next"]
    # Nothing counts the requests: a count reads every one the caller sees.
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counts if '"submissions_submission"' in sql]
    second = client.get(first["next"]).json()
    assert [item["tracking_code"] for item in second["results"]] == codes[2:4]
    assert "page=3" in second["next"] and second["previous"]
    last = client.get(LIST, {"page_size": 2, "page": 3}).json()
    assert [item["tracking_code"] for item in last["results"]] == codes[4:]
    assert last["next"] is None and "page=2" in last["previous"]
    beyond = client.get(LIST, {"page_size": 2, "page": 4})
    assert beyond.status_code == 404 and beyond.json() == {"detail": "چنین صفحه‌ای وجود ندارد."}
