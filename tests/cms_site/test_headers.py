"""Response headers: the Content-Security-Policy (public site and admin), the
Permissions-Policy, and `Cache-Control: no-store` on every answer that may carry personal
data (README, "Headers")."""

import json
import uuid
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from rest_framework.authtoken.models import Token

from receipts.constants import SmsEvent
from receipts.models import SmsTemplate, SurveyResponse
from receipts.services import receipt_generate
from routing.models import AutomationEndpoint, RoutingDecision
from routing.signing import signature_for
from submissions.constants import Status
from tests.factories import (
    UserFactory,
    submission_answered_by_staff,
    submission_make,
    user_with_permissions,
)
from tests.submissions.test_apply import APPLY, Wizard, pdf, step1

pytestmark = pytest.mark.django_db

MOBILE = "09121234567"  # submission_make's
STAFF_PERMISSIONS = ("submissions.view_submission", "submissions.change_submission")


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class InlineCode(HTMLParser):
    """Every piece of inline script or style in a page: what a strict CSP refuses."""

    DATA_TYPES = {"application/json", "application/ld+json"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f"<{tag} style=…>")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.found.append("<style>")
        data_block = attributes.get("type", "").lower() in self.DATA_TYPES
        if tag == "script" and "src" not in attributes and not data_block:
            self.found.append("<script> without src")

    @classmethod
    def in_page(cls, html: str) -> list[str]:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.found


def assert_strict_public_policy(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'"]
    assert directives["font-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.fixture
def submitted(service):
    return submission_make(service)


@pytest.fixture
def staff_token(service, submitted):
    user = user_with_permissions("clerk", *STAFF_PERMISSIONS)
    service.department.members.add(user)
    submitted.department = service.department
    submitted.save(update_fields=["department"])
    return Token.objects.create(user=user).key


# The public site: every page under the strict policy, and nothing inline in any.


def public_pages(client, service, submitted):
    """(name, response) for each kind of page a citizen sees."""
    pages = [
        ("home", client.get("/")),
        ("catalog", client.get("/services/")),
        ("category", client.get("/services/urban/")),
        ("service", client.get("/services/urban/permit/")),
        ("wizard, first step", client.get(APPLY, follow=True)),
    ]
    wizard = Wizard(client, APPLY, service)
    pages.append(("wizard, errors", wizard.post("s1", step1(applicant_type="company"))))
    pages.append(("wizard, second step", wizard.post("s1", step1())))
    pages.append(("wizard, review", wizard.post("s2", {"area": "۱۲۰"}, {"deed": pdf()})))
    done = wizard.post("review", {"confirm": "on"})
    pages.append(("confirmation", client.get(done["Location"])))
    token = submitted.access_token
    pages.append(("receipt being prepared", client.get(f"/requests/{token}/receipt.pdf")))
    pages.append(("track", client.get("/track/", {"code": submitted.tracking_code})))
    pages.append(
        (
            "track, wrong mobile",
            client.post(
                "/track/", {"tracking_code": submitted.tracking_code, "mobile": "09350000000"}
            ),
        )
    )
    submission_answered_by_staff(submitted, Status.NEEDS_INFO, "سند؟")
    pages.append(
        (
            "track, timeline and reply form",
            client.post("/track/", {"tracking_code": submitted.tracking_code, "mobile": MOBILE}),
        )
    )
    survey = SurveyResponse.objects.create(submission=submitted)
    pages.append(("survey", client.get(f"/s/{survey.token}/")))
    pages.append(("not found", client.get("/services/no-such-page/")))
    return pages


def test_every_public_page_has_the_strict_policy_and_no_inline_code(client, service, submitted):
    pages = public_pages(client, service, submitted)
    assert len(pages) == 15
    for name, response in pages:
        assert response.status_code in {200, 202, 404}, name
        assert response["Content-Type"].startswith("text/html"), name
        assert_strict_public_policy(response)
        assert InlineCode.in_page(response.content.decode()) == [], name


def test_the_error_pages_have_no_inline_code(rf):
    for template in ("404.html", "500.html", "503.html"):
        html = render_to_string(template, request=rf.get("/"))
        assert InlineCode.in_page(html) == [], template


def test_the_inline_code_finder_finds_what_a_strict_policy_refuses():
    """The check above would pass on any page if the finder found nothing."""
    page = (
        '<button onclick="window.print()">p</button><p style="color:red">x</p>'
        '<style>p{}</style><script>alert(1)</script><a href="javascript:alert(1)">a</a>'
        '<script id="answers" type="application/json">{}</script><script src="/s.js"></script>'
    )
    assert InlineCode.in_page(page) == [
        "<button onclick=…>",
        "<p style=…>",
        "<style>",
        "<script> without src",
        "<a href=javascript:…>",
    ]


def test_the_print_button_is_a_script_file_not_an_inline_handler(client, submitted):
    html = client.get(f"/requests/{submitted.access_token}/").content.decode()
    assert "data-print-page hidden" in html  # shown by the script, so never dead without it
    assert "/static/submissions/print.js" in html
    assert "onclick" not in html


def test_the_api_answers_carry_the_policy(client, service):
    response = client.get("/api/v1/services/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_the_api_docs_run_no_inline_script(client):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()
    assert "<script>" not in html
    assert policy(response)["script-src"] == ["'self'"]
    start_up = client.get("/api/v1/docs/?script=")
    assert start_up["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in start_up.content.decode()


def test_a_pdf_receipt_only_forbids_framing(client, submitted):
    """Chromium's PDF viewer is an embedded plugin: `object-src 'none'` would blank it."""
    receipt_generate(submission=submitted)
    response = client.get(f"/requests/{submitted.access_token}/receipt.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"


# The admin: what Wagtail needs, and no other origin.


def test_the_admin_policy_allows_inline_code_only_from_this_origin(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for url in ("/admin/login/", "/admin/", "/admin/pages/"):
        response = client.get(url, follow=url == "/admin/login/")
        assert response.status_code == 200, url
        directives = policy(response)
        assert directives["script-src"] == ["'self'", "'unsafe-inline'"], url
        assert directives["style-src"] == ["'self'", "'unsafe-inline'"], url
        assert directives["img-src"] == ["'self'", "data:", "blob:"], url
        assert directives["default-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url
        assert directives["base-uri"] == ["'self'"], url
        assert directives["form-action"] == ["'self'"], url
        assert directives["frame-ancestors"] == ["'self'"], url


def test_an_operator_adds_a_source_from_the_environment(monkeypatch):
    from cms_site.settings.headers import csp_sources

    monkeypatch.setenv("CSP_EXTRA_IMG_SRC", "https://media.example.ir, https://static.example.ir")
    assert csp_sources("img-src", "'self'") == [
        "'self'",
        "https://media.example.ir",
        "https://static.example.ir",
    ]
    assert csp_sources("font-src", "'self'") == ["'self'"]


# Permissions-Policy: on every answer.


@pytest.mark.parametrize("url", ["/", "/track/", "/api/v1/services/", "/admin/login/"])
def test_every_answer_refuses_the_browser_features_the_desk_never_uses(client, home, url):
    header = client.get(url)["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature


# No-store: the answers that carry personal data, and not the public catalog.


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_the_track_api_answers_are_not_stored(client, submitted):
    found = client.post(
        "/api/v1/track/",
        {"tracking_code": submitted.tracking_code, "mobile": MOBILE},
        content_type="application/json",
    )
    assert found.status_code == 200 and found.json()["timeline"]
    assert no_store(found)
    wrong = client.post(
        "/api/v1/track/",
        {"tracking_code": submitted.tracking_code, "mobile": "09350000000"},
        content_type="application/json",
    )
    assert wrong.status_code == 404
    assert no_store(wrong)


def test_the_staff_api_answers_are_not_stored(client, submitted, staff_token):
    auth = {"HTTP_AUTHORIZATION": f"Token {staff_token}"}
    listing = client.get("/api/v1/submissions/", **auth)
    assert listing.json()["results"][0]["tracking_code"] == submitted.tracking_code
    assert no_store(listing)
    detail = client.get(f"/api/v1/submissions/{submitted.tracking_code}/", **auth)
    assert detail.json()["mobile"] == MOBILE
    assert no_store(detail)
    moved = client.post(
        f"/api/v1/submissions/{submitted.tracking_code}/transitions/",
        {"status": Status.IN_REVIEW, "message": "بررسی"},
        content_type="application/json",
        **auth,
    )
    assert moved.status_code == 200
    assert no_store(moved)
    anonymous = client.get("/api/v1/submissions/")
    assert anonymous.status_code in {401, 403}
    assert no_store(anonymous)


def test_the_submission_api_answer_is_not_stored(client, service):
    response = client.post(
        f"/api/v1/services/{service.service_code}/submissions/",
        {
            "data": {
                "full_name": "سارا",
                "mobile": MOBILE,
                "national_id": "0013542419",
                "applicant_type": "person",
                "area": 10,
            }
        },
        content_type="application/json",
    )
    assert response.status_code in {201, 400}, response.content
    assert no_store(response)


def test_the_automation_events_answers_are_not_stored(client, submitted):
    endpoint = AutomationEndpoint.objects.create(name="اتوماسیون", url="https://oa.example.ir/in")
    RoutingDecision.objects.create(submission=submitted, connector="webhook", endpoint=endpoint)
    SmsTemplate.objects.create(event=SmsEvent.REGISTERED, body="{tracking_code}")
    body = json.dumps(
        {
            "event_id": f"evt-{uuid.uuid4()}",
            "tracking_code": submitted.tracking_code,
            "status": Status.REGISTERED,
            "letter_number": "1405/7",
            "occurred_at": datetime.now(UTC).isoformat(),
        }
    ).encode()
    response = client.post(
        "/api/v1/automation/events/",
        data=body,
        content_type="application/json",
        headers={"X-Khedmat-Signature": signature_for(endpoint.secret, body)},
    )
    assert response.status_code == 200, response.content
    assert no_store(response)


def test_the_citizen_pages_with_personal_data_are_not_stored(client, service, submitted):
    wizard = Wizard(client, APPLY, service)
    wizard.post("s1", step1())
    review = wizard.post("s2", {"area": "۱۲۰"}, {"deed": pdf()})
    assert "پاسخ‌هایتان را پیش از ارسال بررسی کنید" in review.content.decode()
    assert no_store(review)
    track = client.post("/track/", {"tracking_code": submitted.tracking_code, "mobile": MOBILE})
    assert 'class="timeline"' in track.content.decode()
    assert no_store(track)
    assert no_store(client.get(f"/requests/{submitted.access_token}/"))
    assert no_store(client.get(f"/requests/{submitted.access_token}/receipt.pdf"))
    survey = SurveyResponse.objects.create(submission=submitted)
    assert no_store(client.get(f"/s/{survey.token}/"))


def test_the_public_catalog_may_be_cached(client, service):
    for url in (
        "/api/v1/services/",
        f"/api/v1/services/{service.service_code}/",
        "/api/v1/schema/",
        "/services/urban/permit/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not no_store(response), url
