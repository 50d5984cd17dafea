"""The citizen's flow at `<service page>/apply/`: steps, conditions, files, review, done."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from formbuilder.persian.identifiers import verhoeff_is_valid
from submissions.models import Submission, SubmissionFile
from tests.factories import ServicePageFactory

from .conftest import EXE_BYTES, PDF_BYTES, VALID_NATIONAL_ID

pytestmark = pytest.mark.django_db

APPLY = "/services/urban/permit/apply/"


class Wizard:
    """Drives the formtools wizard the way a browser does."""

    def __init__(self, client, url, service):
        self.client, self.url = client, url
        self.prefix = f"khedmat_wizard_{service.pk}"

    def post(self, step, data=None, files=None, **extra):
        payload = {f"{self.prefix}-current_step": step}
        payload.update({f"{step}-{key}": value for key, value in (data or {}).items()})
        payload.update({f"{step}-{key}": value for key, value in (files or {}).items()})
        payload.update(extra)
        response = self.client.post(self.url, payload)
        if response.status_code == 302 and "/requests/" not in response["Location"]:
            # Post/Redirect/Get: the next step is at its own URL, as a browser follows it.
            self.redirected_to = response["Location"]
            response = self.client.get(response["Location"])
        return response

    def fill_every_step(self, *, area: str, **step1_overrides):
        """Answer the applicant's step (step1's answers) and the property's (`area`, a PDF
        deed), which leads to the review page."""
        self.post("s1", step1(**step1_overrides))
        self.post("s2", {"area": area}, {"deed": pdf()})


def step1(**overrides):
    data = {
        "full_name": "علي رضايي",
        "mobile": "+98 912 123 4567",
        "national_id": "۰۰۱۳۵۴۲۴۱۹",
        "applicant_type": "person",
        "company_name": "",
    }
    data.update(overrides)
    return data


def pdf(name="deed.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def test_first_step_renders_in_persian_with_progress(client, service):
    response = client.get(APPLY, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "مرحله ۱ از ۳" in html
    assert "مشخصات متقاضی" in html
    assert 'name="s1-mobile"' in html and 'inputmode="tel"' in html
    assert "پیش از شروع، تصویر سند را آماده کنید." in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_whole_application(client, service):
    wizard = Wizard(client, APPLY, service)
    response = wizard.post("s1", step1())
    assert "مشخصات ملک" in response.content.decode()
    response = wizard.post("s2", {"area": "۱۲۰", "visit_date": "۱۴۰۵/۰۹/۱۰"}, {"deed": pdf()})
    review = response.content.decode()
    assert "پاسخ‌هایتان را پیش از ارسال بررسی کنید" in review
    assert "علی رضایی" in review  # letters normalised
    assert "۰۹۱۲۱۲۳۴۵۶۷" in review
    assert "۱۴۰۵/۰۹/۱۰" in review
    assert "deed.pdf" in review
    assert "نام شرکت" not in review  # hidden by its condition

    response = wizard.post("review", {"confirm": "on"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert response["Location"] == f"/requests/{submission.access_token}/"
    assert verhoeff_is_valid(submission.tracking_code)
    assert submission.mobile == "09121234567"
    assert submission.national_id == VALID_NATIONAL_ID
    assert submission.channel == "online"
    assert submission.status == "submitted"
    assert submission.data["area"] == 120
    assert submission.data["visit_date"] == "2026-12-01"
    assert "company_name" not in submission.data
    stored = SubmissionFile.objects.get()
    assert stored.original_name == "deed.pdf"
    assert stored.content_type == "application/pdf"
    stored.file.open("rb")
    assert stored.file.read() == PDF_BYTES
    assert submission.events.get().status == "submitted"

    confirmation = client.get(response["Location"])
    html = confirmation.content.decode()
    code = submission.tracking_code
    grouped = " ".join(code[i : i + 4] for i in range(0, 12, 4)).translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    )
    assert grouped in html
    assert "۱۲ روز کاری" in html
    assert "کارشناس ظرف سه روز کاری" in html
    assert "no-store" in confirmation["Cache-Control"]


def test_condition_shows_a_required_field(client, service):
    wizard = Wizard(client, APPLY, service)
    response = wizard.post("s1", step1(applicant_type="company"))
    html = response.content.decode()
    assert "مشکلی وجود دارد" in html  # error summary
    assert 'href="#id_s1-company_name"' in html
    response = wizard.post("s1", step1(applicant_type="company", company_name="ساختمان‌سازان"))
    assert "مشخصات ملک" in response.content.decode()


def test_hidden_field_answers_are_not_stored(client, service):
    wizard = Wizard(client, APPLY, service)
    wizard.fill_every_step(area="50", company_name="نباید ذخیره شود")
    wizard.post("review", {"confirm": "on"})
    assert "company_name" not in Submission.objects.get().data


def test_back_and_change_keep_answers_and_files(client, service):
    wizard = Wizard(client, APPLY, service)
    wizard.post("s1", step1())
    wizard.post("s2", {"area": "80"}, {"deed": pdf("scan.pdf")})
    # From the review page, change step 1.
    response = wizard.post("review", wizard_goto_step="s1")
    html = response.content.decode()
    assert 'value="علي رضايي"' in html  # what was typed, to edit
    wizard.post("s1", step1(full_name="زهرا احمدی"))
    # Step 2 still holds the file: shown, and kept when the step is sent again.
    response = client.get(APPLY, follow=True)
    assert "scan.pdf" in response.content.decode()
    response = wizard.post("s2", {"area": "80"})
    review = response.content.decode()
    assert "پاسخ‌هایتان را پیش از ارسال بررسی کنید" in review
    assert "زهرا احمدی" in review and "scan.pdf" in review
    wizard.post("review", {"confirm": "on"})
    assert SubmissionFile.objects.get().original_name == "scan.pdf"


def test_errors_are_translated_and_linked(client, service):
    wizard = Wizard(client, APPLY, service)
    response = wizard.post("s1", step1(mobile="12345", national_id="1234567890"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_s1-mobile"' in html and 'href="#id_s1-national_id"' in html
    assert "Enter" not in html  # no English left in messages
    assert Submission.objects.count() == 0


def test_a_disguised_executable_is_refused(client, service):
    wizard = Wizard(client, APPLY, service)
    wizard.post("s1", step1())
    fake = SimpleUploadedFile("deed.pdf", EXE_BYTES, content_type="application/pdf")
    response = wizard.post("s2", {"area": "50"}, {"deed": fake})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_s2-deed"' in html
    assert re.search("PDF", html)
    assert Submission.objects.count() == 0


def test_an_oversized_file_is_refused(client, service):
    wizard = Wizard(client, APPLY, service)
    wizard.post("s1", step1())
    big = SimpleUploadedFile("deed.pdf", PDF_BYTES + b"0" * (2 * 1024 * 1024 + 1))
    response = wizard.post("s2", {"area": "50"}, {"deed": big})
    html = response.content.decode()
    assert "حجم فایل «deed.pdf» بیش از ۲ مگابایت است." in html
    assert 'href="#id_s2-deed"' in html
    assert Submission.objects.count() == 0


def test_a_tampered_management_form_is_a_400(client, service):
    response = client.post(APPLY, {"s1-full_name": "x"})
    assert response.status_code == 400


def test_no_form_no_apply_page(client, category):
    service = ServicePageFactory(parent=category, slug="offline")
    assert client.get(service.url + "apply/", follow=True).status_code == 404
    assert client.get("/services/urban/apply/").status_code == 404
    assert client.get("/no/such/page/apply/").status_code == 404


def test_service_page_links_to_the_form(client, service):
    html = client.get(service.url).content.decode()
    assert f'href="{service.url}apply/"' in html


def test_a_new_version_published_midway_does_not_break_the_application(client, service):
    wizard = Wizard(client, APPLY, service)
    wizard.post("s1", step1())
    form = service.service_form
    form.steps[1].value["fields"][0].value["label"] = "زیربنا"
    form.save_revision().publish()
    wizard.post("s2", {"area": "70"}, {"deed": pdf()})
    wizard.post("review", {"confirm": "on"})
    submission = Submission.objects.get()
    assert submission.form_version.number == 1
    assert submission.data["area"] == 70
    # The next applicant gets the new version.
    assert "زیربنا" in Wizard(client, APPLY, service).post("s1", step1()).content.decode()


def test_an_old_request_still_displays_with_its_own_version(client, service):
    wizard = Wizard(client, APPLY, service)
    wizard.fill_every_step(area="70")
    wizard.post("review", {"confirm": "on"})
    submission = Submission.objects.get()
    form = service.service_form
    form.steps[1].value["fields"][0].value["label"] = "زیربنای کل"
    form.save_revision().publish()
    html = client.get(f"/requests/{submission.access_token}/").content.decode()
    assert "<dt>مساحت (متر مربع)</dt><dd>۷۰</dd>" in html
    assert "زیربنای کل" not in html


def test_several_files_in_one_question_survive_the_steps(client, category):
    from tests.factories import ServiceFormFactory, field, form_step

    form = ServiceFormFactory(
        steps=[
            form_step("مدارک", field("file", "مدارک", "docs", multiple=True, max_files=3)),
            form_step("تماس", field("mobile", "شماره همراه", "mobile")),
        ]
    )
    service = ServicePageFactory(parent=category, slug="multi", service_form=form)
    wizard = Wizard(client, service.url + "apply/", service)
    wizard.post("s1", files={"docs": [pdf("a.pdf"), pdf("b.pdf")]})
    review = wizard.post("s2", {"mobile": "09121234567"}).content.decode()
    assert "a.pdf" in review and "b.pdf" in review
    wizard.post("review", {"confirm": "on"})
    submission = Submission.objects.get()
    assert sorted(f.original_name for f in submission.files.all()) == ["a.pdf", "b.pdf"]
    assert [d["name"] for d in submission.data["docs"]] == ["a.pdf", "b.pdf"]


def test_editors_digits_show_in_persian(client, category):
    from tests.factories import ServiceFormFactory, form_step

    mobile = (
        "mobile",
        {"label": "شماره همراه", "key": "mobile", "help_text": "11 رقم", "required": True},
    )
    form = ServiceFormFactory(intro="حدود 15 دقیقه طول می‌کشد.", steps=[form_step("گام 1", mobile)])
    service = ServicePageFactory(parent=category, slug="digits", service_form=form)
    html = client.get(service.url + "apply/", follow=True).content.decode()
    assert "حدود ۱۵ دقیقه" in html and "۱۱ رقم" in html and "گام ۱" in html


def test_empty_steps_render_from_cache_per_version_and_language(client, service):
    from formbuilder import forms as step_forms

    step_forms.step_form_cache_clear()

    def without_tokens(response):
        # The CSRF token is new on every page, and the signed version token carries the
        # second it was signed in.
        return re.sub(
            r'name="(csrfmiddlewaretoken|khedmat_form_version)" value="[^"]+"',
            "",
            response.content.decode(),
        )

    first = without_tokens(client.get(APPLY, follow=True))
    assert len(step_forms._EMPTY_STEP_HTML) == 1
    assert without_tokens(client.get(APPLY, follow=True)) == first
    assert 'name="s1-full_name"' in first
    client.cookies["khedmat_language"] = "en"
    english = client.get(APPLY, follow=True).content.decode()
    assert len(step_forms._EMPTY_STEP_HTML) == 2
    assert "Step 1 of 3" in english
    # A step with errors is never served from the cache.
    client.cookies["khedmat_language"] = "fa"
    errors = Wizard(client, APPLY, service).post("s1", {}).content.decode()
    assert "مشکلی وجود دارد" in errors
    assert len(step_forms._EMPTY_STEP_HTML) == 2


def test_a_visitor_who_only_opens_the_form_gets_no_session(client, service):
    from django.contrib.sessions.models import Session

    response = client.get(APPLY, follow=True)
    assert response.status_code == 200 and 'name="s1-full_name"' in response.content.decode()
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
    # The first answers sent start the session, as before.
    Wizard(client, APPLY, service).post("s1", step1())
    assert Session.objects.count() == 1


def version_token(html):
    return re.search(r'name="khedmat_form_version" value="([^"]+)"', html).group(1)


def test_a_version_published_between_opening_and_sending_does_not_change_the_form(client, service):
    token = version_token(client.get(APPLY, follow=True).content.decode())
    form = service.service_form
    form.steps[1].value["fields"][0].value["label"] = "زیربنا"
    form.save_revision().publish()
    wizard = Wizard(client, APPLY, service)
    wizard.post("s1", step1(), khedmat_form_version=token)
    assert "زیربنا" not in wizard.post("s2", {"area": "70"}, {"deed": pdf()}).content.decode()
    wizard.post("review", {"confirm": "on"})
    assert Submission.objects.get().form_version.number == 1


def test_a_forged_version_token_gets_the_current_version(client, service):
    form = service.service_form
    form.steps[1].value["fields"][0].value["label"] = "زیربنا"
    form.save_revision().publish()
    old = form.versions.get(number=1)
    wizard = Wizard(client, APPLY, service)
    wizard.post("s1", step1(), khedmat_form_version=f"{old.pk}:forged")
    assert "زیربنا" in wizard.post("s2", {"area": "70"}, {"deed": pdf()}).content.decode()


def test_an_application_gets_its_receipt_and_received_sms(
    client, service, django_capture_on_commit_callbacks
):
    from receipts.models import SmsMessage, SmsTemplate

    SmsTemplate.objects.create(event="received", body="ثبت شد. کد رهگیری: {tracking_code}")
    wizard = Wizard(client, APPLY, service)
    wizard.fill_every_step(area="120")
    with django_capture_on_commit_callbacks(execute=True):
        response = wizard.post("review", {"confirm": "on"})
    submission = Submission.objects.get()
    confirmation = client.get(response["Location"]).content.decode()
    receipt_url = f"/requests/{submission.access_token}/receipt.pdf"
    assert receipt_url in confirmation
    receipt = client.get(receipt_url)
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    [message] = SmsMessage.objects.filter(submission=submission)
    assert message.recipient == "09121234567" and message.status == "sent"
