"""The Celery application.

With `CELERY_BROKER_URL` unset (the embedded default) tasks run eagerly in the
calling process; with it set, `make worker` and `make beat` run them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_site.settings.dev")

app = Celery("khedmat")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
