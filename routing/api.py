"""Inbound callbacks of external office-automation systems."""

from rest_framework.views import APIView


class AutomationEventView(APIView):
    pass
