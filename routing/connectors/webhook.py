"""`webhook`: an external office-automation system over signed HTTP (DESIGN.md, "HTTP").

The request goes out as one JSON `POST` to the endpoint's address, signed with its
shared secret (`X-Khedmat-Signature: sha256=<hex HMAC of the body>`) and carrying
`Idempotency-Key: <tracking code>`, so a system that saw the request before (we retry
after a lost answer) returns the same letter instead of registering a second one.
Uploaded files are described (key, name, type, size), never sent.
"""

from __future__ import annotations

import json
import logging

import requests
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.site_url import site_url
from submissions.constants import Priority

from ..constants import IDEMPOTENCY_HEADER, SIGNATURE_HEADER
from ..signing import signature_for
from .base import (
    Connector,
    Delivered,
    DeliveryPermanentError,
    DeliveryTemporaryError,
    connectors,
)

logger = logging.getLogger(__name__)

LETTER_NUMBER_MAX_LENGTH = 64  # Submission.letter_number
EXCERPT_LENGTH = 200
# Client errors that say "later", not "never".
TEMPORARY_CLIENT_ERRORS = frozenset({408, 425, 429})


def _absolute(path: str) -> str:
    return site_url(path)  # made by a worker: SITE_BASE_URL or the default Site


def webhook_payload(submission) -> dict:
    """The JSON document an automation system receives for one request."""
    department = submission.department
    return {
        "tracking_code": submission.tracking_code,
        "service_code": submission.service.service_code,
        "service_title": submission.service.title,
        "status": submission.status,
        "created_at": submission.created_at.isoformat(),
        "channel": submission.channel,
        "department": (
            {"code": department.code, "name": department.name} if department is not None else None
        ),
        "due_date": submission.due_date.isoformat() if submission.due_date else None,
        "priority": _priority_name(submission.priority),
        "applicant": {"mobile": submission.mobile, "national_id": submission.national_id},
        "data": submission.data,
        "files": [
            {
                "key": stored.field_key,
                "name": stored.original_name,
                "content_type": stored.content_type,
                "size": stored.size,
            }
            for stored in submission.files.all()
        ],
        "receipt_url": _absolute(
            reverse("submissions:confirmation", args=[submission.access_token])
        ),
        "track_url": _absolute(f"{reverse('submissions:track')}?code={submission.tracking_code}"),
    }


def _priority_name(value: int) -> str:
    try:
        return Priority(value).name.lower()  # "normal", "urgent", "immediate"
    except ValueError:
        return str(value)


def _excerpt(response: requests.Response) -> str:
    text = " ".join((response.text or "").split())
    return text[:EXCERPT_LENGTH] + ("…" if len(text) > EXCERPT_LENGTH else "")


def _letter_number(response: requests.Response) -> str:
    """The letter number in a 2xx answer; none when the body is not a JSON object."""
    try:
        answer = response.json()
    except ValueError:
        return ""
    if not isinstance(answer, dict):
        return ""
    value = answer.get("letter_number")
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    letter_number = str(value).strip()
    if len(letter_number) > LETTER_NUMBER_MAX_LENGTH:
        raise DeliveryPermanentError(
            f"Delivered, but the letter number is longer than {LETTER_NUMBER_MAX_LENGTH} "
            f"characters: {letter_number[:EXCERPT_LENGTH]!r}"
        )
    return letter_number


@connectors.register("webhook")
class WebhookConnector(Connector):
    label = _("Automation system (signed HTTP)")
    needs_endpoint = True

    def rule_problems(self, rule) -> list[str]:
        problems = super().rule_problems(rule)
        endpoint = rule.endpoint
        if endpoint is None:
            return problems
        where = f"Routing rule {rule.name!r}: endpoint {endpoint.name!r}"
        try:
            URLValidator(schemes=["http", "https"])(endpoint.url)
        except ValidationError:
            problems.append(f"{where} has an invalid address {endpoint.url!r}.")
        if not endpoint.secret:
            problems.append(f"{where} has no shared secret: nothing would be signed.")
        if not endpoint.is_active:
            problems.append(f"{where} is inactive: the rule's requests wait undelivered.")
        return problems

    def deliver(self, *, submission, decision) -> Delivered:
        """POST the request; 2xx → delivered (with its letter number, if any).

        Timeouts, connection errors, 5xx, 408 and 429 are temporary (retried with
        back-off); other 4xx and redirects are permanent. An inactive endpoint is
        temporary too: the request goes out once the endpoint is active again.
        """
        endpoint = decision.endpoint
        if endpoint is None:
            raise DeliveryPermanentError("No automation endpoint is set for this delivery.")
        if not endpoint.is_active:
            raise DeliveryTemporaryError(f"Endpoint inactive: {endpoint.name}")
        body = json.dumps(
            webhook_payload(submission), cls=DjangoJSONEncoder, ensure_ascii=False
        ).encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Khedmat",
            SIGNATURE_HEADER: signature_for(endpoint.secret, body),
            IDEMPOTENCY_HEADER: submission.tracking_code,
        }
        try:
            response = requests.post(
                endpoint.url,
                data=body,
                headers=headers,
                timeout=endpoint.timeout_seconds,
                allow_redirects=False,  # a redirected POST would silently become a GET
            )
        except requests.Timeout as exc:
            raise DeliveryTemporaryError(
                f"{endpoint.name} did not answer within {endpoint.timeout_seconds}s"
            ) from exc
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema) as exc:
            raise DeliveryPermanentError(f"Invalid endpoint address {endpoint.url!r}") from exc
        except requests.RequestException as exc:
            raise DeliveryTemporaryError(
                f"{endpoint.name} unreachable: {type(exc).__name__}: {exc}"
            ) from exc
        status = response.status_code
        if 200 <= status < 300:
            letter_number = _letter_number(response)
            logger.info(
                "%s delivered to %s (letter %s)",
                submission.tracking_code,
                endpoint.name,
                letter_number or "-",
            )
            return Delivered(letter_number=letter_number)
        message = f"{endpoint.name} answered HTTP {status}: {_excerpt(response)}"
        if status >= 500 or status in TEMPORARY_CLIENT_ERRORS:
            raise DeliveryTemporaryError(message)
        raise DeliveryPermanentError(message)
