"""The schema tells the truth: schemathesis calls every operation of /api/v1/schema/ on
pytest-django's live server (the whole Django stack, over HTTP) and checks each answer
against the schema: no server error, and status, content type, headers and body as
documented. Anonymous, and again with a staff token; the automation endpoint's bodies are
signed with its endpoint's secret by a `before_call` hook, so they get past the signature.

`make test` runs SCHEMATHESIS_MAX_EXAMPLES (default 10) examples per operation with a
fixed seed; `make schema-check` runs 100 with every check (README, "Tests").
"""

import os

import pytest
import requests
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from routing.models import AutomationEndpoint, RoutingDecision
from routing.signing import signature_for
from tests.factories import (
    HomePageFactory,
    ServiceCategoryPageFactory,
    ServiceFormFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    submission_make,
    user_with_permissions,
)

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))
# positive_data_acceptance wants every schema-valid request accepted, which no schema of
# this API can promise: a tracking code's check digit, a mobile's format, a form's
# answers, a callback's clock window and a department that must exist are rules the
# schema documents in words, answered with the documented 400 `{"errors"}` (whose shape
# the other checks verify). `make test` leaves it out; SCHEMATHESIS_ALL_CHECKS=1 (`make
# schema-check`) runs it with that 400 among the accepted answers, so every other check
# of schemathesis runs as it ships.
ALL_CHECKS = os.environ.get("SCHEMATHESIS_ALL_CHECKS") == "1"
ACCEPTED_FOR_VALID_DATA = ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]
CONFIG = schemathesis.Config.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED_FOR_VALID_DATA}}}
    if ALL_CHECKS
    else {"checks": {"positive_data_acceptance": {"enabled": False}}}
)
AUTOMATION_PATH = "/api/v1/automation/events/"
SERVICE_CODE = "10061077000"
# What the hooks below substitute, some of the time, for generated codes, so that the
# operations' success paths are reached too, not only their 404s. Set by `api_world`.
KNOWN = {"secret": None, "tracking_code": None}


class SignedBody(requests.auth.AuthBase):
    """Sign the request's final body, as an automation system does."""

    def __init__(self, secret: str) -> None:
        self.secret = secret

    def __call__(self, request):
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        request.headers["X-Khedmat-Signature"] = signature_for(self.secret, body)
        return request


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.operation.path == AUTOMATION_PATH and KNOWN["secret"]:
        kwargs["auth"] = SignedBody(KNOWN["secret"])


@schemathesis.hook
def flatmap_path_parameters(context, path_parameters):
    if not path_parameters:
        return st.just(path_parameters)
    known = {"service_code": SERVICE_CODE, "tracking_code": KNOWN["tracking_code"]}
    choices = [path_parameters]
    for name in path_parameters:
        if known.get(name):
            choices.append({**path_parameters, name: known[name]})
    return st.sampled_from(choices)


@pytest.fixture
def api_world(live_server):
    """A published service with a form, a staff member of its department with a token,
    and a request of theirs delivered to an automation endpoint."""
    category = ServiceCategoryPageFactory(
        parent=ServiceIndexPageFactory(parent=HomePageFactory()), slug="urban"
    )
    service = ServicePageFactory(
        parent=category, service_code=SERVICE_CODE, service_form=ServiceFormFactory()
    )
    clerk = user_with_permissions(
        "clerk", "submissions.view_submission", "submissions.change_submission"
    )
    service.department.members.add(clerk)
    endpoint = AutomationEndpoint.objects.create(name="اتوماسیون", url="https://oa.example.ir/")
    submission = submission_make(service)
    type(submission).objects.filter(pk=submission.pk).update(department=service.department)
    RoutingDecision.objects.update_or_create(
        submission=submission, defaults={"connector": "webhook", "endpoint": endpoint}
    )
    KNOWN.update(secret=endpoint.secret, tracking_code=submission.tracking_code)
    cache.clear()  # each operation starts with the tracking rate limits unspent
    yield {"token": Token.objects.create(user=clerk).key}
    KNOWN.update(secret=None, tracking_code=None)


def _served_schema() -> dict:
    """The document /api/v1/schema/ serves, made by the same generator and hooks at
    collection (schemathesis's fixture-loaded schemas do not collect under pytest 9)."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(_served_schema(), config=CONFIG)
EXAMPLES = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@EXAMPLES
def test_every_operation_answers_as_documented_to_anyone(case, live_server, api_world):
    case.call_and_validate(base_url=live_server.url)


@schema.parametrize()
@EXAMPLES
def test_every_operation_answers_as_documented_to_staff(case, live_server, api_world):
    case.call_and_validate(
        base_url=live_server.url, headers={"Authorization": f"Token {api_world['token']}"}
    )


# -- What the document itself says (read as a client's code generator would) ----------


@pytest.fixture
def document(client, db):
    return client.get("/api/v1/schema/?format=json").json()


def test_every_error_response_has_its_documented_shape(document):
    refs = {
        code: response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        for methods in document["paths"].values()
        for operation in methods.values()
        for code, response in operation["responses"].items()
        if code.startswith("4")
    }
    assert refs["400"] == "ValidationErrors" and refs["409"] == "TransitionConflict"
    assert {refs[code] for code in refs if code not in ("400", "409")} == {"ErrorDetail"}
    errors = document["components"]["schemas"]["ValidationErrors"]
    assert errors["required"] == ["errors"]
    assert errors["properties"]["errors"]["additionalProperties"]["items"] == {"type": "string"}


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/api/v1/services/", "get", {"200", "400", "401", "404"}),
        ("/api/v1/services/{service_code}/", "get", {"200", "401", "404"}),
        (
            "/api/v1/services/{service_code}/submissions/",
            "post",
            {"201", "400", "404", "413", "415", "429"},
        ),
        ("/api/v1/track/", "post", {"200", "400", "404", "413", "415", "429"}),
        ("/api/v1/track/sms/", "post", {"202", "400", "413", "415", "429"}),
        ("/api/v1/otp/", "post", {"202", "400", "413", "415", "429"}),
        ("/api/v1/otp/verify/", "post", {"200", "400", "413", "415"}),
        ("/api/v1/submissions/", "get", {"200", "400", "401", "403", "404"}),
        (
            "/api/v1/submissions/{tracking_code}/transitions/",
            "post",
            {"200", "400", "401", "403", "404", "409", "413", "415"},
        ),
        ("/api/v1/automation/events/", "post", {"200", "400", "401", "404", "409", "413", "415"}),
    ],
)
def test_each_operation_lists_every_status_it_answers(document, path, method, statuses):
    # Any operation meets a database outage with a 503 (cms_site/outage.py).
    assert set(document["paths"][path][method]["responses"]) == statuses | {"503"}


def test_every_429_documents_its_retry_after(document):
    limited = [
        operation["responses"]["429"]
        for methods in document["paths"].values()
        for operation in methods.values()
        if "429" in operation["responses"]
    ]
    assert len(limited) == 4  # submitting, tracking, the status by SMS, sending a one-time code
    for response in limited:
        assert response["headers"]["Retry-After"]["schema"] == {"type": "integer"}
        assert response["content"]["application/json"]["schema"]["$ref"].endswith("ErrorDetail")


def test_nullable_fields_and_content_types_are_as_sent(document):
    staff = document["components"]["schemas"]["StaffSubmission"]["properties"]
    assert staff["assigned_to"]["nullable"] is True
    submit = document["paths"]["/api/v1/services/{service_code}/submissions/"]["post"]
    assert set(submit["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    paths = ("/api/v1/track/", "/api/v1/track/sms/", "/api/v1/otp/", "/api/v1/otp/verify/")
    for path in (*paths, "/api/v1/automation/events/"):
        assert set(document["paths"][path]["post"]["requestBody"]["content"]) == {
            "application/json"
        }
    events = document["paths"]["/api/v1/automation/events/"]["post"]
    [signature] = [p for p in events["parameters"] if p["name"] == "X-Khedmat-Signature"]
    assert signature["in"] == "header" and signature["required"] is True
    page = next(
        p
        for p in document["paths"]["/api/v1/services/"]["get"]["parameters"]
        if p["name"] == "page"
    )
    assert page["schema"]["minimum"] == 1


def test_the_staff_list_is_documented_as_pages_without_a_count(document):
    operation = document["paths"]["/api/v1/submissions/"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(page["properties"]) == {"next", "previous", "results"}
    assert page["properties"]["next"]["nullable"] is True
    sizes = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert sizes["page"] == {"type": "integer", "minimum": 1}
    assert sizes["page_size"] == {"type": "integer", "minimum": 1}
    # The catalog's small list keeps its count.
    services = document["paths"]["/api/v1/services/"]["get"]["responses"]["200"]
    ref = services["content"]["application/json"]["schema"]["$ref"]
    assert "count" in document["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
