""" "My requests" (`/my/`, issue 16): sign in with a mobile and a one-time code, see every
request made with that mobile and nothing of another's, answer a request for more
information, sign out; masked numbers on the page."""

import pytest

from submissions.citizen_session import SESSION_KEY
from submissions.constants import Status
from tests.factories import submission_answered_by_staff, submission_make
from tests.sms import otp_code_sent

pytestmark = pytest.mark.django_db

MINE = "09121234567"
THEIRS = "09359876543"


def plain(page: str) -> str:
    """The page with ASCII digits and no spaces: a grouped «۱۲۳۴ ۵۶۷۸» reads 12345678."""
    return page.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")).replace(" ", "")


def code_for(mobile: str) -> str:
    return otp_code_sent(mobile)


def sign_in(client, mobile: str = MINE, next_path: str = ""):
    query = f"?next={next_path}" if next_path else ""
    sent = client.post(f"/my/signin/{query}", {"mobile": mobile, "next": next_path})
    assert sent.status_code == 200
    return client.post(
        "/my/signin/", {"action": "code", "code": code_for(mobile), "next": next_path}
    )


@pytest.fixture
def requests_of_both(service):
    mine = submission_make(service)
    theirs = submission_make(service, answers={"mobile": THEIRS, "full_name": "رضا احمدی"})
    return mine, theirs


def test_my_page_asks_to_sign_in_first(client):
    response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"] == "/my/signin/?next=%2Fmy%2F"


def test_sign_in_shows_my_requests_and_none_of_another_mobile(client, requests_of_both):
    mine, theirs = requests_of_both
    signed_in = sign_in(client)
    assert signed_in.status_code == 302 and signed_in["Location"] == "/my/"
    page = client.get("/my/").content.decode()
    assert mine.tracking_code in plain(page)
    assert mine.access_token in page  # the receipt's link
    assert theirs.access_token not in page
    assert theirs.tracking_code not in plain(page)
    # The mobile is masked, never in full.
    assert "۰۹۱۲***۴۵۶۷" in page
    assert MINE not in page and "۰۹۱۲۱۲۳۴۵۶۷" not in page


def test_no_page_or_api_answers_with_another_mobiles_requests(client, requests_of_both):
    """Signed in as one mobile, every way a citizen has of reaching requests is tried
    with the other's: the list, a crafted next, the reply form, the tracking API."""
    _mine, theirs = requests_of_both
    sign_in(client)
    page = client.get("/my/", {"mobile": THEIRS}).content.decode()
    assert theirs.access_token not in page
    # A code sent to the other mobile cannot sign this session in as it.
    client.post("/my/signin/", {"mobile": THEIRS})
    wrong_code = client.post("/my/signin/", {"action": "code", "code": code_for(MINE)})
    assert wrong_code.status_code == 400
    assert client.session[SESSION_KEY]["mobile"] == MINE
    # The tracking API needs the other's mobile itself; the session is no key to it.
    tracked = client.post(
        "/api/v1/track/",
        {"tracking_code": theirs.tracking_code, "mobile": MINE},
        content_type="application/json",
    )
    assert tracked.status_code == 404


def test_another_mobiles_code_does_not_sign_in(client, requests_of_both, monkeypatch):
    # Two different codes, whatever chance would draw: 111111, then 222222.
    drawn = iter([111111, 222222])
    monkeypatch.setattr("submissions.otp.secrets.randbelow", lambda _limit: next(drawn))
    client.post("/my/signin/", {"mobile": THEIRS})
    client.post("/my/signin/", {"mobile": MINE})
    assert (code_for(THEIRS), code_for(MINE)) == ("111111", "222222")
    response = client.post("/my/signin/", {"action": "code", "code": code_for(THEIRS)})
    assert response.status_code == 400
    assert client.get("/my/").status_code == 302


def test_wrong_code_keeps_the_code_page_with_a_persian_message(client):
    client.post("/my/signin/", {"mobile": MINE})
    right = code_for(MINE)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post("/my/signin/", {"action": "code", "code": wrong})
    assert response.status_code == 400
    assert "کد درست نیست. ۴ بار دیگر می‌توانید امتحان کنید." in response.content.decode()


def test_resend_too_soon_is_429_on_the_page(client):
    client.post("/my/signin/", {"mobile": MINE})
    response = client.post("/my/signin/", {"action": "resend"})
    assert response.status_code == 429
    assert "۱ دقیقه دیگر می‌توانید کد تازه بخواهید" in response.content.decode()


def test_next_goes_back_to_a_local_page_only(client):
    assert sign_in(client, next_path="/track/")["Location"] == "/track/"
    client.post("/my/signout/")
    assert sign_in(client, THEIRS, next_path="https://evil.example/")["Location"] == "/my/"


def test_sign_out_ends_the_sign_in(client, requests_of_both):
    sign_in(client)
    assert client.get("/my/").status_code == 200
    assert client.get("/my/signout/").status_code == 405
    client.post("/my/signout/")
    assert client.get("/my/").status_code == 302


def test_idle_thirty_minutes_signs_out(client, requests_of_both):
    sign_in(client)
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "seen": session[SESSION_KEY]["seen"] - 1801}
    session.save()
    assert client.get("/my/").status_code == 302


def test_needs_info_request_has_its_answer_form(client, requests_of_both):
    mine, _ = requests_of_both
    submission_answered_by_staff(mine, Status.NEEDS_INFO, "تصویر سند را دوباره بفرستید.")
    sign_in(client)
    page = client.get("/my/").content.decode()
    assert "تصویر سند را دوباره بفرستید." in page
    assert 'name="reply_token"' in page


def test_confirmation_page_masks_mobile_and_national_id(client, service):
    submission = submission_make(service)
    page = client.get(f"/requests/{submission.access_token}/").content.decode()
    assert "۰۹۱۲***۴۵۶۷" in page and "۰۰۱***۲۴۱۹" in page
    assert "۰۹۱۲۱۲۳۴۵۶۷" not in page and "۰۰۱۳۵۴۲۴۱۹" not in page
