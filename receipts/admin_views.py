"""Admin: the SMS the desk sent about the requests the user may see, with retry.

Staff see their units' SMS (`submissions.selectors.submission_scope`, the cartable's
rule); managers and administrators see all. Links carrying a secret token are masked.
"""

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
from submissions.masking import text_links_mask
from submissions.selectors import submission_scope

from .constants import SmsErrorReason, SmsStatus
from .models import SmsMessage
from .outbox import sms_message_retry

PER_PAGE = 50
VIEW_PERMISSION = "receipts.view_smsmessage"
CHANGE_PERMISSION = "receipts.change_smsmessage"
# Links whose token opens a citizen's page: masked in the log.
SECRET_LINK_URL_NAMES = ("receipts:survey", "receipts:receipt", "submissions:confirmation")


def sms_messages_visible_to(user):
    """The SMS a user may see in the log: those of the requests they may see."""
    return submission_scope(SmsMessage.objects.all(), user=user)


def sms_error_shown(message: SmsMessage) -> str:
    """The last error as staff read it: its reason in words, never the provider's English
    text (`error`, for the logs). A row written before reasons were kept says it in
    general."""
    if message.error_reason:
        return message.get_error_reason_display()
    if message.error:
        return SmsErrorReason.NOT_TAKEN.label
    return ""


def sms_messages(request):
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    status = request.GET.get("status", "all")
    query = normalize_digits(request.GET.get("q", "")).strip()
    visible = sms_messages_visible_to(request.user)
    rows = visible.select_related("submission")
    if status in SmsStatus.values:
        rows = rows.filter(status=status)
    if query.isdigit():
        rows = rows.filter(recipient__contains=query) | rows.filter(submission__tracking_code=query)
    page = Paginator(rows.order_by("-created_at", "-pk"), PER_PAGE).get_page(request.GET.get("p"))
    for message in page.object_list:
        message.body_shown = text_links_mask(message.body, url_names=SECRET_LINK_URL_NAMES)
        message.error_shown = sms_error_shown(message)
    counts = dict(
        visible.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
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
    # Another unit's SMS is a 404: nobody learns it exists, nothing is sent.
    message = get_object_or_404(sms_messages_visible_to(request.user), pk=pk)
    if sms_message_retry(message=message):
        messages.success(
            request,
            _("The SMS to %(recipient)s will be sent again.") % {"recipient": message.recipient},
        )
    else:
        messages.warning(request, _("Only a failed SMS can be sent again."))
    return redirect(back_url(request, "receipts_sms_messages"))
