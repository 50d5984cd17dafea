from celery import shared_task

from .digest import digest_send_once_a_day


@shared_task(name="cms_site.operations.digest", ignore_result=True)
def operations_digest():
    """Beat, daily at OPS_DIGEST_HOUR: the stuck work, mailed to the administrators (once,
    however many beats run)."""
    digest_send_once_a_day()
