"""Citizens' API: submit a request to a service, and track it (one-time codes: api_otp.py)."""

import io
from contextlib import contextmanager

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from catalog.selectors import service_get_published
from catalog.site_url import site_url
from formbuilder.fields.files import MEGABYTE, schema_upload_max_bytes
from formbuilder.fields.text import local_number
from formbuilder.persian.identifiers import mobile_normalise
from formbuilder.persian.text import normalize_digits
from formbuilder.validation import answers_validate

from .constants import IDEMPOTENCY_KEY_MAX_LENGTH
from .otp import (
    verification_token_mobile,
    verified_mobile_keys,
)
from .ratelimit import RateLimited, client_ip
from .selectors import submission_public_events, submission_repeated
from .services import (
    StatusSmsRateLimited,
    SubmissionRateLimited,
    TrackingRateLimited,
    submission_create_once,
    submission_rate_limit,
    submission_status_sms_request,
    submission_track,
)
from .tracking import tracking_code_clean


class TooManyRequests(exceptions.APIException):
    """429 `{"detail"}` saying how long to wait, and Retry-After in seconds (DRF sends
    the header for an exception's `wait`)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "throttled"

    def __init__(self, limited: RateLimited, message: str) -> None:
        super().__init__(message % {"wait": limited.wait_text})
        self.wait = limited.wait_seconds


def too_many_requests(what: str) -> OpenApiResponse:
    """A view's documented 429: `what` was over its limit. The body and the Retry-After
    header are documented once for every 429, in cms_site/api_schema.py."""
    return OpenApiResponse(description=f"{what}; try again after Retry-After seconds.")


@contextmanager
def refused_as_429(*answers: tuple[type[RateLimited], str]):
    """A service's refusal (a RateLimited) as TooManyRequests, with the message (holding
    `%(wait)s`) of the first of `answers`, (exception class, message), that it is."""
    try:
        yield
    except RateLimited as limited:
        message = next((text for kind, text in answers if isinstance(limited, kind)), None)
        if message is None:
            raise
        raise TooManyRequests(limited, message) from None


class CitizenAPIView(APIView):
    """An endpoint for anonymous citizens; `validated` checks a POST body with a serializer."""

    authentication_classes = []  # citizens are anonymous; no CSRF-bound session here

    def validated(self, serializer_class: type[serializers.Serializer]) -> dict:
        """The request's body through `serializer_class`: its validated data, else 400."""
        query = serializer_class(data=self.request.data)
        query.is_valid(raise_exception=True)
        return query.validated_data


TOO_MANY_SUBMISSIONS = _(
    "Too many requests have been sent from here or with this mobile number. "
    "Please try again in %(wait)s."
)
TOO_MANY_LOOKUPS = _(
    "Too many attempts. Please try again in %(wait)s, or have the request's status "
    "sent by SMS to the mobile number on file (POST /api/v1/track/sms/)."
)
TOO_MANY_STATUS_SMS = _(
    "The status of this request was asked for too often. Please try again in %(wait)s."
)
STATUS_SMS_ANSWER = _(
    "If a request has this tracking code, its current status has been sent by SMS to the "
    "mobile number given on its form."
)


TOKEN_NEEDED = _(
    "This form needs your mobile number verified: ask for a code (POST /api/v1/otp/), "
    "verify it (POST /api/v1/otp/verify/) and send the token as “verification_token”. "
    "A token is valid for a short time only."
)
NOT_THE_VERIFIED_MOBILE = _("This must be the mobile number you verified with the code.")


class UploadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


# Multipart boundaries and part headers, on top of the files and the `data` part.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


def _absolute(path: str, request=None) -> str:
    return site_url(path, request)


SubmissionCreated = inline_serializer(
    "SubmissionCreated",
    {
        "tracking_code": serializers.CharField(),
        "status": serializers.CharField(),
        "receipt_url": serializers.URLField(),
        "track_url": serializers.URLField(),
    },
)
VERIFIED_MOBILE_HELP = (
    "When the form requires a verified mobile: the token from POST /api/v1/otp/verify/ "
    "(short-lived). The form's mobile question is then filled with the verified number; "
    "a different number there is refused."
)
SubmissionRequest = inline_serializer(
    "SubmissionRequest",
    {
        "data": serializers.DictField(help_text="The answers, by question key."),
        "verification_token": serializers.CharField(required=False, help_text=VERIFIED_MOBILE_HELP),
    },
)
SubmissionUpload = inline_serializer(
    "SubmissionUpload",
    {
        "data": serializers.CharField(
            help_text="The JSON object of the answers that are not files. Each file question "
            "is a part of its own, named by its key."
        ),
        "verification_token": serializers.CharField(required=False, help_text=VERIFIED_MOBILE_HELP),
    },
)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "Optional: a unique value per request the client makes (a UUID), 1 to 255 printable "
        "ASCII characters. Sent again with the same request after a lost answer (a timeout, "
        "a reset), it gets the request the first one made (201, with "
        "`Idempotent-Replayed: true`) instead of a second one; the repeat's answers are "
        "checked but not stored."
    ),
)


def idempotency_key_clean(request) -> str:
    """The request's `Idempotency-Key`, "" without one; 400 when it is not 1–255
    printable ASCII characters."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return ""
    if not (0 < len(key) <= IDEMPOTENCY_KEY_MAX_LENGTH and key.isascii() and key.isprintable()):
        raise exceptions.ValidationError(
            {
                "Idempotency-Key": [
                    _("The Idempotency-Key header must be 1 to 255 printable ASCII characters.")
                ]
            }
        )
    return key


class SubmissionCreateView(CitizenAPIView):
    """`POST /api/v1/services/{service_code}/submissions/`."""

    # JSON (the default parser, with its limits), or multipart when there are files.
    parser_classes = [*api_settings.DEFAULT_PARSER_CLASSES, MultiPartParser]

    @extend_schema(
        summary="Submit a request to a service",
        description=(
            'JSON `{"data": {key: value}}`, or multipart with a part `data` holding the '
            "JSON object of the other answers and one part per file question, named by its "
            "key. A multipart request larger than the form's files allow is refused (413) "
            "from its Content-Length, before it is read."
        ),
        request={"application/json": SubmissionRequest, "multipart/form-data": SubmissionUpload},
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: SubmissionCreated,
            400: OpenApiResponse(
                description="Answers that failed validation (each named), unknown keys, a "
                "body that is not a JSON object within the limits, a missing, expired or "
                "foreign `verification_token` when the form requires a verified mobile, or a "
                "malformed Idempotency-Key."
            ),
            404: OpenApiResponse(description="No published service with this code, or no form."),
            413: OpenApiResponse(description="Larger than the form's files allow."),
            429: too_many_requests(
                "Too many requests from this client address or with this mobile number "
                "(SUBMISSION_RATE_LIMIT_*); nothing was stored"
            ),
        },
    )
    def post(self, request, service_code: str):
        code = normalize_digits(service_code).strip()
        service = service_get_published(service_code=code) if code.isdigit() else None
        version = service.form_version if service is not None else None
        if version is None:
            raise exceptions.NotFound(_("There is no published service with an online form here."))
        self._refuse_oversized(request, version.schema)
        idempotency_key = idempotency_key_clean(request)
        data = request.data.get("data")
        if isinstance(data, str):  # multipart: the answers arrive as a JSON text part
            data = self._json_part(request, data)
        if not isinstance(data, dict):
            raise exceptions.ValidationError(
                {"data": [_("Send the answers as a JSON object under “data”.")]}
            )
        data = self._verified_mobile_filled(request, version, data)
        result = answers_validate(version.schema, data, request.FILES)
        if not result.is_valid:
            raise exceptions.ValidationError(result.errors)
        if not submission_repeated(service=service, idempotency_key=idempotency_key):
            with refused_as_429((SubmissionRateLimited, TOO_MANY_SUBMISSIONS)):
                submission_rate_limit(
                    form_version=version, answers=result.answers, client_ip=client_ip(request)
                )
        submission, created = submission_create_once(
            service=service,
            idempotency_key=idempotency_key,
            form_version=version,
            answers=result.answers,
            uploads=result.uploads,
        )
        response = self._created(submission, request)
        if not created:
            response["Idempotent-Replayed"] = "true"
        return response

    @staticmethod
    def _created(submission, request) -> Response:
        return Response(
            {
                "tracking_code": submission.tracking_code,
                "status": submission.status,
                "receipt_url": _absolute(
                    reverse("submissions:confirmation", args=[submission.access_token]), request
                ),
                "track_url": _absolute(
                    f"{reverse('submissions:track')}?code={submission.tracking_code}", request
                ),
            },
            status=status.HTTP_201_CREATED,
        )

    @staticmethod
    def _verified_mobile_filled(request, version, data: dict) -> dict:
        """The answers with the verified mobile in the form's mobile questions, when the
        form requires one (400 without a valid token, or with another number given)."""
        keys = verified_mobile_keys(version)
        if not keys:
            return data
        token = request.data.get("verification_token")
        mobile = verification_token_mobile(token) if isinstance(token, str) else None
        if mobile is None:
            raise exceptions.ValidationError({"verification_token": [TOKEN_NEEDED]})
        for key in keys:
            given = data.get(key)
            if given not in (None, "") and mobile_normalise(str(given)) != mobile:
                raise exceptions.ValidationError({key: [NOT_THE_VERIFIED_MOBILE]})
        return {**data, **dict.fromkeys(keys, mobile)}

    @staticmethod
    def _refuse_oversized(request, schema) -> None:
        """413 from the Content-Length, before a byte of the body is read."""
        limit = (
            schema_upload_max_bytes(schema)
            + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            + MULTIPART_OVERHEAD_BYTES
        )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            raise UploadTooLarge(
                _("The request is larger than this form's files allow (at most %(size)s MB).")
                % {"size": local_number(f"{limit / MEGABYTE:.1f}".removesuffix(".0"))}
            )

    @staticmethod
    def _json_part(request, text: str) -> dict:
        """The `data` part through the JSON body parser, so it meets the same limits."""
        parser = next(p for p in request.parsers if p.media_type == "application/json")
        try:
            return parser.parse(io.BytesIO(text.encode("utf-8")), "application/json", {})
        except exceptions.ParseError as error:
            raise exceptions.ValidationError({"data": [error.detail]}) from None


class TrackRequestSerializer(serializers.Serializer):
    tracking_code = serializers.CharField(max_length=40)
    mobile = serializers.CharField(max_length=20)

    def validate_tracking_code(self, value: str) -> str:
        return tracking_code_clean(value)

    def validate_mobile(self, value: str) -> str:
        mobile = mobile_normalise(value)
        if mobile is None:
            raise serializers.ValidationError(_("Enter a mobile number like 09121234567."))
        return mobile


class TimelineEventSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    message = serializers.CharField(source="public_message")
    at = serializers.DateTimeField(source="created_at")


class TrackResponseSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    service = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(source="created_at")
    timeline = serializers.SerializerMethodField()

    def get_service(self, submission) -> dict:
        return {"service_code": submission.service.service_code, "title": submission.service.title}

    def get_timeline(self, submission) -> list[dict]:
        return TimelineEventSerializer(submission_public_events(submission), many=True).data


class TrackView(CitizenAPIView):
    """`POST /api/v1/track/`: the status and public timeline of a request."""

    @extend_schema(
        summary="Track a request by its code and mobile number",
        request=TrackRequestSerializer,
        responses={
            200: TrackResponseSerializer,
            400: OpenApiResponse(description="A malformed code (wrong check digit) or mobile."),
            404: OpenApiResponse(description="No request with this code and mobile number."),
            429: too_many_requests(
                "Too many attempts from this address, or failed ones for this code (the "
                "status can be asked for by SMS instead)"
            ),
        },
    )
    def post(self, request):
        query = self.validated(TrackRequestSerializer)
        with refused_as_429((TrackingRateLimited, TOO_MANY_LOOKUPS)):
            submission = submission_track(
                tracking_code=query["tracking_code"],
                mobile=query["mobile"],
                client_ip=client_ip(request),
            )
        if submission is None:
            raise exceptions.NotFound(_("No request matches this tracking code and mobile number."))
        return Response(TrackResponseSerializer(submission).data)


class StatusSmsRequestSerializer(serializers.Serializer):
    tracking_code = serializers.CharField(max_length=40)
    validate_tracking_code = TrackRequestSerializer.validate_tracking_code


StatusSmsAnswer = inline_serializer("StatusSmsAnswer", {"detail": serializers.CharField()})


class StatusSmsView(CitizenAPIView):
    """`POST /api/v1/track/sms/`: the status of a request sent by SMS to its mobile."""

    @extend_schema(
        summary="Have a request's status sent by SMS to the mobile number on file",
        description=(
            "The tracking code alone. The answer is the same whether or not a request has "
            "this code; when one has, its current status is sent by SMS to the mobile "
            "number given on its form. Limited per code (STATUS_SMS_RATE_LIMIT_PER_CODE a "
            "day by default) and per client address."
        ),
        request=StatusSmsRequestSerializer,
        responses={
            202: StatusSmsAnswer,
            400: OpenApiResponse(description="A malformed code (wrong check digit)."),
            429: too_many_requests("Asked too often for this code or from this address"),
        },
    )
    def post(self, request):
        query = self.validated(StatusSmsRequestSerializer)
        with refused_as_429((StatusSmsRateLimited, TOO_MANY_STATUS_SMS)):
            submission_status_sms_request(
                tracking_code=query["tracking_code"],
                client_ip=client_ip(request),
            )
        return Response({"detail": STATUS_SMS_ANSWER}, status=status.HTTP_202_ACCEPTED)
