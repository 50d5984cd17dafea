"""Admin: the SMS the desk sent about the requests the user may see, with retry.

The list is Wagtail's generic `IndexView` (`submissions.admin_views.ScopedIndexView`):
staff see their units' SMS (`submissions.selectors.submission_scope`, the cartable's
rule); managers and administrators see all. Links carrying a secret token are masked.
"""

import django_filters
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column

from formbuilder.persian.filters import digits, jalali
from formbuilder.persian.text import normalize_digits
from submissions.admin_views import (
    ScopedIndexView,
    counted_choices,
    ltr,
    row_retry,
)
from submissions.masking import text_links_mask
from submissions.selectors import counts_by, submission_scope

from .constants import SmsErrorReason, SmsStatus
from .models import SmsMessage
from .outbox import sms_message_retry

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


class SmsMessageFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), empty_label=_("All"))
    q = django_filters.CharFilter(
        label=gettext_lazy("Mobile number or tracking code"), method="filter_number"
    )

    class Meta:
        model = SmsMessage
        fields = ["status", "q"]

    def __init__(self, *args, counts_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        counts = counts_by(counts_of, "status") if counts_of is not None else {}
        self.filters["status"].extra["choices"] = counted_choices(SmsStatus.choices, counts)

    def filter_number(self, queryset, name, value):
        """A mobile number (or part of it) or a tracking code, in either digits."""
        number = normalize_digits(value).strip()
        if not number.isdigit():
            return queryset
        return queryset.filter(recipient__contains=number) | queryset.filter(
            submission__tracking_code=number
        )


class SmsMessageIndexView(ScopedIndexView):
    model = SmsMessage
    index_url_name = "receipts_sms_messages"
    index_results_url_name = "receipts_sms_messages_results"
    page_title = gettext_lazy("SMS messages")
    header_icon = "mail"
    filterset_class = SmsMessageFilterSet
    default_ordering = ("-created_at", "-pk")
    change_permission = CHANGE_PERMISSION
    retry_url_name = "receipts_sms_message_retry"
    retry_button = gettext_lazy("Send again")

    def retryable(self, row) -> bool:
        return row.status == SmsStatus.FAILED

    def row_columns(self):
        return [
            Column(
                "created_at",
                label=_("Created"),
                accessor=lambda m: jalali(m.created_at, "numerictime"),
            ),
            Column("recipient", label=_("Recipient"), accessor=lambda m: ltr(m.recipient)),
            Column(
                "submission",
                label=_("Request"),
                accessor=lambda m: ltr(m.submission.tracking_code) if m.submission else "",
            ),
            Column("body", label=_("Text"), accessor=sms_body_shown),
            Column("parts", label=_("Parts"), accessor=lambda m: digits(m.parts)),
            Column("status", label=_("Status"), accessor=lambda m: m.get_status_display()),
            Column("attempts", label=_("Attempts"), accessor=lambda m: digits(m.attempts)),
            Column("error", label=_("Last error"), accessor=sms_error_cell),
        ]


def sms_body_shown(message: SmsMessage) -> str:
    return text_links_mask(message.body, url_names=SECRET_LINK_URL_NAMES)


def sms_error_cell(message: SmsMessage) -> str:
    """The reason in words, the provider's own code beside it, and when the next attempt
    is due for a message queued again."""
    shown = sms_error_shown(message)
    if not shown:
        return ""
    code = ""
    if message.error_code:
        code = format_html(
            '<br><span class="khedmat-sms-error-code">{} <code dir="ltr">{}</code></span>',
            _("Provider's code:"),
            message.error_code,
        )
    next_attempt = ""
    if message.status == SmsStatus.QUEUED:
        next_attempt = format_html(
            "<br>{} {}", _("Next attempt:"), jalali(message.next_attempt_at, "numerictime")
        )
    return format_html("{}{}{}", shown, code, next_attempt)


@require_POST
def sms_message_retry_view(request, pk: int):
    return row_retry(
        request,
        pk,
        permission=CHANGE_PERMISSION,
        rows=sms_messages_visible_to(request.user),
        retry=lambda message: sms_message_retry(message=message),
        done=lambda message: (
            _("The SMS to %(recipient)s will be sent again.") % {"recipient": message.recipient}
        ),
        refused=_("Only a failed SMS can be sent again."),
        back="receipts_sms_messages",
    )
