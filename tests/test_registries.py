"""The one registry pattern: field types, pipeline steps, connectors and SMS backends
refuse a second plugin under a taken name, raise `UnknownName` for a name nobody
registered, and have their configuration checked by `manage.py check`."""

from io import StringIO

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from formbuilder.fields import FieldType
from formbuilder.fields import registry as field_types
from formbuilder.fields.registry import FieldTypeRegistry
from formbuilder.registry import DuplicateName, Registry, UnknownName
from receipts.sms import SmsBackend, sms_backend_get, sms_backends
from receipts.sms.base import SmsBackendRegistry
from routing.connectors import Connector, connectors
from routing.connectors.base import ConnectorRegistry
from routing.models import AutomationEndpoint, RoutingRule
from submissions.pipeline import PipelineRegistry, StepDefinition, pipeline


def test_a_registry_refuses_a_taken_name_and_keeps_the_first():
    registry = Registry("thing")
    first = object()
    registry.add("a", first)

    with pytest.raises(DuplicateName, match="thing named 'a'"):
        registry.add("a", object())
    assert registry.get("a") is first
    assert registry.names() == ["a"]


def test_a_registry_names_the_choices_for_an_unknown_name():
    registry = Registry("thing")
    registry.add("a", 1)
    registry.add("b", 2)

    with pytest.raises(UnknownName, match="Unknown thing 'c'; choose one of a, b"):
        registry.get("c")


class Text(FieldType):
    type = "text"
    label = "متن"


class Handler(Connector):
    label = "handler"


class Backend(SmsBackend):
    pass


def test_field_types_refuse_a_second_type_under_a_taken_name():
    registry = FieldTypeRegistry()
    registry.register(Text)

    with pytest.raises(DuplicateName):
        registry.register(type("OtherText", (Text,), {}))
    assert type(registry.get("text")) is Text
    with pytest.raises(UnknownName):
        registry.get("nope")


def test_pipeline_steps_refuse_a_second_handler_under_a_taken_name():
    registry = PipelineRegistry()
    registry.register("receipt", label="PDF")(lambda submission: None)

    with pytest.raises(DuplicateName):
        registry.register("receipt", label="again")(lambda submission: None)
    assert registry.get("receipt").label == "PDF"
    with pytest.raises(UnknownName):
        registry.get("nope")
    assert registry.find("nope") is None  # a row of a step removed since: skipped


def test_connectors_refuse_a_second_connector_under_a_taken_name():
    registry = ConnectorRegistry()
    registry.register("internal")(Handler)

    with pytest.raises(DuplicateName):
        registry.register("internal")(type("Other", (Handler,), {}))
    assert type(registry.get("internal")) is Handler
    with pytest.raises(UnknownName):
        registry.get("nope")


def test_sms_backends_refuse_a_second_backend_under_a_taken_name():
    registry = SmsBackendRegistry()
    registry.register("outbox")(Backend)

    with pytest.raises(DuplicateName):
        registry.register("outbox")(type("Other", (Backend,), {}))
    assert registry.get("outbox") is Backend
    with pytest.raises(UnknownName):
        registry.get("nope")


def test_the_project_registries_are_filled_and_raise_the_same_error():
    for registry, known in (
        (field_types, "mobile"),
        (pipeline, "receipt"),
        (connectors, "webhook"),
        (sms_backends, "kavenegar"),
    ):
        assert known in registry
        with pytest.raises(UnknownName):
            registry.get("no-such-plugin")


# The start-up checks


def errors(check_id: str, **kwargs) -> list:
    return [message for message in run_checks(**kwargs) if message.id == check_id]


def test_check_reports_kavenegar_without_an_api_key(settings):
    settings.SMS_BACKEND = "kavenegar"
    settings.KAVENEGAR_API_KEY = ""

    with pytest.raises(SystemCheckError, match="KAVENEGAR_API_KEY is empty"):
        call_command("check", stdout=StringIO(), stderr=StringIO())

    settings.KAVENEGAR_API_KEY = "key"
    assert errors("receipts.E002") == []


def test_check_reports_an_http_backend_without_an_address(settings):
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = ""

    assert [error.msg for error in errors("receipts.E002")] == [
        "SMS_BACKEND is 'http' but SMS_HTTP_URL is empty."
    ]


def test_check_reports_an_sms_backend_nobody_registers(settings):
    settings.SMS_BACKEND = "kavenegr"

    [error] = errors("receipts.E001")
    assert "'kavenegr'" in error.msg and "kavenegar" in error.hint


def test_check_reports_a_step_after_a_step_nobody_registers(monkeypatch):
    assert errors("submissions.E001") == []
    monkeypatch.setitem(
        pipeline._items,
        "archive",
        StepDefinition(name="archive", label="archive", handler=print, after=("scan",)),
    )

    [error] = errors("submissions.E001")
    assert "'archive' comes after 'scan'" in error.msg


@pytest.mark.django_db
def test_check_reports_a_webhook_rule_without_a_usable_endpoint():
    rule = RoutingRule.objects.create(name="قاعده", connector="webhook")
    assert errors("routing.E001") == []  # rows are read only when a database is named

    [error] = errors("routing.E001", databases=["default"])
    assert "names no endpoint" in error.msg and error.obj == rule

    rule.endpoint = AutomationEndpoint.objects.create(name="dabir", url="ftp://dabir.local/")
    rule.save()
    [error] = errors("routing.E001", databases=["default"])
    assert "invalid address 'ftp://dabir.local/'" in error.msg

    AutomationEndpoint.objects.update(url="https://dabir.local/in", is_active=False)
    [error] = errors("routing.E001", databases=["default"])
    assert "inactive" in error.msg

    AutomationEndpoint.objects.update(is_active=True)
    assert errors("routing.E001", databases=["default"]) == []
    RoutingRule.objects.update(connector="fax")
    [error] = errors("routing.E001", databases=["default"])
    assert "'fax', which no app registers" in error.msg


# One backend a process


def test_the_sms_backend_is_built_once_and_again_when_its_settings_change(settings):
    settings.SMS_BACKEND = "kavenegar"
    settings.KAVENEGAR_API_KEY = "first"
    backend = sms_backend_get()

    assert sms_backend_get() is backend
    settings.KAVENEGAR_API_KEY = "second"
    rebuilt = sms_backend_get()
    assert rebuilt is not backend and rebuilt.api_key == "second"
