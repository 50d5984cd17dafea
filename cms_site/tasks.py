"""Beat's tasks of the site itself: the workers' heartbeat and the operators' digest."""

from celery import shared_task

from cms_site import health


@shared_task(name="cms_site.worker_heartbeat", ignore_result=True)
def worker_heartbeat():
    """Run by a worker every WORKER_HEARTBEAT_INTERVAL: the health check reads its time."""
    health.heartbeat_write()
