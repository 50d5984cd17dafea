"""Inbound callbacks of external office-automation systems (DESIGN.md, "HTTP").

`POST /api/v1/automation/events/` with `{"event_id", "tracking_code", "status",
"letter_number"?, "message"?, "occurred_at"}`, signed with the endpoint's shared secret
(`X-Khedmat-Signature: sha256=<hex HMAC-SHA256 of the raw body>`). The signature is the
only credential: it also tells which endpoint is calling. Checks, in order:

0. a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE → 413, from its Content-Length;
1. a signature that matches no active endpoint's secret → 401;
2. a body that is not a JSON object within the API's limits (`cms_site.api_json`), or a
   missing or malformed field → 400;
3. an `event_id` already recorded → 200 `{"status": "duplicate"}`, nothing changes
   (checked before the clock, so a system retrying after a lost answer is told "done");
4. `occurred_at` more than CALLBACK_MAX_AGE_SECONDS in the past or future → 400 (replay);
5. no such request, or one not delivered to this endpoint → 404;
6. a change the status machine does not allow → 409;
7. otherwise the change is recorded as the endpoint's → 200.
"""

from __future__ import annotations

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from submissions.constants import Status
from submissions.tracking import tracking_code_clean

from .constants import CALLBACK_MAX_AGE_SECONDS, SIGNATURE_HEADER
from .services import (
    EventOutOfTime,
    EventRequestUnknown,
    automation_endpoint_signed,
    automation_event_record,
)

DUPLICATE = "duplicate"


@extend_schema_field(OpenApiTypes.DATETIME)
class OffsetDateTimeField(serializers.CharField):
    """An ISO 8601 moment that must carry its UTC offset: a naive time is ambiguous
    between the two systems' clocks, so it is refused rather than guessed."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            moment = parse_datetime(value.strip())
        except ValueError:  # well formed, but out of range (month 13)
            moment = None
        if moment is None:
            raise serializers.ValidationError(
                _("Give the time as ISO 8601, e.g. 2026-04-01T09:30:00+03:30.")
            )
        if moment.tzinfo is None:
            raise serializers.ValidationError(
                _("Give the time with its UTC offset, e.g. 2026-04-01T09:30:00+03:30.")
            )
        return moment


def _optional_text(max_length: int, *, help_text: str) -> serializers.CharField:
    """A text field an event may leave out or blank: then it is ""."""
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", help_text=help_text
    )


class AutomationEventSerializer(serializers.Serializer):
    """One status change pushed by an automation system."""

    event_id = serializers.CharField(
        max_length=80, help_text="The system's unique id of this event; repeats are ignored."
    )
    tracking_code = serializers.CharField(
        max_length=64, help_text="The request's 12-digit tracking code (any digits, spaces)."
    )
    status = serializers.ChoiceField(
        choices=Status.choices, help_text="The status the request moves to."
    )
    letter_number = _optional_text(
        64, help_text="The letter number in the automation system, when it has one."
    )
    message = _optional_text(
        2000, help_text="Shown to the citizen on the tracking page and in the stage's SMS."
    )
    occurred_at = OffsetDateTimeField(
        help_text=(
            "When the change happened: ISO 8601 with a UTC offset, within "
            f"{CALLBACK_MAX_AGE_SECONDS} seconds of our clock."
        )
    )

    def validate_tracking_code(self, value: str) -> str:
        return tracking_code_clean(value)

    def validate_letter_number(self, value: str) -> str:
        return value.strip()


AutomationEventAccepted = inline_serializer(
    "AutomationEventAccepted",
    {
        "status": serializers.CharField(
            help_text='The request\'s new status, or "duplicate" for an event seen before.'
        ),
        "tracking_code": serializers.CharField(),
    },
)


class AutomationEventView(APIView):
    """`POST /api/v1/automation/events/`: an automation system reports a status change."""

    # The HMAC signature is the only credential: no session (so no CSRF), no token.
    authentication_classes = []
    permission_classes = [AllowAny]
    # The raw body is read and its signature checked first; then `request.data` parses
    # the same bytes through the API's JSON parser and its limits.

    def get_authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) and tells the caller how to authenticate.
        return f'HMAC-SHA256 header="{SIGNATURE_HEADER}"'

    @extend_schema(
        summary="Report a status change from an office-automation system",
        description=(
            "Signed with the endpoint's shared secret: `X-Khedmat-Signature: sha256=<hex "
            "HMAC-SHA256 of the exact request body>`. A repeated `event_id` is accepted and "
            'ignored (`200 {"status": "duplicate"}`). `occurred_at` must be within '
            f"{CALLBACK_MAX_AGE_SECONDS} seconds of the server's clock (replay protection). "
            "An endpoint may only report on requests delivered to it."
        ),
        auth=[],
        parameters=[
            OpenApiParameter(
                SIGNATURE_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="sha256=<hex HMAC-SHA256 of the raw body with the shared secret>",
            )
        ],
        request=AutomationEventSerializer,
        responses={
            200: OpenApiResponse(
                AutomationEventAccepted,
                description='Recorded; or `"status": "duplicate"` for an event seen before.',
            ),
            400: OpenApiResponse(
                description=(
                    "Not a JSON object, a missing or malformed field (named), or an "
                    "`occurred_at` outside the allowed window (a replay)."
                )
            ),
            401: OpenApiResponse(description="No valid signature."),
            404: OpenApiResponse(
                description="No request with this code was sent to this endpoint."
            ),
            409: OpenApiResponse(
                description="The status machine does not allow this change from the current one.",
            ),
            413: OpenApiResponse(
                description="A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE, refused from its "
                "Content-Length before the signature is checked."
            ),
        },
        examples=[
            OpenApiExample(
                "Registered with a letter number",
                request_only=True,
                value={
                    "event_id": "didgah-8f14e45f",
                    "tracking_code": "123456789010",
                    "status": "registered",
                    "letter_number": "1405/12345",
                    "message": "",
                    "occurred_at": "2026-04-01T09:30:00+03:30",
                },
            )
        ],
    )
    def post(self, request):
        endpoint = automation_endpoint_signed(request.body, request.headers.get(SIGNATURE_HEADER))
        if endpoint is None:
            raise exceptions.AuthenticationFailed(
                _("Missing or invalid signature (X-Khedmat-Signature).")
            )
        event = AutomationEventSerializer(data=request.data)
        event.is_valid(raise_exception=True)
        fields = event.validated_data
        code = fields["tracking_code"]
        try:
            status = automation_event_record(endpoint=endpoint, **fields)
        except EventOutOfTime:
            raise exceptions.ValidationError(
                {
                    "occurred_at": [
                        _(
                            "This event's time is more than %(seconds)d seconds away from "
                            "our clock, so it is refused as a possible replay. Check the "
                            "sending system's clock."
                        )
                        % {"seconds": CALLBACK_MAX_AGE_SECONDS}
                    ]
                }
            ) from None
        except EventRequestUnknown:
            raise exceptions.NotFound(
                _("No request with this tracking code was sent to you.")
            ) from None
        return Response({"status": status or DUPLICATE, "tracking_code": code})
