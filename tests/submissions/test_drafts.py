"""Save and continue later: save on any step, resume on another device after a one-time
code, expiry, reminders and cleanup, changed and withdrawn form versions."""

import re
from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from formbuilder.models import FormVersion
from formbuilder.persian.jalali import format_jalali
from receipts.models import SmsMessage
from submissions import tasks
from submissions.citizen_session import citizen_sign_in
from submissions.drafts import draft_token_hash, drafts_cleanup_due, drafts_remind
from submissions.models import Draft, Submission, SubmissionFile
from submissions.otp import otp_send, otp_verify
from submissions.selectors import drafts_for_mobile
from tests.factories import ServiceFormFactory, field, form_step
from tests.sms import otp_code_sent
from tests.storages import storages_in_folder

from .conftest import PDF_BYTES
from .test_apply import APPLY, Wizard, pdf, step1

pytestmark = pytest.mark.django_db

MOBILE = "09121234567"
SAVE = {"wizard_save_draft": "1"}
LINK = re.compile(r"http://testserver(/d/([A-Za-z0-9_-]+)/)")


@pytest.fixture
def draft_files(settings, tmp_path):
    """Drafts' and the wizard's storages in this test's own folders."""
    storages_in_folder(settings, tmp_path, "drafts", "wizard_uploads")
    return storages["drafts"]


def stored_names(storage) -> list[str]:
    try:
        return storage.listdir("")[1]
    except FileNotFoundError:
        return []


def sign_in(client: Client, mobile: str) -> None:
    """The session of `client` signed in as `mobile` after a one-time code: the code sent
    by SMS, read from the outbox, verified, then the sign-in /my/signin/ makes."""
    otp_send(mobile=mobile, client_ip="198.51.100.7", purpose="signin")
    otp_verify(mobile=mobile, code=otp_code_sent(mobile), purpose="signin")
    session = client.session
    request = RequestFactory().get("/")
    request.session = session
    citizen_sign_in(request, mobile)
    session.save()
    client.cookies["sessionid"] = session.session_key


def save_on_step_two(client, service) -> tuple[Draft, str]:
    """Step 1 sent; step 2 filled with a file and saved. Returns the draft and its link."""
    wizard = Wizard(client, APPLY, service)
    wizard.post("s1", step1())
    response = wizard.post("s2", {"area": "۱۲۰"}, {"deed": pdf()}, **SAVE)
    assert wizard.redirected_to == "/services/urban/permit/save-draft/"
    assert "فرم شما ذخیره شد" in response.content.decode()
    sms = SmsMessage.objects.get(recipient=MOBILE, dedupe_key__startswith="draft-")
    path = LINK.search(sms.body).group(1)
    return Draft.objects.get(), path


def test_the_button_is_on_every_step_of_the_online_form(client, service):
    html = client.get(APPLY, follow=True).content.decode()
    assert 'name="wizard_save_draft"' in html
    assert "ذخیره و ادامه در زمانی دیگر" in html


def test_save_on_step_two_with_a_file_resume_elsewhere_and_send(client, service, draft_files):
    draft, path = save_on_step_two(client, service)
    assert draft.mobile == MOBILE
    assert draft.step == "s2"
    assert draft.form_version == service.form_version
    assert draft.answers["area"] == 120 and draft.answers["mobile"] == MOBILE
    [name] = stored_names(draft_files)
    assert draft_files.open(name).read() == PDF_BYTES
    token = LINK.search(SmsMessage.objects.get(dedupe_key__startswith="draft-").body).group(2)
    assert len(token) >= 22  # 128 bits in base64url
    assert draft.token_hash == draft_token_hash(token) and token not in draft.token_hash

    other = Client()  # another device: no session of the first
    sign_in(other, MOBILE)
    page = other.get(path)
    assert page.status_code == 200
    assert "ادامهٔ فرم ذخیره‌شده" in page.content.decode()
    response = other.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/services/urban/permit/apply/s2/"
    step = other.get(response["Location"]).content.decode()
    assert "deed.pdf" in step and 'value="۱۲۰"' in step

    wizard = Wizard(other, APPLY, service)
    review = wizard.post("s2", {"area": "۱۲۰"}).content.decode()
    assert "پاسخ‌هایتان را پیش از ارسال بررسی کنید" in review
    response = wizard.post("review", {"confirm": "on"})
    submission = Submission.objects.get()
    assert response["Location"] == f"/requests/{submission.access_token}/"
    assert submission.mobile == MOBILE and submission.data["area"] == 120
    stored = SubmissionFile.objects.get()
    stored.file.open("rb")
    assert stored.file.read() == PDF_BYTES
    assert not Draft.objects.exists()  # the sent request deleted its draft...
    assert stored_names(draft_files) == []  # ...and its files


def test_a_step_not_yet_valid_is_kept_as_typed_and_the_mobile_asked_for(client, service):
    wizard = Wizard(client, APPLY, service)
    response = wizard.post("s1", {"full_name": "مریم کاظمی"}, **SAVE)
    assert wizard.redirected_to == "/services/urban/permit/save-draft/"
    html = response.content.decode()
    assert 'name="mobile"' in html and not Draft.objects.exists()

    refused = client.post("/services/urban/permit/save-draft/", {"mobile": "12345"})
    assert refused.status_code == 400
    assert "شماره همراه را به شکل ۰۹۱۲۱۲۳۴۵۶۷ وارد کنید" in refused.content.decode()

    save = "/services/urban/permit/save-draft/"
    saved = client.post(save, {"mobile": "۰۹۳۵ ۱۱۱ ۲۲۳۳"}, follow=True)
    assert "۰۹۳۵***۲۲۳۳" in saved.content.decode()
    draft = Draft.objects.get()
    assert draft.mobile == "09351112233" and draft.step == "s1"
    assert draft.state["step_data"]["s1"] == {"s1-full_name": ["مریم کاظمی"]}
    assert SmsMessage.objects.get().recipient == "09351112233"


def test_saving_again_replaces_the_draft_its_files_and_its_link(client, service, draft_files):
    draft, first_path = save_on_step_two(client, service)
    Wizard(client, APPLY, service).post("s2", {"area": "۳۰۰"}, {"deed": pdf("new.pdf")}, **SAVE)
    again = Draft.objects.get()
    assert again.pk == draft.pk and again.answers["area"] == 300
    assert len(stored_names(draft_files)) == 1
    assert client.get(first_path).status_code == 404  # only the latest SMS's link works
    assert SmsMessage.objects.filter(recipient=MOBILE).count() == 2


def test_wrong_forged_and_expired_links_answer_in_persian(client, service):
    draft, path = save_on_step_two(client, service)
    for bad in ("/d/not-a-token/", "/d/" + "A" * 22 + "/", "/d/" + "x" * 300 + "/"):
        response = client.get(bad)
        assert response.status_code == 404
        assert "این پیوند معتبر نیست" in response.content.decode()
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(path)
    assert response.status_code == 410
    assert "مهلت این فرم ذخیره‌شده گذشته است" in response.content.decode()


def test_another_mobiles_draft_is_never_reachable(client, service):
    draft, path = save_on_step_two(client, service)
    stranger = Client()
    sign_in(stranger, "09350000000")
    response = stranger.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/my/signin/")
    assert stranger.post(path).status_code == 302
    assert "khedmat_wizard_" not in "".join(stranger.session.keys())
    assert stranger.get(f"/my/drafts/{draft.pk}/").status_code == 404
    assert drafts_for_mobile("09350000000") == []
    assert drafts_for_mobile(MOBILE) == [draft]


def test_the_link_wants_a_code_first(client, service):
    _draft, path = save_on_step_two(client, service)
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/my/signin/?next={path.replace('/', '%2F')}"


def test_expired_drafts_are_deleted_with_their_files(client, service, draft_files):
    draft, _path = save_on_step_two(client, service)
    assert len(stored_names(draft_files)) == 1
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() + timedelta(days=1))
    tasks.drafts_cleanup_task()
    assert Draft.objects.filter(pk=draft.pk).exists()  # not expired yet: reminded only
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now())
    assert tasks.drafts_cleanup_task() == (1, 0)
    assert not Draft.objects.exists()
    assert stored_names(draft_files) == []


def test_the_embedded_default_cleans_from_the_citizens_pages(client, service, draft_files):
    draft, _path = save_on_step_two(client, service)
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now())
    # The save above started the cleanup of this interval: nothing again until it ends.
    assert drafts_cleanup_due() is False
    from django.core.cache import cache

    cache.clear()  # the interval ended
    Client().get("/d/" + "A" * 22 + "/")
    assert not Draft.objects.exists() and stored_names(draft_files) == []


def test_the_reminder_is_sent_once_with_a_new_link(client, service, settings):
    settings.DRAFT_REMINDER_DAYS = 3
    draft, old_path = save_on_step_two(client, service)
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() + timedelta(days=4))
    assert drafts_remind() == 0  # not due yet
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() + timedelta(days=2))
    assert drafts_remind() == 1
    assert drafts_remind() == 0
    reminder = SmsMessage.objects.filter(dedupe_key__startswith="draft-reminder:").get()
    assert "پاک می‌شود" in reminder.body
    new_path = LINK.search(reminder.body).group(1)
    sign_in(client, MOBILE)
    assert client.get(new_path).status_code == 200
    assert client.get(old_path).status_code == 404


def test_a_draft_continues_on_its_own_version_after_a_new_one_is_published(
    client, service, service_form
):
    draft, path = save_on_step_two(client, service)
    steps = list(service_form.steps.raw_data)
    steps[1]["value"]["title"] = "ملک (نسخهٔ تازه)"
    service_form.steps = steps
    service_form.save_revision().publish()
    service.refresh_from_db()
    assert service.form_version.pk != draft.form_version_id

    other = Client()
    sign_in(other, MOBILE)
    assert "دوباره پاسخ دهید" not in other.get(path).content.decode()
    step = other.get(other.post(path)["Location"]).content.decode()
    assert "مشخصات ملک" in step and "نسخهٔ تازه" not in step


def test_a_withdrawn_version_names_the_answers_to_give_again(client, service, draft_files):
    _draft, path = save_on_step_two(client, service)
    new_form = ServiceFormFactory(
        steps=[
            form_step(
                "متقاضی",
                field("text", "نام و نام خانوادگی", "full_name"),
                field("mobile", "شماره همراه", "mobile"),
            ),
            form_step(
                "ملک",
                field("text", "مساحت به متر", "area"),  # was an integer: asked again
                field("file", "سند مالکیت", "deed", allowed_types=["pdf"], max_size_mb=2),
            ),
        ]
    )
    service.service_form = new_form
    service.save_revision().publish()
    other = Client()
    sign_in(other, MOBILE)
    page = other.get(path).content.decode()
    notice = re.search(r"این فرم پس از ذخیرهٔ شما تغییر کرده است.*?</ul>", page, re.S).group(0)
    again = re.findall(r"<li[^>]*>([^<]+)</li>", notice)
    assert again == ["کد ملی", "نوع متقاضی", "مساحت (متر مربع)"]

    response = other.post(path)
    assert response["Location"] == "/services/urban/permit/apply/s1/"
    new_version = FormVersion.objects.get(form=new_form)
    assert other.session[f"khedmat_wizard_version_{service.pk}"] == new_version.pk
    step = other.get(response["Location"]).content.decode()
    assert "کد ملی" in step  # the notice, once
    assert "علي رضايي" in step  # a kept answer, as it was typed
    state = other.session[f"wizard_khedmat_wizard_{service.pk}"]
    assert list(state["step_files"]["s2"]) == ["s2-deed::0"]  # the file moves with its answer


def test_saves_are_limited_per_mobile(client, service, settings):
    settings.DRAFT_SAVE_RATE_LIMIT_PER_MOBILE = 1
    save_on_step_two(client, service)
    response = Wizard(client, APPLY, service).post("s2", {"area": "۱۲۰"}, **SAVE)
    assert response.status_code == 429
    assert "دوباره ذخیره کنید" in response.content.decode()
    assert SmsMessage.objects.count() == 1


def test_the_desk_offers_no_draft(admin_client, service):
    html = admin_client.get("/admin/desk/10061077000/", follow=True).content.decode()
    assert "wizard_save_draft" not in html


def test_my_requests_lists_and_opens_only_the_mobiles_own_drafts(client, service):
    draft, _path = save_on_step_two(client, service)
    mine = f"/my/drafts/{draft.pk}/"
    visitor = Client()
    response = visitor.get(mine)
    assert response["Location"] == f"/my/signin/?next={mine.replace('/', '%2F')}"
    sign_in(visitor, MOBILE)
    assert "ادامهٔ فرم ذخیره‌شده" in visitor.get(mine).content.decode()
    # "My requests" lists it with its link; another mobile's page does not.
    assert f'href="{mine}"' in visitor.get("/my/").content.decode()
    stranger = Client()
    sign_in(stranger, "09359876543")
    theirs = stranger.get("/my/").content.decode()
    assert f'href="{mine}"' not in theirs and "فرم ذخیره‌شده‌ای ندارید" in theirs
    assert stranger.get(mine).status_code == 404

    html = render_to_string("submissions/my/_drafts.html", {"drafts": drafts_for_mobile(MOBILE)})
    assert "صدور پروانه ساختمانی" in html
    assert f'href="{mine}"' in html
    assert format_jalali(draft.expires_at, style="long") in html  # «۶ دی ۱۴۰۵», Persian digits
    empty = render_to_string("submissions/my/_drafts.html", {"drafts": []})
    assert "فرم ذخیره‌شده‌ای ندارید" in empty


def test_nothing_to_save_without_an_application(client, service):
    save = "/services/urban/permit/save-draft/"
    assert client.get(save)["Location"] == "/services/urban/permit/apply/"
    refused = client.post(save, {"mobile": MOBILE})
    assert refused.status_code == 409
    assert "چیزی برای ذخیره نیست" in refused.content.decode()
    assert client.get("/services/urban/nowhere/save-draft/").status_code == 404
    assert not Draft.objects.exists() and not SmsMessage.objects.exists()
