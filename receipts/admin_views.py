"""Admin: every SMS the desk sent, failed ones first, with retry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from formbuilder.persian.text import normalize_digits
from submissions.admin_views import back_url

from .constants import SmsStatus
from .models import SmsMessage
from .outbox import sms_message_retry

PER_PAGE = 50
VIEW_PERMISSION = "receipts.view_smsmessage"
CHANGE_PERMISSION = "receipts.change_smsmessage"


def sms_messages(request):
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    status = request.GET.get("status", "all")
    query = normalize_digits(request.GET.get("q", "")).strip()
    rows = SmsMessage.objects.select_related("submission")
    if status in SmsStatus.values:
        rows = rows.filter(status=status)
    if query.isdigit():
        rows = rows.filter(recipient__contains=query) | rows.filter(submission__tracking_code=query)
    page = Paginator(rows.order_by("-created_at", "-pk"), PER_PAGE).get_page(request.GET.get("p"))
    counts = dict(
        SmsMessage.objects.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return TemplateResponse(
        request,
        "receipts/admin/sms_messages.html",
        {
            "page": page,
            "status": status,
            "query": query,
            "statuses": SmsStatus.choices,
            "counts": counts,
            "can_retry": request.user.has_perm(CHANGE_PERMISSION),
        },
    )


@require_POST
def sms_message_retry_view(request, pk: int):
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied
    message = get_object_or_404(SmsMessage, pk=pk)
    if sms_message_retry(message=message):
        messages.success(
            request,
            _("The SMS to %(recipient)s will be sent again.") % {"recipient": message.recipient},
        )
    else:
        messages.warning(request, _("Only a failed SMS can be sent again."))
    return redirect(back_url(request, "receipts_sms_messages"))
