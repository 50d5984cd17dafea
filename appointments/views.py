"""The citizen's pages: book a visit from a service page, then cancel or move it through
the link the SMS carries; and the waiting room's screen in the hall."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catalog.models import Department
from catalog.selectors import service_for_path
from formbuilder.persian.text import to_persian_digits

from . import identity
from .constants import JalaliWeekday
from .forms import SlotChoiceForm, day_parse
from .reminders import reminders_nudge
from .selectors import (
    booking_by_token,
    booking_place,
    free_days,
    free_slots,
    hall_board,
    jalali_weekday,
    schedule_for_service,
)
from .services import BookingError, booking_cancel, booking_create, booking_move


def _times_context(schedule, request, chosen_day):
    """The day list, and the chosen day's free times (400 for a day that is not valid)."""
    days = free_days(free_slots(schedule))
    day_list = [
        {"date": day, "weekday": JalaliWeekday(jalali_weekday(day)).label, "count": len(slots)}
        for day, slots in days
    ]
    times = dict(days).get(chosen_day, []) if chosen_day else []
    return {"days": day_list, "chosen_day": chosen_day, "times": times}


def _day_or_error(request):
    """The `?day=` asked for: (date or None, Persian error or "")."""
    raw = request.GET.get("day", "") or request.POST.get("day", "")
    if not raw:
        return None, ""
    try:
        day = day_parse(raw)
    except ValueError as exc:
        return None, str(exc)
    if day < timezone.localdate():
        return None, _("This day has passed. Choose a coming day.")
    return day, ""


def _slot_choice_page(request, *, schedule, context: dict, take) -> HttpResponse:
    """The free days and a day's free times (book.html), for booking and for moving one.

    On POST, `take(starts_at)` books or moves to the chosen time and answers the URL to
    go to next, or raises BookingError, shown on the page with its status.
    """
    day, error = _day_or_error(request)
    status = 400 if error else 200
    if request.method == "POST" and not error:
        form = SlotChoiceForm(request.POST)
        if form.is_valid():
            try:
                return HttpResponseRedirect(take(form.cleaned_data["starts_at"]))
            except BookingError as exc:
                error, status = exc.message, exc.status
        else:
            error, status = form.first_error(), 400
    context.update(_times_context(schedule, request, day), error=error)
    return render(request, "appointments/book.html", context, status=status)


@require_http_methods(["GET", "POST"])
def booking_start(request, service_path: str):
    """`<service page>/visit/`: the free days, a day's free times, and booking one."""
    service = service_for_path(request, service_path)
    if service is None:
        raise Http404
    reminders_nudge()
    schedule = schedule_for_service(service)
    context = {"service": service, "schedule": schedule}
    if schedule is None or not service.in_person_visits:
        return render(request, "appointments/closed.html", context, status=404)
    mobile = identity.verified_mobile(request)
    if mobile is None:
        return identity.mobile_verify_page(request, context)

    def book(starts_at) -> str:
        booking = booking_create(service=service, starts_at=starts_at, mobile=mobile)
        return reverse("appointments:manage", args=[booking.manage_token])

    context["mobile"] = mobile
    return _slot_choice_page(request, schedule=schedule, context=context, take=book)


def booking_manage(request, token: str):
    """`/visits/<token>/`: the booking, with cancel and move."""
    booking = booking_by_token(token)
    if booking is None:
        raise Http404
    context = {"booking": booking, "place": booking_place(booking)}
    return render(request, "appointments/manage.html", context)


@require_POST
def booking_cancel_view(request, token: str):
    booking = booking_by_token(token)
    if booking is None:
        raise Http404
    try:
        booking = booking_cancel(booking=booking)
    except BookingError as exc:
        context = {"booking": booking, "place": booking_place(booking), "error": exc.message}
        return render(request, "appointments/manage.html", context, status=exc.status)
    return HttpResponseRedirect(reverse("appointments:manage", args=[token]))


@require_http_methods(["GET", "POST"])
def booking_move_view(request, token: str):
    """`/visits/<token>/move/`: choose another free time of the same service."""
    booking = booking_by_token(token)
    if booking is None:
        raise Http404
    schedule = schedule_for_service(booking.service)
    context = {"booking": booking, "service": booking.service, "schedule": schedule}
    if booking.status != "booked" or schedule is None:
        context["place"] = booking_place(booking)
        context["error"] = _("This booking was cancelled or used; it cannot be changed.")
        return render(request, "appointments/manage.html", context, status=409)

    def move(starts_at) -> str:
        booking_move(booking=booking, starts_at=starts_at)
        return reverse("appointments:manage", args=[token])

    context["moving"] = True
    return _slot_choice_page(request, schedule=schedule, context=context, take=move)


# The waiting room


def hall_screen(request, department_code: str):
    """`/visits/hall/<department code>/`: the hall's screen (tickets called, counters)."""
    department = get_object_or_404(Department, code=department_code, is_active=True)
    context = {"department": department, "board": _board(department)}
    return render(request, "appointments/hall.html", context)


def hall_now(request, department_code: str):
    """The screen's data, polled by it: the latest calls, newest first."""
    department = get_object_or_404(Department, code=department_code, is_active=True)
    return JsonResponse({"calls": _board(department)})


def _board(department) -> list[dict]:
    today = timezone.localdate()
    return [
        {
            "ticket": to_persian_digits(booking.ticket),
            "counter": to_persian_digits(booking.counter or ""),
            "called_at": booking.called_at.isoformat(),
        }
        for booking in hall_board(department=department, day=today)
    ]
