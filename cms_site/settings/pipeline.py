"""Background work: Celery, the request pipeline, the sweeps and beat's schedule, and the
lifetimes beat enforces (wizard uploads, drafts, untitled forms). Imported by base.py;
CELERY_TIMEZONE is set there, from TIME_ZONE."""

import os

from celery.schedules import crontab

from .env import env_bool

# Uploads of unfinished applications older than this are deleted (formbuilder/services.py),
# by beat every interval and, without beat, by the wizard itself at most once an interval.
WIZARD_UPLOADS_MAX_AGE_SECONDS = int(os.environ.get("WIZARD_UPLOADS_MAX_AGE_SECONDS", 24 * 3600))
WIZARD_UPLOADS_CLEANUP_INTERVAL_SECONDS = 60 * 60
# Saved drafts (submissions/drafts.py): kept this many days after their last save, an SMS
# reminder this many days before they go; expired ones are deleted with their files by beat
# every interval and, without beat, from the citizen's pages at most once an interval.
DRAFT_MAX_AGE_DAYS = int(os.environ.get("DRAFT_MAX_AGE_DAYS", 30))
DRAFT_REMINDER_DAYS = int(os.environ.get("DRAFT_REMINDER_DAYS", 3))
DRAFT_CLEANUP_INTERVAL_SECONDS = 60 * 60

# Celery: with no broker the tasks run eagerly in the web process. With one, tasks are
# acknowledged after they finish (a killed worker's task is delivered again), one at a
# time per worker process; the pipeline's state lives in the database, so the broker
# only wakes workers up (see submissions/pipeline.py).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Without a broker, a new request's pipeline runs in a background thread of the web
# process, after the response (submissions/pipeline/embedded.py).
PIPELINE_EMBEDDED_BACKGROUND = env_bool("PIPELINE_EMBEDDED_BACKGROUND", True)
# Several deployments (or test runs) can share one Redis with a queue each.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "khedmat")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 150
# WeasyPrint's memory grows slowly in a long-lived process; recycle worker children.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request never waits long on a broker that is down: the sweep catches up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Longer than any countdown we schedule (retries back off to PIPELINE_RETRY_MAX_SECONDS).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
SWEEP_INTERVAL_SECONDS = float(os.environ.get("PIPELINE_SWEEP_INTERVAL_SECONDS", "15"))
# The health check (cms_site/health.py) fails when a worker last ran beat's heartbeat task
# longer ago than the maximum age (only with a broker).
WORKER_HEARTBEAT_INTERVAL = int(os.environ.get("WORKER_HEARTBEAT_INTERVAL", "30"))
WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE", "180"))
# The daily digest of stuck work to the administrators (cms_site/operations/digest.py),
# at this hour (TIME_ZONE).
OPS_DIGEST_HOUR = int(os.environ.get("OPS_DIGEST_HOUR", "7"))
# A sweep that waited in the queue (behind a backlog) until the next one was sent is
# dropped by the worker that takes it: the next sweep does the same work.
SWEEP_OPTIONS = {"expires": SWEEP_INTERVAL_SECONDS}
# Appointments (appointments/reminders.py): the reminder SMS of tomorrow's visits is sent
# from this hour (TIME_ZONE) on, looked for every interval.
BOOKING_REMINDER_HOUR = int(os.environ.get("BOOKING_REMINDER_HOUR", "18"))
BOOKING_REMINDER_INTERVAL_SECONDS = int(os.environ.get("BOOKING_REMINDER_INTERVAL_SECONDS", "900"))
CELERY_BEAT_SCHEDULE = {
    "pipeline-sweep": {
        "task": "submissions.pipeline_sweep",
        "schedule": SWEEP_INTERVAL_SECONDS,
        "options": SWEEP_OPTIONS,
    },
    "sms-sweep": {
        "task": "receipts.sms_sweep",
        "schedule": SWEEP_INTERVAL_SECONDS,
        "options": SWEEP_OPTIONS,
    },
    "sms-delivery-refresh": {"task": "receipts.sms_delivery_refresh", "schedule": 5 * 60},
    "operations-digest": {
        "task": "cms_site.operations.digest",
        "schedule": crontab(hour=OPS_DIGEST_HOUR, minute=0),
    },
    "worker-heartbeat": {
        "task": "cms_site.worker_heartbeat",
        "schedule": WORKER_HEARTBEAT_INTERVAL,
    },
    "wizard-uploads-cleanup": {
        "task": "formbuilder.tasks.wizard_uploads_cleanup",
        "schedule": WIZARD_UPLOADS_CLEANUP_INTERVAL_SECONDS,
    },
    "drafts-cleanup": {
        "task": "submissions.drafts_cleanup",
        "schedule": DRAFT_CLEANUP_INTERVAL_SECONDS,
    },
    "booking-reminders": {
        "task": "appointments.booking_reminders",
        "schedule": BOOKING_REMINDER_INTERVAL_SECONDS,
    },
    "untitled-forms-cleanup": {
        "task": "formbuilder.tasks.untitled_forms_cleanup",
        "schedule": 60 * 60,
    },
}
# Untitled draft forms (left by an autosave before anything was typed) older than this go.
UNTITLED_FORMS_MAX_AGE_SECONDS = int(os.environ.get("UNTITLED_FORMS_MAX_AGE_SECONDS", "86400"))

# The request pipeline (submissions/pipeline/): retries back off from the base delay,
# doubling, up to the maximum; a running step's lease is its time limit plus the margin. A
# message sent for a step or SMS counts as in flight for the dispatch lease: the sweep
# sends another only after that (a message lost with the broker), in batches, and none
# while the maximum in flight is reached, so the broker's queue stays bounded.
PIPELINE_RETRY_BASE_SECONDS = int(os.environ.get("PIPELINE_RETRY_BASE_SECONDS", "30"))
PIPELINE_RETRY_MAX_SECONDS = int(os.environ.get("PIPELINE_RETRY_MAX_SECONDS", "1800"))
PIPELINE_LEASE_MARGIN_SECONDS = int(os.environ.get("PIPELINE_LEASE_MARGIN_SECONDS", "60"))
PIPELINE_DISPATCH_LEASE_SECONDS = int(os.environ.get("PIPELINE_DISPATCH_LEASE_SECONDS", "300"))
PIPELINE_SWEEP_BATCH = int(os.environ.get("PIPELINE_SWEEP_BATCH", "500"))
PIPELINE_DISPATCH_MAX_IN_FLIGHT = int(os.environ.get("PIPELINE_DISPATCH_MAX_IN_FLIGHT", "1000"))
# Deliveries to an automation system are retried this long before they fail for good.
DELIVERY_RETRY_HOURS = float(os.environ.get("DELIVERY_RETRY_HOURS", "48"))
# A receipt that takes longer than this is stopped and retried (it normally takes < 0.2 s).
RECEIPT_TIME_LIMIT_SECONDS = int(os.environ.get("RECEIPT_TIME_LIMIT_SECONDS", "60"))
