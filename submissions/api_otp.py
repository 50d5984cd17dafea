"""Citizens' API: one-time codes by SMS that prove a mobile number, for a request or a
booking whose form requires a verified mobile."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from .api import CitizenAPIView, TrackRequestSerializer, refused_as_429, too_many_requests
from .constants import OtpPurpose
from .otp import (
    OtpInvalid,
    OtpRateLimited,
    OtpResendTooSoon,
    otp_send,
    otp_verify,
    verification_token_issue,
)
from .ratelimit import client_ip

TOO_MANY_CODES = _(
    "Too many codes have been asked for this mobile number or from here. "
    "Please try again in %(wait)s."
)
CODE_RESEND_WAIT = _("A code has just been sent. You can ask for another in %(wait)s.")
CODE_SENT = _("A six-digit code has been sent by SMS to this mobile number.")
API_OTP_PURPOSES = [OtpPurpose.APPLY, OtpPurpose.BOOKING]


class OtpSendSerializer(serializers.Serializer):
    mobile = serializers.CharField(max_length=20, help_text="An Iranian mobile number.")
    purpose = serializers.ChoiceField(
        choices=[(purpose.value, purpose.label) for purpose in API_OTP_PURPOSES],
        default=OtpPurpose.APPLY.value,
        help_text="What the verified mobile is for: a request (default) or a booking.",
    )
    validate_mobile = TrackRequestSerializer.validate_mobile


class OtpVerifySerializer(OtpSendSerializer):
    code = serializers.CharField(
        max_length=40, help_text="The six digits received, in any digit script."
    )


OtpSent = inline_serializer(
    "OtpSent",
    {"detail": serializers.CharField(), "expires_at": serializers.DateTimeField()},
)
OtpVerified = inline_serializer(
    "OtpVerified",
    {
        "token": serializers.CharField(
            help_text="The verification token: send it as `verification_token` with a "
            "submission (or booking) whose form requires a verified mobile."
        ),
        "expires_at": serializers.DateTimeField(),
    },
)


class OtpSendView(CitizenAPIView):
    """`POST /api/v1/otp/`: text a one-time code to a mobile number."""

    @extend_schema(
        summary="Send a one-time code by SMS",
        description=(
            "Texts a six-digit code to the mobile number, valid OTP_VALID_SECONDS (two "
            "minutes by default). Another code for the same number and purpose only after "
            "OTP_RESEND_SECONDS (60); at most OTP_RATE_LIMIT_PER_MOBILE codes a number and "
            "OTP_RATE_LIMIT_PER_IP a client address per OTP_RATE_LIMIT_WINDOW."
        ),
        request=OtpSendSerializer,
        responses={
            202: OtpSent,
            400: OpenApiResponse(description="Not a mobile number, or an unknown purpose."),
            429: too_many_requests("A code was sent too recently, or too many this hour"),
        },
    )
    def post(self, request):
        query = self.validated(OtpSendSerializer)
        with refused_as_429((OtpResendTooSoon, CODE_RESEND_WAIT), (OtpRateLimited, TOO_MANY_CODES)):
            challenge = otp_send(
                mobile=query["mobile"],
                client_ip=client_ip(request),
                purpose=query["purpose"],
            )
        return Response(
            {"detail": CODE_SENT, "expires_at": challenge.expires_at},
            status=status.HTTP_202_ACCEPTED,
        )


class OtpVerifyView(CitizenAPIView):
    """`POST /api/v1/otp/verify/`: a code for a verification token."""

    @extend_schema(
        summary="Verify a one-time code",
        description=(
            "The code last sent to this mobile number for this purpose, once. At most "
            "OTP_MAX_ATTEMPTS (5) tries a code. Answers a short-lived token "
            "(OTP_TOKEN_SECONDS) that proves the mobile number."
        ),
        request=OtpVerifySerializer,
        responses={
            200: OtpVerified,
            400: OpenApiResponse(
                description="Malformed input, or the code is wrong, expired, already used, "
                "out of tries, or none was sent (`errors.code`, in Persian)."
            ),
        },
    )
    def post(self, request):
        query = self.validated(OtpVerifySerializer)
        mobile = query["mobile"]
        try:
            otp_verify(mobile=mobile, code=query["code"], purpose=query["purpose"])
        except OtpInvalid as invalid:
            raise exceptions.ValidationError({"code": [invalid.message]}) from None
        token, expires_at = verification_token_issue(mobile)
        return Response({"token": token, "expires_at": expires_at})
