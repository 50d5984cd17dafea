"""Prometheus metrics at /metrics (README, "Health and metrics").

django-prometheus' request and cache metrics (its middleware; the database engine is
unchanged) plus the pipeline's figures, read from the database at scrape time by a
collector (cms_site/operations/selectors.py). Only for the addresses in METRICS_ALLOWED_IPS or a
request carrying `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets a 403.
"""

import hmac
import ipaddress

import prometheus_client
from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_prometheus.exports import ExportToDjangoView
from prometheus_client.core import GaugeMetricFamily

from cms_site.operations import selectors as operations
from submissions.ratelimit import client_ip


class PipelineCollector:
    """The pipeline's figures, computed when Prometheus scrapes (three cheap queries)."""

    def collect(self):
        yield GaugeMetricFamily(
            "khedmat_pipeline_queue_depth",
            "Pipeline steps due and not done.",
            value=operations.pipeline_queue_depth(),
        )
        failed = GaugeMetricFamily(
            "khedmat_pipeline_failed_steps", "Pipeline steps failed for good.", labels=["step"]
        )
        for name, count in sorted(operations.failed_steps_by_name().items()):
            failed.add_metric([name], count)
        yield failed
        sms = GaugeMetricFamily(
            "khedmat_sms_failed", "SMS failed for good, by provider answer.", labels=["reason"]
        )
        for reason, count in sorted(operations.failed_sms_by_reason().items()):
            sms.add_metric([reason or "unknown"], count)
        yield sms


# Its own registry: the global one may be a multi-process one (PROMETHEUS_MULTIPROC_DIR).
pipeline_registry = prometheus_client.CollectorRegistry(auto_describe=False)
pipeline_registry.register(PipelineCollector())


def metrics_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(header.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(item, strict=False) for item in settings.METRICS_ALLOWED_IPS
    )


@never_cache
@require_GET
def metrics_view(request):
    if not metrics_allowed(request):
        return HttpResponseForbidden("403", content_type="text/plain")
    response = ExportToDjangoView(request)
    pipeline = prometheus_client.generate_latest(pipeline_registry)
    return HttpResponse(
        response.content + pipeline, content_type=prometheus_client.CONTENT_TYPE_LATEST
    )
