"""Writes of routing: decide where a request goes, then deliver it there."""

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from catalog.workdays import working_days_add
from submissions.constants import Actor, Status, StepState
from submissions.models import PipelineStep, Submission, SubmissionEvent
from submissions.pipeline import StepPermanentError, pipeline_steps_requeue
from submissions.services import (
    TransitionForbidden,
    TransitionNotAllowed,
    submission_transition,
)

from .connectors import DeliveryPermanentError, connectors
from .constants import CALLBACK_MAX_AGE_SECONDS, DELIVERY_STEP, ROUTING_CHANGE_REASON, DeliveryState
from .models import AutomationEndpoint, RoutingDecision
from .selectors import rule_for_submission
from .signing import signature_valid

logger = logging.getLogger(__name__)


def submission_route(*, submission: Submission) -> RoutingDecision:
    """Apply the first matching rule, once: department, due date, priority, connector.

    A request routed before keeps its decision (the step may run again).
    """
    with transaction.atomic():
        locked = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("service__department")
            .get(pk=submission.pk)
        )
        existing = RoutingDecision.objects.filter(submission=locked).first()
        if existing is not None:
            return existing
        rule = rule_for_submission(locked)
        department = (rule.department if rule else None) or locked.service.department
        sla_days = rule.sla_days if rule and rule.sla_days is not None else None
        if sla_days is None:
            sla_days = locked.service.duration_days or 0
        locked.department = locked.department or department
        locked.due_date = working_days_add(timezone.localdate(locked.created_at), sla_days)
        locked.priority = rule.priority if rule else locked.priority
        locked._change_reason = ROUTING_CHANGE_REASON  # simple-history: no user acted
        locked.save(update_fields=["department", "due_date", "priority", "updated_at"])
        decision = RoutingDecision.objects.create(
            submission=locked,
            rule=rule,
            connector=rule.connector if rule else "internal",
            endpoint=rule.endpoint if rule else None,
        )
    logger.info("%s routed by %s to %s", locked.tracking_code, rule, locked.department)
    return decision


def submission_deliver(*, submission: Submission) -> RoutingDecision:
    """Send the routed request through its connector, once; record the letter number.

    A temporary failure raises (the pipeline retries with back-off); a permanent one
    fails the step at once, visible to staff with its error.
    """
    decision = RoutingDecision.objects.select_related("endpoint").get(submission=submission)
    if decision.delivery_state == DeliveryState.DELIVERED:
        return decision
    if decision.connector not in connectors:  # a plugin removed since the decision
        raise StepPermanentError(f"Unknown connector {decision.connector!r}")
    connector = connectors.get(decision.connector)
    RoutingDecision.objects.filter(pk=decision.pk).update(
        delivery_attempts=decision.delivery_attempts + 1
    )
    try:
        result = connector.deliver(submission=submission, decision=decision)
    except DeliveryPermanentError as exc:
        RoutingDecision.objects.filter(pk=decision.pk).update(
            delivery_state=DeliveryState.FAILED, last_error=str(exc)[:2000]
        )
        raise StepPermanentError(str(exc)) from exc
    except Exception as exc:
        RoutingDecision.objects.filter(pk=decision.pk).update(last_error=str(exc)[:2000])
        _endpoint_failing(decision)
        raise
    _endpoint_answering(decision)
    with transaction.atomic():
        RoutingDecision.objects.filter(pk=decision.pk).update(
            delivery_state=DeliveryState.DELIVERED, delivered_at=timezone.now(), last_error=""
        )
        if result.letter_number:
            submission.refresh_from_db()
        if result.letter_number and submission.status == Status.SUBMITTED:
            submission_transition(
                submission=submission,
                status=Status.REGISTERED,
                actor=Actor.AUTOMATION,
                actor_name=decision.endpoint.name if decision.endpoint else decision.connector,
                letter_number=result.letter_number,
            )
    decision.refresh_from_db()
    return decision


def _endpoint_failing(decision: RoutingDecision) -> None:
    if decision.endpoint_id is not None:
        AutomationEndpoint.objects.filter(pk=decision.endpoint_id, failing_since=None).update(
            failing_since=timezone.now()
        )


def _endpoint_answering(decision: RoutingDecision) -> None:
    """The endpoint answers again after failing: the deliveries to it that failed for good
    or are backing off meanwhile start again now, with fresh attempts."""
    if decision.endpoint_id is None:
        return
    recovered = AutomationEndpoint.objects.filter(
        pk=decision.endpoint_id, failing_since__isnull=False
    ).update(failing_since=None)
    if recovered:
        requeued = deliveries_requeue(endpoint_id=decision.endpoint_id)
        logger.info(
            "Endpoint %s answers again: %d deliveries started again", decision.endpoint_id, requeued
        )


def deliveries_requeue(*, endpoint_id: int) -> int:
    """Start again the deliveries to an endpoint that failed for good or wait to retry
    (not those it refused: a 4xx answer needs staff). Returns how many."""
    now = timezone.now()
    steps = PipelineStep.objects.filter(
        name=DELIVERY_STEP,
        submission__routing__endpoint_id=endpoint_id,
        submission__routing__delivery_state=DeliveryState.PENDING,
    ).filter(Q(state=StepState.FAILED) | Q(state=StepState.PENDING, next_attempt_at__gt=now))
    return pipeline_steps_requeue(steps=steps)


# Inbound events of an external automation system (routing/api.py answers them).


class EventOutOfTime(Exception):
    """The event's time is too far from our clock: refused as a possible replay."""


class EventRequestUnknown(Exception):
    """No request with this tracking code was delivered to the calling endpoint."""


def automation_endpoint_signed(body: bytes, header: str | None) -> AutomationEndpoint | None:
    """The active endpoint whose secret signed `body`. Every secret is tried (each in
    constant time), so the answer's timing does not tell which one matched."""
    if not header:
        return None
    matched = None
    for endpoint in AutomationEndpoint.objects.filter(is_active=True).order_by("pk"):
        if signature_valid(endpoint.secret, body, header) and matched is None:
            matched = endpoint
    return matched


def _event_recorded(external_id: str) -> bool:
    return SubmissionEvent.objects.filter(external_id=external_id).exists()


def automation_event_record(
    *,
    endpoint: AutomationEndpoint,
    event_id: str,
    tracking_code: str,
    status: str,
    occurred_at: datetime,
    letter_number: str = "",
    message: str = "",
) -> str | None:
    """Record an automation system's change of a request as that system's; returns the
    request's status, or None for an event recorded before (a retry after a lost answer,
    or two deliveries of one event at once: nothing changes).

    Checked in this order: a duplicate (before the clock, so a system retrying late is
    told "done"), the time (EventOutOfTime), the request (EventRequestUnknown), the status
    machine (TransitionNotAllowed, with the request's current status).
    """
    # Event ids are unique per system: two systems may both number theirs from 1.
    external_id = f"{endpoint.pk}:{event_id}"
    if _event_recorded(external_id):
        return None
    if abs(timezone.now() - occurred_at) > timedelta(seconds=CALLBACK_MAX_AGE_SECONDS):
        raise EventOutOfTime
    submission = Submission.objects.filter(
        tracking_code=tracking_code, routing__endpoint=endpoint
    ).first()
    if submission is None:
        raise EventRequestUnknown
    try:
        submission_transition(
            submission=submission,
            status=status,
            actor=Actor.AUTOMATION,
            actor_name=endpoint.name,
            public_message=message,
            letter_number=letter_number,
            external_id=external_id,
        )
    except (TransitionNotAllowed, TransitionForbidden):
        if _event_recorded(external_id):  # the same event, recorded meanwhile
            return None
        submission.refresh_from_db(fields=["status"])
        raise TransitionNotAllowed(submission.status, status) from None
    except IntegrityError:
        if _event_recorded(external_id):  # two deliveries at once: the other recorded it
            return None
        raise
    return submission.status
