from django.db import models
from django.utils.translation import gettext_lazy as _

SIGNATURE_HEADER = "X-Khedmat-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
# The change reason of a request's history row written by the routing rules (no user).
ROUTING_CHANGE_REASON = "routing"
# A callback older (or further in the future) than this is refused as a replay.
CALLBACK_MAX_AGE_SECONDS = 300
# The pipeline steps this app registers.
ROUTING_STEP = "routing"
DELIVERY_STEP = "delivery"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
