"""System checks of receipts (`manage.py check`, and every start): the configured SMS
backend exists and its settings let it send."""

from django.conf import settings
from django.core.checks import Error, register

from formbuilder.registry import check_errors

from .sms import sms_backends


@register()
def sms_backend_check(app_configs, **kwargs) -> list[Error]:
    name = settings.SMS_BACKEND
    if name not in sms_backends:
        return [
            Error(
                f"SMS_BACKEND is {name!r}, which no module registers.",
                hint=f"Choose one of {', '.join(sms_backends.names())}.",
                id="receipts.E001",
            )
        ]
    return check_errors(
        sms_backends.get(name).check_problems(),
        obj=f"SMS backend {name!r}",
        check_id="receipts.E002",
        hint='README, "SMS": the settings each backend reads.',
    )
