"""`internal`: the request stays in Khedmat, in its department's cartable."""

from django.utils.translation import gettext_lazy as _

from .base import Connector, Delivered, connectors


@connectors.register("internal")
class InternalConnector(Connector):
    label = _("Cartable (inside Khedmat)")

    def deliver(self, *, submission, decision) -> Delivered:
        return Delivered()  # the department's cartable shows it; nothing to send
