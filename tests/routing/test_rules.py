"""Routing rules: order, the default rule, conditions on the service, category, channel and
answers; the routing step's department, due date and priority; the admin's rule tester."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from routing.models import AutomationEndpoint, RoutingDecision, RoutingRule
from routing.selectors import rule_for_submission
from routing.services import submission_route
from submissions.constants import Channel, Priority, StepState
from submissions.pipeline import pipeline_step_run
from tests.factories import (
    DepartmentFactory,
    ServiceCategoryPageFactory,
    submission_make,
    user_with_permissions,
)

pytestmark = pytest.mark.django_db


def condition(*rules, match="all"):
    return [
        (
            "condition",
            {
                "match": match,
                "rules": [{"field": f, "operator": o, "value": v} for f, o, v in rules],
            },
        )
    ]


def rule(name, order, **fields):
    services = fields.pop("services", [])
    categories = fields.pop("categories", [])
    made = RoutingRule.objects.create(name=name, sort_order=order, **fields)
    made.services.set(services)
    made.categories.set(categories)
    return made


def test_the_first_matching_rule_wins(service):
    unit_a, unit_b = DepartmentFactory(), DepartmentFactory()
    rule(
        "company applicants",
        10,
        department=unit_a,
        answer_condition=condition(("applicant_type", "equals", "company")),
    )
    second = rule("this service", 20, department=unit_b, services=[service])
    default = rule("default", 100, is_default=True)
    person = submission_make(service)  # applicant_type = person
    company = submission_make(service, answers={"applicant_type": "company"})
    assert rule_for_submission(person) == second
    assert rule_for_submission(company).name == "company applicants"
    RoutingRule.objects.filter(pk=second.pk).update(is_active=False)
    assert rule_for_submission(person) == default


def test_category_and_channel_conditions(service, catalog_index):
    other_category = ServiceCategoryPageFactory(parent=catalog_index, title="دیگر", slug="other")
    rule("other category", 10, categories=[other_category])
    in_person = rule("in person", 20, channel=Channel.IN_PERSON)
    own_category = rule("own category", 30, categories=[service.get_parent().specific])
    assert rule_for_submission(submission_make(service)) == own_category
    assert rule_for_submission(submission_make(service, channel=Channel.IN_PERSON)) == in_person


def test_without_any_rule_the_service_department_handles_it(service):
    unit = DepartmentFactory()
    service.department = unit
    service.save_revision().publish()
    submission = submission_make(service)
    assert rule_for_submission(submission) is None
    decision = submission_route(submission=submission)
    submission.refresh_from_db()
    assert decision.connector == "internal" and submission.department == unit


def test_routing_sets_department_due_date_and_priority_once(service):
    unit = DepartmentFactory()
    chosen = rule("urgent", 10, department=unit, sla_days=3, priority=Priority.URGENT)
    # Wednesday 1405/09/04 in Tehran; 3 working days (Thursday and Friday closed): Monday.
    created = datetime.datetime(2026, 11, 25, 6, 0, tzinfo=datetime.UTC)
    submission = submission_make(service, created_at=created)
    decision = submission_route(submission=submission)
    submission.refresh_from_db()
    assert decision.rule == chosen
    assert submission.department == unit
    assert submission.priority == Priority.URGENT
    assert submission.due_date == datetime.date(2026, 11, 30)
    # Run again (a redelivered step) after the rules changed: the decision stands.
    RoutingRule.objects.all().delete()
    assert submission_route(submission=submission).pk == decision.pk
    assert RoutingDecision.objects.count() == 1


def test_the_service_duration_is_the_default_sla(service):
    created = datetime.datetime(2026, 11, 25, 6, 0, tzinfo=datetime.UTC)
    submission = submission_make(service, created_at=created)  # duration_days = 12
    submission_route(submission=submission)
    submission.refresh_from_db()
    assert submission.due_date == datetime.date(2026, 12, 13)


def test_the_routing_step_wakes_only_the_steps_that_wait_for_it(
    service, monkeypatch, django_capture_on_commit_callbacks
):
    """Delivery and the receipt come after routing; the "received" SMS has its own
    message from the request's wake-up and is not sent a second one."""
    sent = []
    monkeypatch.setattr("submissions.pipeline.tasks.pipeline_step_publish", sent.append)
    submission = submission_make(service)  # its wake-up is not run: nothing is sent yet
    steps = {step.name: step.pk for step in submission.pipeline_steps.all()}
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline_step_run(step_id=steps["routing"]) == StepState.DONE
    assert sorted(sent) == sorted([steps["delivery"], steps["receipt"]])


def test_a_webhook_rule_needs_an_endpoint():
    with pytest.raises(ValidationError) as error:
        RoutingRule(name="x", connector="webhook").full_clean()
    assert "endpoint" in error.value.message_dict
    endpoint = AutomationEndpoint.objects.create(name="e", url="http://127.0.0.1:9/")
    RoutingRule(name="x", connector="webhook", endpoint=endpoint).full_clean()


def test_only_one_active_default_rule():
    rule("default", 100, is_default=True)
    with pytest.raises(ValidationError):
        RoutingRule(name="another default", is_default=True).full_clean()
    RoutingRule(name="inactive default", is_default=True, is_active=False).full_clean()


def test_the_rule_tester_shows_the_winner(client, service):
    rule(
        "company applicants",
        10,
        answer_condition=condition(("applicant_type", "equals", "company")),
    )
    rule("default", 100, is_default=True)
    submission = submission_make(service, answers={"applicant_type": "company"})
    client.force_login(
        user_with_permissions(
            "admin1", "routing.view_routingrule", "submissions.view_all_submissions"
        )
    )
    code = submission.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    page = client.get("/admin/routing/test/", {"code": code}).content.decode()
    assert "company applicants" in page and "khedmat-chosen" in page
    missing = client.get("/admin/routing/test/", {"code": "123"}).content.decode()
    assert "khedmat-chosen" not in missing


def test_the_rule_tester_needs_permission(client, service):
    client.force_login(user_with_permissions("editor1"))
    response = client.get("/admin/routing/test/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
