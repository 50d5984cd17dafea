"""The staff cartable: who sees which request, the inbox filters, files, SMS (its actions:
test_cartable_actions.py)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from receipts.constants import SmsEvent
from receipts.models import Receipt, SmsMessage, SmsTemplate
from submissions.constants import Status
from submissions.models import Submission
from tests.factories import UserFactory, submission_make, user_with_permissions
from tests.submissions.cartable_pages import INBOX, PERSIAN_DIGITS, listed, page_url, request_in
from tests.submissions.conftest import PDF_BYTES, SMS_OF_A_REFERRED_REQUEST

pytestmark = pytest.mark.django_db


# Who sees what ------------------------------------------------------------------------------


def test_staff_see_only_their_departments_requests(client, service, unit_a, unit_b, staff_a):
    ours = request_in(service, unit_a)
    theirs = request_in(service, unit_b)
    client.force_login(staff_a)

    response = client.get(INBOX)
    assert response.status_code == 200
    assert listed(response) == {ours.tracking_code}
    assert client.get(page_url(ours)).status_code == 200
    # Another unit's request does not exist for them: page, actions and files.
    assert client.get(page_url(theirs)).status_code == 404
    assert client.post(page_url(theirs, "take/")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.assigned_to is None and theirs.status == Status.SUBMITTED


def test_a_request_assigned_to_me_is_in_my_cartable(client, service, unit_b, staff_a):
    assigned = request_in(service, unit_b, assigned_to=staff_a)
    client.force_login(staff_a)
    assert listed(client.get(INBOX)) == {assigned.tracking_code}


def test_people_without_a_cartable_are_sent_to_the_dashboard(client, service, unit_a):
    submission = request_in(service, unit_a)
    client.force_login(user_with_permissions("editor"))
    for url in (INBOX, page_url(submission)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_menu_shows_the_cartable_to_department_members_only(client, unit_a):
    member = user_with_permissions("member")  # no permission, but in a unit
    unit_a.members.add(member)
    client.force_login(member)
    assert INBOX in client.get("/admin/").content.decode()
    client.force_login(user_with_permissions("editor"))
    assert INBOX not in client.get("/admin/").content.decode()


def test_the_request_page_shows_answers_files_receipt_and_timeline(
    client, service, unit_a, staff_a
):
    submission = submission_make(
        service,
        answers={"deed": [{"name": "سند.pdf", "content_type": "application/pdf"}]},
        uploads={"deed": [SimpleUploadedFile("deed.pdf", PDF_BYTES, "application/pdf")]},
    )
    Submission.objects.filter(pk=submission.pk).update(
        department=unit_a, letter_number="1405/77", due_date=datetime.date(2026, 3, 1)
    )
    receipt = Receipt(submission=submission, size=len(PDF_BYTES), due_date=datetime.date.today())
    receipt.file.save("receipt.pdf", ContentFile(PDF_BYTES), save=True)
    client.force_login(staff_a)
    client.post(page_url(submission, "note/"), {"note": "سند را با اصل تطبیق دهید"})

    page = client.get(page_url(submission)).content.decode()
    assert "مریم کاظمی" in page  # an answer, through answers_display
    assert "سند.pdf" in page
    stored = submission.files.get()
    assert f"{page_url(submission)}files/{stored.pk}/" in page
    assert f"/requests/{submission.access_token}/receipt.pdf" in page
    assert "سند را با اصل تطبیق دهید" in page  # the internal note, for staff
    assert "سارا احمدی" in page  # who wrote it (UserFactory's name)
    assert "۱۴۰۵/۷۷" in page and "واحد شهرسازی" in page
    assert "۱۴۰۴" in page  # the due date, in the Jalali calendar (1 March 2026 = Esfand 1404)


# Inbox filters -----------------------------------------------------------------------------


def test_overdue_filter_and_marking(client, service, unit_a, staff_a):
    today = timezone.localdate()
    late = request_in(
        service, unit_a, status=Status.IN_REVIEW, due_date=today - datetime.timedelta(1)
    )
    done_late = request_in(
        service, unit_a, status=Status.COMPLETED, due_date=today - datetime.timedelta(1)
    )
    on_time = request_in(service, unit_a, status=Status.IN_REVIEW, due_date=today)
    client.force_login(staff_a)

    everything = client.get(INBOX)
    assert listed(everything) == {
        late.tracking_code,
        done_late.tracking_code,
        on_time.tracking_code,
    }
    page = everything.content.decode()
    # Marked by a class and a word, only the open request past its date.
    assert page.count('class="cartable-row cartable-row--overdue"') == 1
    assert f'cartable-row--overdue" data-tracking-code="{late.tracking_code}"' in page
    assert page.count('<strong class="cartable-overdue">') == 1

    assert listed(client.get(INBOX, {"overdue": "on"})) == {late.tracking_code}


def test_status_and_assigned_to_me_filters(client, service, unit_a, staff_a):
    mine = request_in(service, unit_a, status=Status.IN_REVIEW, assigned_to=staff_a)
    new = request_in(service, unit_a)
    client.force_login(staff_a)
    assert listed(client.get(INBOX, {"status": "submitted"})) == {new.tracking_code}
    assert listed(client.get(INBOX, {"status": "in_review"})) == {mine.tracking_code}
    assert listed(client.get(INBOX, {"mine": "on"})) == {mine.tracking_code}


def test_search_by_part_of_the_code_in_persian_digits(client, service, unit_a, staff_a):
    wanted = request_in(service, unit_a)
    other = request_in(service, unit_a)
    client.force_login(staff_a)
    whole = wanted.tracking_code
    grouped = " ".join((whole[:4], whole[4:8], whole[8:])).translate(PERSIAN_DIGITS)
    assert listed(client.get(INBOX, {"q": grouped})) == {wanted.tracking_code}
    assert listed(client.get(INBOX, {"q": whole[2:10].translate(PERSIAN_DIGITS)})) == {
        wanted.tracking_code
    }
    # Words are no code: the filter says so and the list is left whole.
    response = client.get(INBOX, {"q": "پروانه"})
    assert response.status_code == 200
    assert listed(response) == {wanted.tracking_code, other.tracking_code}
    assert 'role="alert"' in response.content.decode()


def test_the_inbox_is_newest_first_and_paginated(client, service, unit_a, staff_a):
    now = timezone.now()
    codes = [
        request_in(service, unit_a, created_at=now - datetime.timedelta(hours=n)).tracking_code
        for n in range(27)
    ]
    client.force_login(staff_a)
    first = client.get(INBOX).content.decode()
    assert first.index(codes[0]) < first.index(codes[1])
    assert len(listed(client.get(INBOX))) == 25
    assert listed(client.get(INBOX, {"p": 2})) == set(codes[25:])


def test_the_inbox_pages_without_counting_and_gives_the_total_on_its_last_page(
    client, service, unit_a, staff_a, monkeypatch
):
    monkeypatch.setattr("submissions.cartable.views.PER_PAGE", 2)
    now = timezone.now()
    codes = [
        request_in(service, unit_a, created_at=now - datetime.timedelta(hours=n)).tracking_code
        for n in range(7)
    ]
    client.force_login(staff_a)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(INBOX)
    assert listed(first) == set(codes[:2])
    # Nothing counts the requests: a count reads every one the clerk sees.
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counts if '"submissions_submission"' in sql]
    html = first.content.decode()
    assert "بیش از ۲ درخواست" in html and "صفحهٔ ۱" in html and "?p=2" in html
    third = client.get(INBOX, {"p": 3}).content.decode()
    assert listed(client.get(INBOX, {"p": 3})) == set(codes[4:6])
    assert "بیش از ۶ درخواست" in third and "?p=4" in third and "?p=2" in third
    last = client.get(INBOX, {"p": 4})
    assert listed(last) == {codes[6]}
    html = last.content.decode()
    assert "۷ درخواست" in html and "بیش از" not in html and "?p=5" not in html
    # A page past the end (the list shrank meanwhile) or a malformed one: the first page.
    assert listed(client.get(INBOX, {"p": 9})) == set(codes[:2])
    assert listed(client.get(INBOX, {"p": "۲x"})) == set(codes[:2])
    # A list that fits on one page gives its exact count: a whole code finds its one request.
    found = client.get(INBOX, {"q": codes[1]})
    assert listed(found) == {codes[1]} and "۱ درخواست" in found.content.decode()


def test_a_request_of_my_unit_assigned_to_me_is_listed_once(client, service, unit_a, staff_a):
    both = request_in(service, unit_a, assigned_to=staff_a)
    client.force_login(staff_a)
    page = client.get(INBOX).content.decode()
    assert page.count(f'data-tracking-code="{both.tracking_code}"') == 1
    assert "۱ درخواست" in page


# Files --------------------------------------------------------------------------------------


@pytest.fixture
def with_file(service, unit_a):
    submission = submission_make(
        service,
        answers={"deed": [{"name": "سند مالکیت.pdf", "content_type": "application/pdf"}]},
        uploads={"deed": [SimpleUploadedFile("deed.pdf", PDF_BYTES, "application/pdf")]},
    )
    Submission.objects.filter(pk=submission.pk).update(department=unit_a)
    return submission, submission.files.get()


def test_staff_download_a_file_of_their_request(client, with_file, staff_a):
    submission, stored = with_file
    client.force_login(staff_a)
    response = client.get(page_url(submission, f"files/{stored.pk}/"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/pdf"


def test_files_are_out_of_reach_of_other_units(client, with_file, staff_b, manager, service):
    submission, stored = with_file
    client.force_login(staff_b)
    assert client.get(page_url(submission, f"files/{stored.pk}/")).status_code == 404
    # A file of another request, through a request staff may see, is no way round.
    own = request_in(service, staff_b.departments.get())
    assert client.get(page_url(own, f"files/{stored.pk}/")).status_code == 404
    client.force_login(manager)
    assert client.get(page_url(submission, f"files/{stored.pk}/")).status_code == 200
    client.force_login(UserFactory(username="nobody"))  # not even in the admin
    response = client.get(page_url(submission, f"files/{stored.pk}/"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# SMS ----------------------------------------------------------------------------------------


def test_each_stage_from_the_cartable_sends_its_sms(
    client, service, unit_a, unit_b, staff_a, staff_b, django_capture_on_commit_callbacks
):
    for event in SmsEvent.values:
        SmsTemplate.objects.create(event=event, body=f"{event}: {{tracking_code}}")
    submission = request_in(service, unit_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(staff_a)
        client.post(page_url(submission, "take/"))
        client.post(
            page_url(submission, "refer/"),
            {"department": unit_b.pk, "instruction": "بررسی کنید", "public_message": ""},
        )
        client.force_login(staff_b)
        client.post(page_url(submission, "take/"))
        client.post(page_url(submission, "complete/"), {"public_message": "پروانه صادر شد."})
    submission.refresh_from_db()
    assert submission.status == Status.COMPLETED and submission.assigned_to == staff_b
    sent = list(SmsMessage.objects.filter(submission=submission).order_by("pk"))
    assert [m.event for m in sent] == SMS_OF_A_REFERRED_REQUEST
    assert all(m.status == "sent" and m.recipient == "09121234567" for m in sent)
    assert [e.status for e in submission.events.all()] == [
        "submitted",
        "in_review",
        "referred",
        "in_review",
        "completed",
    ]
