from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormbuilderConfig(AppConfig):
    name = "formbuilder"
    verbose_name = _("Form builder")

    def ready(self):
        from . import checks  # noqa: F401  (the start-up checks)
        from .admin_dates import register_date_override
        from .admin_numbers import register_overrides
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_overrides()
        register_date_override()
