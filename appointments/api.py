"""The appointments' API: a service's free slots, and booking, cancelling and moving
with the verification token of `POST /api/v1/otp/verify/` (purpose "booking")."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from catalog.selectors import service_get_published
from submissions.api import CitizenAPIView

from . import identity
from .forms import slot_parse
from .models import Booking
from .selectors import booking_place, free_slots, schedule_for_service
from .services import BookingError, booking_cancel, booking_create, booking_move

MAX_DAYS = 60


class SlotSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    free = serializers.IntegerField()


class SlotsSerializer(serializers.Serializer):
    service_code = serializers.CharField()
    slot_minutes = serializers.IntegerField()
    slots = SlotSerializer(many=True)


class BookingSerializer(serializers.Serializer):
    code = serializers.CharField()
    service_code = serializers.CharField(source="service.service_code")
    starts_at = serializers.DateTimeField()
    status = serializers.CharField()
    place = serializers.SerializerMethodField()

    def get_place(self, booking) -> str:
        return booking_place(booking)


class TokenSerializer(serializers.Serializer):
    verification_token = serializers.CharField(max_length=1000)

    def validate_verification_token(self, value):
        mobile = identity.token_mobile(value)
        if mobile is None:
            raise serializers.ValidationError(
                _("The verification token is not valid or has expired: verify the mobile again.")
            )
        return mobile


class SlotChoiceSerializer(TokenSerializer):
    starts_at = serializers.CharField(max_length=40)

    def validate_starts_at(self, value):
        try:
            return slot_parse(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None


def _conflict(exc: BookingError):
    if exc.status == 400:
        raise exceptions.ValidationError({exc.field: [exc.message]})
    if exc.status == 404:
        raise exceptions.NotFound(exc.message)
    return Response({"detail": exc.message}, status=exc.status)


def _service(service_code: str):
    service = service_get_published(service_code=str(service_code)[:20])
    schedule = schedule_for_service(service) if service is not None else None
    if schedule is None:
        raise exceptions.NotFound(_("This service takes no bookings."))
    return service, schedule


REFUSALS = {
    400: OpenApiResponse(description="A bad time, a past day, a bad or expired token."),
    404: OpenApiResponse(description="No such service taking bookings, or no such booking."),
    409: OpenApiResponse(description="The slot is full, or the booking is no longer open."),
}


class FreeSlotsView(CitizenAPIView):
    """`GET /api/v1/services/{service_code}/slots/`: the free slots, in time order."""

    @extend_schema(
        summary="Free visiting slots of a service",
        parameters=[OpenApiParameter("days", int, description=f"1 to {MAX_DAYS} (default 30)")],
        responses={200: SlotsSerializer, 404: REFUSALS[404]},
    )
    def get(self, request, service_code: str):
        service, schedule = _service(service_code)
        try:
            days = int(request.query_params.get("days", schedule.horizon_days))
        except ValueError:
            days = 0
        if not 1 <= days <= MAX_DAYS:
            raise exceptions.ValidationError({"days": [_("Give a number of days from 1 to 60.")]})
        slots = free_slots(schedule, days=min(days, schedule.horizon_days))
        data = {
            "service_code": service.service_code,
            "slot_minutes": schedule.slot_minutes,
            "slots": [{"starts_at": slot.starts_at, "free": slot.free} for slot in slots],
        }
        return Response(SlotsSerializer(data).data)


class BookView(CitizenAPIView):
    """`POST /api/v1/services/{service_code}/bookings/`: book a free slot."""

    @extend_schema(
        summary="Book a visit",
        request=SlotChoiceSerializer,
        responses={201: BookingSerializer, **REFUSALS},
    )
    def post(self, request, service_code: str):
        service, _schedule = _service(service_code)
        query = self.validated(SlotChoiceSerializer)
        try:
            booking = booking_create(
                service=service,
                starts_at=query["starts_at"],
                mobile=query["verification_token"],
            )
        except BookingError as exc:
            return _conflict(exc)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


def _own_booking(code: str, mobile: str) -> Booking:
    booking = (
        Booking.objects.select_related("service", "department")
        .filter(code=str(code)[:16], mobile=mobile, walk_in=False)
        .first()
    )
    if booking is None:  # the same answer for an unknown code and another's booking
        raise exceptions.NotFound(_("No booking with this code for this mobile."))
    return booking


class OwnBookingChangeView(CitizenAPIView):
    """A change to one's own booking, proven by the verification token of its mobile (the
    schema's request is `serializer_class`; each view's summary is its own)."""

    serializer_class: type[TokenSerializer] = TokenSerializer

    def change(self, booking: Booking, query: dict) -> Booking:
        """The booking after the change (a BookingError when it may not be made)."""
        raise NotImplementedError

    @extend_schema(responses={200: BookingSerializer, **REFUSALS})
    def post(self, request, code: str):
        query = self.validated(self.serializer_class)
        booking = _own_booking(code, query["verification_token"])
        try:
            booking = self.change(booking, query)
        except BookingError as exc:
            return _conflict(exc)
        return Response(BookingSerializer(booking).data)


@extend_schema_view(post=extend_schema(summary="Cancel a booking"))
class CancelView(OwnBookingChangeView):
    """`POST /api/v1/bookings/{code}/cancel/`: cancel one's own booking."""

    def change(self, booking: Booking, query: dict) -> Booking:
        return booking_cancel(booking=booking)


@extend_schema_view(post=extend_schema(summary="Move a booking"))
class MoveView(OwnBookingChangeView):
    """`POST /api/v1/bookings/{code}/move/`: move one's own booking to a free slot."""

    serializer_class = SlotChoiceSerializer

    def change(self, booking: Booking, query: dict) -> Booking:
        return booking_move(booking=booking, starts_at=query["starts_at"])
