"""Writes of routing: decide where a request goes, then deliver it there."""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from catalog.workdays import working_days_add
from submissions.constants import Actor, Status, StepState
from submissions.models import PipelineStep, Submission
from submissions.pipeline import StepPermanentError, pipeline_steps_requeue
from submissions.services import submission_transition

from .connectors import DeliveryPermanentError, connectors
from .constants import DELIVERY_STEP, ROUTING_CHANGE_REASON, DeliveryState
from .models import AutomationEndpoint, RoutingDecision
from .selectors import rule_for_submission

logger = logging.getLogger(__name__)


def submission_route(*, submission: Submission) -> RoutingDecision:
    """Apply the first matching rule, once: department, due date, priority, connector.

    A request routed before keeps its decision (the step may run again).
    """
    with transaction.atomic():
        locked = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("service")
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
    connector = connectors.get(decision.connector)
    if connector is None:
        raise StepPermanentError(f"Unknown connector {decision.connector!r}")
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
