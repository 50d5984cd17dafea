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
# Every check but one by default. positive_data_acceptance wants every schema-valid
# request accepted (2xx), which no schema of this API can promise: a tracking code's
# check digit, a mobile's format, a form's answers, a callback's clock window and a
# department that must exist are rules the schema documents in words and the API
# answers with a documented 400. SCHEMATHESIS_ALL_CHECKS=1 runs it too.
ALL_CHECKS = os.environ.get("SCHEMATHESIS_ALL_CHECKS") == "1"
CONFIG = schemathesis.Config.from_dict(
    {} if ALL_CHECKS else {"checks": {"positive_data_acceptance": {"enabled": False}}}
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
