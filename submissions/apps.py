from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Requests")

    def ready(self):
        from . import checks  # noqa: F401  (the start-up checks)
