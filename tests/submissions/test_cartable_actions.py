"""The staff cartable's actions: take, refer, the status changes and their messages, the
letter number, notes, and what each role may do."""

import pytest

from receipts.models import SmsMessage
from submissions.constants import EventKind, Status
from submissions.models import Submission
from tests.factories import user_with_permissions
from tests.submissions.cartable_pages import INBOX, listed, message_levels, page_url, request_in

pytestmark = pytest.mark.django_db


# Actions ------------------------------------------------------------------------------------


def test_take_assigns_and_starts_the_review(client, service, unit_a, staff_a):
    submission = request_in(service, unit_a)
    client.force_login(staff_a)
    response = client.post(page_url(submission, "take/"))
    assert response.status_code == 302 and response["Location"] == page_url(submission)
    assert message_levels(response) == ["success"]
    submission.refresh_from_db()
    assert submission.assigned_to == staff_a and submission.status == Status.IN_REVIEW
    event = submission.events.last()
    assert (event.previous_status, event.status, event.actor) == (
        Status.SUBMITTED,
        Status.IN_REVIEW,
        staff_a,
    )


def test_refer_moves_the_request_to_the_other_unit(client, service, unit_a, unit_b, staff_a):
    submission = request_in(service, unit_a, status=Status.IN_REVIEW, assigned_to=staff_a)
    client.force_login(staff_a)
    response = client.post(
        page_url(submission, "refer/"),
        {
            "department": unit_b.pk,
            "instruction": "برآورد عوارض را انجام دهید",
            "public_message": "درخواست شما به واحد درآمد ارجاع شد.",
        },
    )
    # Referred to a unit staff_a is not in: it leaves their cartable.
    assert response.status_code == 302 and response["Location"] == INBOX
    submission.refresh_from_db()
    assert submission.status == Status.REFERRED
    assert submission.department == unit_b and submission.assigned_to is None
    event = submission.events.last()
    assert event.internal_note == "برآورد عوارض را انجام دهید"
    assert event.public_message == "درخواست شما به واحد درآمد ارجاع شد."
    assert event.department == unit_b and event.actor == staff_a
    assert client.get(page_url(submission)).status_code == 404


def test_refer_needs_an_instruction(client, service, unit_a, unit_b, staff_a):
    submission = request_in(service, unit_a, status=Status.IN_REVIEW)
    client.force_login(staff_a)
    response = client.post(page_url(submission, "refer/"), {"department": unit_b.pk})
    assert response["Location"] == page_url(submission)
    assert message_levels(response) == ["error"]
    submission.refresh_from_db()
    assert submission.status == Status.IN_REVIEW and submission.department == unit_a


@pytest.mark.parametrize(
    ("action", "status", "data"),
    [
        ("needs-info", Status.NEEDS_INFO, {"public_message": "تصویر سند را بفرستید."}),
        ("complete", Status.COMPLETED, {"public_message": "پروانه صادر شد."}),
        ("reject", Status.REJECTED, {"public_message": "ملک در طرح است."}),
    ],
)
def test_status_actions_send_a_message_to_the_citizen(
    client, service, unit_a, staff_a, action, status, data
):
    submission = request_in(service, unit_a, status=Status.IN_REVIEW)
    client.force_login(staff_a)
    response = client.post(
        page_url(submission, f"{action}/"), {**data, "internal_note": "بررسی شد"}
    )
    assert message_levels(response) == ["success"]
    submission.refresh_from_db()
    assert submission.status == status
    event = submission.events.last()
    assert (event.status, event.public_message, event.internal_note, event.actor) == (
        status,
        data["public_message"],
        "بررسی شد",
        staff_a,
    )


@pytest.mark.parametrize("action", ["needs-info", "complete", "reject"])
def test_status_actions_need_the_public_message(client, service, unit_a, staff_a, action):
    submission = request_in(service, unit_a, status=Status.IN_REVIEW)
    client.force_login(staff_a)
    response = client.post(page_url(submission, f"{action}/"), {"public_message": "  "})
    assert message_levels(response) == ["error"]
    submission.refresh_from_db()
    assert submission.status == Status.IN_REVIEW and submission.events.count() == 1


def test_letter_number_registers_the_request(client, service, unit_a, staff_a):
    submission = request_in(service, unit_a)
    client.force_login(staff_a)
    client.post(page_url(submission, "register/"), {"letter_number": "۱۴۰۵/۱۲۳"})
    submission.refresh_from_db()
    assert submission.letter_number == "1405/123" and submission.status == Status.REGISTERED
    assert submission.events.last().actor == staff_a


def test_a_request_taken_without_a_letter_number_gets_one_later(client, service, unit_a, staff_a):
    submission = request_in(service, unit_a, status=Status.IN_REVIEW)
    client.force_login(staff_a)
    response = client.post(page_url(submission, "letter/"), {"letter_number": "۱۴۰۵/۷۷"})
    assert message_levels(response) == ["success"]
    submission.refresh_from_db()
    assert submission.letter_number == "1405/77" and submission.status == Status.IN_REVIEW
    note = submission.events.last()
    assert (note.kind, note.actor) == (EventKind.NOTE, staff_a) and "1405/77" in note.internal_note
    assert not note.public_message  # the citizen's timeline shows nothing of it
    latest = submission.history.first()
    assert latest.letter_number == "1405/77" and latest.history_user == staff_a
    assert not SmsMessage.objects.filter(submission=submission).exists()


def test_a_mistyped_letter_number_is_corrected_and_the_old_one_kept(
    client, service, unit_a, staff_a
):
    submission = request_in(service, unit_a, status=Status.REFERRED, letter_number="1405/17")
    client.force_login(staff_a)
    page = client.get(page_url(submission)).content.decode()
    assert 'value="1405/17"' in page  # the form starts from the number on record
    client.post(page_url(submission, "letter/"), {"letter_number": "1405/71"})
    submission.refresh_from_db()
    assert submission.letter_number == "1405/71"
    note = submission.events.last().internal_note
    assert "1405/17" in note and "1405/71" in note
    events = submission.events.count()
    response = client.post(page_url(submission, "letter/"), {"letter_number": "1405/71"})
    # Messages pile up until a page shows them: the last one is this answer's.
    assert message_levels(response)[-1] == "success" and submission.events.count() == events
    response = client.post(page_url(submission, "letter/"), {"letter_number": "  "})
    assert message_levels(response)[-1] == "error"
    submission.refresh_from_db()
    assert submission.letter_number == "1405/71"


def test_an_internal_note_changes_no_status(client, service, unit_a, staff_a):
    submission = request_in(service, unit_a, status=Status.COMPLETED)
    client.force_login(staff_a)
    client.post(page_url(submission, "note/"), {"note": "پرونده بایگانی شد"})
    note = submission.events.last()
    assert (note.kind, note.internal_note, note.actor) == (
        EventKind.NOTE,
        "پرونده بایگانی شد",
        staff_a,
    )
    submission.refresh_from_db()
    assert submission.status == Status.COMPLETED


@pytest.mark.parametrize(
    ("current", "action", "data"),
    [
        (Status.SUBMITTED, "complete", {"public_message": "انجام شد"}),
        (Status.SUBMITTED, "reject", {"public_message": "رد شد"}),
        (Status.COMPLETED, "reject", {"public_message": "رد شد"}),
        (Status.COMPLETED, "take", {}),
        (Status.REJECTED, "needs-info", {"public_message": "سند"}),
        (Status.IN_REVIEW, "register", {"letter_number": "12"}),
        (Status.SUBMITTED, "letter", {"letter_number": "12"}),
        (Status.COMPLETED, "letter", {"letter_number": "12"}),
    ],
)
def test_forbidden_transitions_change_nothing(
    client, service, unit_a, staff_a, current, action, data
):
    submission = request_in(service, unit_a, status=current)
    client.force_login(staff_a)
    response = client.post(page_url(submission, f"{action}/"), data)
    assert response.status_code == 302 and response["Location"] == page_url(submission)
    assert message_levels(response) == ["error"]
    submission.refresh_from_db()
    assert submission.status == current and submission.events.count() == 1
    assert submission.assigned_to is None and submission.letter_number == ""


def test_the_page_offers_only_the_allowed_actions(client, service, unit_a, staff_a):
    submission = request_in(service, unit_a)
    client.force_login(staff_a)
    page = client.get(page_url(submission)).content.decode()
    assert 'data-cartable-action="take"' in page and 'data-cartable-action="register"' in page
    assert (
        'data-cartable-action="complete"' not in page and 'data-cartable-action="refer"' not in page
    )
    Submission.objects.filter(pk=submission.pk).update(status=Status.IN_REVIEW)
    page = client.get(page_url(submission)).content.decode()
    for action in ("refer", "needs-info", "complete", "reject", "note", "letter"):
        assert f'data-cartable-action="{action}"' in page
    assert 'data-cartable-action="register"' not in page


def test_an_unknown_action_or_a_get_is_refused(client, service, unit_a, staff_a):
    submission = request_in(service, unit_a)
    client.force_login(staff_a)
    assert client.post(page_url(submission, "delete/")).status_code == 404
    assert client.get(page_url(submission, "take/")).status_code == 405


def test_staff_without_the_change_permission_cannot_act(client, service, unit_a):
    reader = user_with_permissions("reader", "submissions.view_submission")
    unit_a.members.add(reader)
    submission = request_in(service, unit_a)
    client.force_login(reader)
    assert 'data-cartable-action="' not in client.get(page_url(submission)).content.decode()
    response = client.post(page_url(submission, "take/"))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    submission.refresh_from_db()
    assert submission.assigned_to is None


def test_a_manager_sees_everything_but_cannot_act(client, service, unit_a, unit_b, manager):
    first = request_in(service, unit_a, status=Status.IN_REVIEW)
    second = request_in(service, unit_b)
    client.force_login(manager)
    assert listed(client.get(INBOX)) == {first.tracking_code, second.tracking_code}
    page = client.get(page_url(first))
    assert page.status_code == 200
    assert 'data-cartable-action="' not in page.content.decode()
    response = client.post(page_url(first, "complete/"), {"public_message": "انجام شد"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    first.refresh_from_db()
    assert first.status == Status.IN_REVIEW and first.events.count() == 1
