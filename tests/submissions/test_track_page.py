"""The public tracking page `/track/`."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from submissions.services import submission_create
from tests.factories import submission_answered_by_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(service):
    version = service.service_form.live_version
    return submission_create(
        service=service,
        form_version=version,
        answers={"full_name": "سارا", "mobile": "09121234567", "area": 10},
    )


def test_form_is_persian_and_prefilled_from_the_link(client, submitted):
    response = client.get("/track/", {"code": submitted.tracking_code})
    html = response.content.decode()
    assert response.status_code == 200
    assert "کد رهگیری" in html
    code = submitted.tracking_code
    grouped = f"{code[:4]} {code[4:8]} {code[8:]}".translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    )
    assert f'value="{grouped}"' in html  # grouped as people read it (issue 15, item 7)
    assert 'autocomplete="tel"' in html


def test_code_and_mobile_show_the_timeline(client, submitted):
    code = submitted.tracking_code
    typed = "۰" + "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in code)[1:] if code[0] == "0" else code
    response = client.post("/track/", {"tracking_code": typed, "mobile": "0912 123 4567"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "صدور پروانه ساختمانی" in html
    assert "ثبت شد" in html
    assert 'class="timeline"' in html


def test_an_open_request_shows_its_committed_date_and_a_closed_one_not(client, submitted):
    import datetime

    from submissions.constants import Status
    from submissions.models import Submission

    form = {"tracking_code": submitted.tracking_code, "mobile": "09121234567"}
    html = client.post("/track/", form).content.decode()
    assert "تاریخ تعهد انجام" not in html  # not routed yet: no date committed to
    Submission.objects.filter(pk=submitted.pk).update(due_date=datetime.date(2026, 12, 13))
    html = client.post("/track/", form).content.decode()
    assert "تاریخ تعهد انجام" in html and "۲۲ آذر ۱۴۰۵" in html
    submission_answered_by_staff(submitted, Status.REJECTED, "مدارک ناقص است")
    html = client.post("/track/", form).content.decode()
    assert "تاریخ تعهد انجام" not in html and "مدارک ناقص است" in html


def test_wrong_mobile_and_unknown_code_say_the_same(client, submitted):
    wrong = client.post(
        "/track/", {"tracking_code": submitted.tracking_code, "mobile": "09350000000"}
    )
    assert wrong.status_code == 404
    assert "درخواستی با این کد رهگیری و شماره همراه پیدا نشد" in wrong.content.decode()
    assert "صدور پروانه ساختمانی" not in wrong.content.decode()


def test_a_mistyped_code_is_caught_before_lookup(client, submitted):
    code = submitted.tracking_code
    typo = code[:5] + str((int(code[5]) + 3) % 10) + code[6:]
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/track/", {"tracking_code": typo, "mobile": "09121234567"})
    assert not [q for q in queries.captured_queries if "submissions_submission" in q["sql"]]
    assert response.status_code == 400
    assert "این کد رهگیری معتبر نیست" in response.content.decode()


@override_settings(TRACKING_RATE_LIMIT_PER_IP=2)
def test_rate_limited_page_is_a_429(client, submitted):
    for _ in range(2):
        client.post("/track/", {"tracking_code": submitted.tracking_code, "mobile": "09121234567"})
    response = client.post(
        "/track/", {"tracking_code": submitted.tracking_code, "mobile": "09121234567"}
    )
    assert response.status_code == 429
    assert "۱۰ دقیقه دیگر دوباره امتحان کنید" in response.content.decode()


def test_confirmation_shows_the_service_and_form_in_two_queries(client, submitted):
    """The request with what the page shows of its service and form, and the site: no
    field left out of the narrowed lookup is loaded afterwards."""
    client.get(f"/requests/{submitted.access_token}/")  # the site, resolved once
    form = submitted.form_version.form
    type(form).objects.filter(pk=form.pk).update(next_steps="پس از بررسی، پیامک می‌گیرید.")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/requests/{submitted.access_token}/")
    page = response.content.decode()
    assert len(queries) == 2, [query["sql"][:80] for query in queries]
    assert submitted.service.title in page and "پس از بررسی، پیامک می‌گیرید." in page


def test_confirmation_shows_the_committed_date_once_routed(client, submitted):
    import datetime

    from submissions.models import Submission

    url = f"/requests/{submitted.access_token}/"
    assert "تاریخ تعهد انجام" not in client.get(url).content.decode()
    Submission.objects.filter(pk=submitted.pk).update(due_date=datetime.date(2026, 12, 13))
    page = client.get(url).content.decode()
    assert "تاریخ تعهد انجام" in page and "۲۲ آذر ۱۴۰۵" in page


def test_confirmation_needs_the_exact_token(client, submitted):
    assert client.get(f"/requests/{submitted.access_token}/").status_code == 200
    assert client.get(f"/requests/{submitted.access_token[:-1]}x/").status_code == 404
    assert client.get(f"/requests/{submitted.tracking_code}/").status_code == 404
    assert len(submitted.access_token) >= 43  # 256 random bits, URL-safe
