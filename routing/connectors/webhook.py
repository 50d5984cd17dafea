"""`webhook`: an external office-automation system over signed HTTP (DESIGN.md)."""

from django.utils.translation import gettext_lazy as _

from .base import Connector, Delivered, DeliveryPermanentError, connectors


@connectors.register("webhook")
class WebhookConnector(Connector):
    label = _("Automation system (signed HTTP)")
    needs_endpoint = True

    def deliver(self, *, submission, decision) -> Delivered:
        raise DeliveryPermanentError("The webhook connector is not built yet.")
