"""The fault suite's short version (`bench/faults.py --short`): 150 API submissions through
gunicorn, two Celery workers and beat on the suite's own PostgreSQL cluster and Redis,
while the automation system answers 503, the SMS provider 502s and hangs, workers are
SIGKILLed, Redis loses its queue, gunicorn reloads and PostgreSQL stops for 10 s.

It runs as a separate process (it starts and stops its own database server); its JSON
is read back here. About 3 minutes on idle cores; 11–15 on a busy machine.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.commands import REPO, command_run, os_environment

pytestmark = pytest.mark.integration

# Each request has at most one message in flight per row of work: its wake-up, its
# four steps and its two SMS ("received", "registered").
MESSAGES_PER_REQUEST = 7


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("faults") / "faults.json"
    completed = command_run(
        [sys.executable, str(REPO / "bench" / "faults.py"), "--short", "--json", str(path)],
        env=os_environment("DJANGO_SETTINGS_MODULE"),
        timeout=2400,
    )
    if not path.exists():
        pytest.fail(f"bench/faults.py wrote no result:\n{completed.stderr[-4000:]}")
    result = json.loads(path.read_text())
    # In the test's captured output (pytest -rA): the run's figures, for the record.
    print(completed.stdout.strip())
    print(json.dumps(result["clients"]["errors_by_fault"], sort_keys=True))
    return result


def server_errors(result: dict) -> dict[str, dict[str, int]]:
    """Answers 5xx other than 503, by fault."""
    return {
        fault: {kind: n for kind, n in counts.items() if kind.isdigit() and kind[0] == "5"}
        for fault, counts in result["clients"]["errors_by_fault"].items()
        if any(kind.isdigit() and kind[0] == "5" and kind != "503" for kind in counts)
    }


def test_every_request_is_accepted_stored_whole_and_nothing_is_lost(result):
    n = result["config"]["submissions"]
    figures = result["figures"]
    assert result["schedule_error"] == ""
    assert (figures["accepted"], figures["stored"], figures["lost"]) == (n, n, 0)
    # A client that waited past its timeout (a reload on a busy machine) sent the request
    # again with the same Idempotency-Key, and got the first one back.
    assert figures["stored_twice_by_client_retry"] == 0
    assert figures["half_written"] == 0
    assert figures["events_submitted"] == n
    assert figures["receipts"] == n
    assert result["clients"]["given_up"] == 0


def test_each_request_got_one_received_sms_and_one_letter(result):
    n = result["config"]["submissions"]
    figures = result["figures"]
    assert figures["received_sms"] == {
        "requests_with_one": n,
        "requests_with_none": 0,
        "requests_with_more": 0,
    }
    assert figures["registered_sms_duplicates"] == 0
    deliveries = figures["deliveries"]
    assert deliveries["distinct_keys"] == deliveries["letters_issued"] == n
    # Any repeat carried the same Idempotency-Key, which the receiver dropped.
    assert deliveries["raw"] - deliveries["repeats_dropped_by_idempotency_key"] == n
    assert figures["registered_with_letter_number"] == n


def test_the_system_settles_after_the_last_fault(result):
    assert result["settled"], (result["figures"]["steps_not_done_why"], result["figures"])
    assert result["figures"]["steps_not_done"] == 0
    assert result["figures"]["sms_not_sent"] == 0


def test_clients_get_a_503_with_retry_after_while_the_database_is_down_and_never_a_500(result):
    assert server_errors(result) == {}, result["clients"]["server_error_samples"]
    during = result["clients"]["errors_by_fault"].get("postgres_stop", {})
    assert during.get("503", 0) > 0
    assert during["503_with_retry_after"] == during["503"]
    assert during["503_with_detail"] == during["503"]


def test_the_broker_queue_stays_bounded_by_the_work_not_by_the_sweeps(result):
    n = result["config"]["submissions"]
    assert result["broker_queue"]["max_waiting"] <= MESSAGES_PER_REQUEST * n
