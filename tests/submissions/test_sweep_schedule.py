"""Beat's sweeps behind a backlog: each expires when the next one is sent."""

import pytest
from celery.beat import Scheduler
from django.conf import settings

from cms_site.celery import app


@pytest.mark.parametrize("entry", ["pipeline-sweep", "sms-sweep"])
def test_a_sweep_that_waited_past_the_next_one_expires_in_the_queue(entry, monkeypatch):
    """Beat sends a sweep every interval, whether the last one ran or not; behind a backlog
    they would pile up and run one after another for nothing. Each expires when the next
    one is sent, so a worker drops it unrun."""
    sent: list[tuple[str, dict]] = []
    scheduler = Scheduler(app)  # reads the schedule beat runs
    scheduled = scheduler.schedule[entry]
    task = app.tasks.get(scheduled.task)
    if task is not None:
        monkeypatch.setattr(
            task, "apply_async", lambda *args, **options: sent.append((task.name, options))
        )
    monkeypatch.setattr(
        scheduler, "send_task", lambda name, *args, **options: sent.append((name, options))
    )
    scheduler.apply_async(scheduled)
    assert [name for name, _options in sent] == [scheduled.task]
    assert sent[0][1]["expires"] == settings.SWEEP_INTERVAL_SECONDS
