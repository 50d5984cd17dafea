"""The clerk's side in the admin: the day's bookings and walk-ins, check-in with a queue
ticket, "call next" per counter, no-shows, a booked visit turned into a request through
the in-person desk's form; and the schedule's preview of free slots."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Department, ServicePage
from formbuilder.persian.text import normalize_digits, to_persian_digits
from submissions.desk import DESK_PERMISSION, DeskApplyView
from submissions.selectors import submissions_all_visible_to

from .forms import day_parse
from .models import OpeningSchedule
from .reminders import reminders_nudge
from .selectors import (
    bookings_visible_to,
    desk_day,
    free_days,
    free_slots,
    waiting_count,
)
from .services import (
    BookingError,
    booking_check_in,
    booking_link_submission,
    booking_no_show,
    queue_call_next,
    walk_in_create,
)

VIEW_PERMISSION = "appointments.view_booking"
CHANGE_PERMISSION = "appointments.change_booking"
PREVIEW_DAYS = 14


def departments_for(user):
    """The departments whose desk a user sees: all for managers and administrators,
    staff their own."""
    departments = Department.objects.filter(is_active=True).order_by("name")
    if submissions_all_visible_to(user):
        return departments
    return departments.filter(members=user)


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _day(request) -> datetime.date:
    try:
        return day_parse(request.GET.get("day", "")) if request.GET.get("day") else None
    except ValueError:
        return None


def desk_index(request):
    """`/admin/visits/`: a department's day at the desk (the first one the user sees)."""
    _require(request, VIEW_PERMISSION)
    reminders_nudge()
    departments = list(departments_for(request.user))
    chosen = next(
        (item for item in departments if str(item.pk) == request.GET.get("department")),
        departments[0] if departments else None,
    )
    day = _day(request) or timezone.localdate()
    context = {
        "page_title": _("Visits and queue"),
        "header_icon": "time",
        "departments": departments,
        "department": chosen,
        "day": day,
        "today": timezone.localdate(),
        "bookings": desk_day(department=chosen, day=day) if chosen else [],
        "waiting": waiting_count(department=chosen, day=day) if chosen else 0,
        "services": (
            ServicePage.objects.live().filter(department=chosen).order_by("title") if chosen else []
        ),
        "may_change": request.user.has_perm(CHANGE_PERMISSION),
        "may_register": request.user.has_perm(DESK_PERMISSION),
    }
    return TemplateResponse(request, "appointments/admin/desk.html", context)


def _back(department_id, day=None):
    query = {"department": department_id}
    if day:
        query["day"] = day.isoformat()
    return HttpResponseRedirect(f"{reverse('appointments_desk')}?{urlencode(query)}")


@require_POST
def desk_booking_action(request, pk: int, action: str):
    """POST `/admin/visits/<pk>/check-in/` or `/no-show/`: on a booking of one's unit."""
    _require(request, CHANGE_PERMISSION)
    booking = get_object_or_404(bookings_visible_to(request.user), pk=pk)
    actions = {"check-in": booking_check_in, "no-show": booking_no_show}
    if action not in actions:
        raise Http404
    try:
        done = actions[action](booking=booking, user=request.user)
    except BookingError as exc:
        messages.error(request, exc.message)
    else:
        if action == "check-in":
            messages.success(
                request,
                _("Checked in: ticket %(ticket)s.") % {"ticket": to_persian_digits(done.ticket)},
            )
        else:
            messages.success(request, _("Marked as a no-show."))
    return _back(booking.department_id, timezone.localdate(booking.starts_at))


def _department_posted(request):
    department = departments_for(request.user).filter(pk=request.POST.get("department")).first()
    if department is None:
        raise Http404
    return department


@require_POST
def desk_call_next(request):
    """POST `/admin/visits/call/`: the next waiting citizen to this counter."""
    _require(request, CHANGE_PERMISSION)
    department = _department_posted(request)
    try:
        counter = int(normalize_digits(request.POST.get("counter", "")).strip() or "0")
    except ValueError:
        counter = 0
    try:
        called = queue_call_next(department=department, counter=counter, user=request.user)
    except BookingError as exc:
        messages.error(request, exc.message)
    else:
        if called is None:
            messages.warning(request, _("Nobody is waiting."))
        else:
            messages.success(
                request,
                _("Ticket %(ticket)s called to counter %(counter)s.")
                % {
                    "ticket": to_persian_digits(called.ticket),
                    "counter": to_persian_digits(counter),
                },
            )
    response = _back(department.pk)
    response.set_cookie("khedmat_counter", str(counter), samesite="Lax", httponly=True)
    return response


@require_POST
def desk_walk_in(request):
    """POST `/admin/visits/walk-in/`: a citizen without a booking gets a ticket."""
    _require(request, CHANGE_PERMISSION)
    department = _department_posted(request)
    service = (
        ServicePage.objects.live().filter(department=department, pk=request.POST.get("service"))
    ).first()
    try:
        booking = walk_in_create(
            service=service, user=request.user, mobile=request.POST.get("mobile", "")
        )
    except BookingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Walk-in registered: ticket %(ticket)s.")
            % {"ticket": to_persian_digits(booking.ticket)},
        )
    return _back(department.pk)


class BookingDeskApplyView(DeskApplyView):
    """`/admin/visits/<pk>/request/`: the in-person desk's form for a booked visit; the
    request it makes is linked to the booking."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        self.booking = get_object_or_404(bookings_visible_to(request.user), pk=kwargs["pk"])
        kwargs["service_code"] = self.booking.service.service_code
        self.kwargs = kwargs
        return super().dispatch(request, *args, **kwargs)

    def get_wizard_key(self) -> str:
        return f"desk_booking_{self.booking.pk}"

    def get_form_initial(self, step):
        initial = dict(super().get_form_initial(step) or {})
        if self.booking.mobile:
            initial.setdefault("mobile", self.booking.mobile)
        return initial

    def get_step_url(self, step):
        return reverse(self.url_name, kwargs={"pk": self.booking.pk, "step": step})

    def submission_created(self, submission) -> None:
        booking_link_submission(booking=self.booking, submission=submission)


def schedule_preview(request, pk: int):
    """`/admin/visits/schedules/<pk>/preview/`: the coming weeks' free slots."""
    _require(request, "appointments.view_openingschedule")
    schedule = get_object_or_404(OpeningSchedule.objects.select_related("department"), pk=pk)
    days = free_days(free_slots(schedule, days=PREVIEW_DAYS))
    context = {
        "page_title": _("Free slots: %(name)s") % {"name": schedule},
        "header_icon": "time",
        "schedule": schedule,
        "days": days,
        "preview_days": PREVIEW_DAYS,
    }
    return TemplateResponse(request, "appointments/admin/preview.html", context)
