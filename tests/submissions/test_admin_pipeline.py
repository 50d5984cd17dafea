"""Admin: the pipeline's failed steps, who may see them and who may retry them."""

import pytest
from django.utils import timezone

from submissions.constants import StepState
from submissions.models import PipelineStep
from tests.factories import (
    DepartmentFactory,
    department_staff,
    submission_routed,
    user_with_permissions,
)

pytestmark = pytest.mark.django_db

LIST = "/admin/pipeline/"
RETRY_PERMISSIONS = ("submissions.view_pipelinestep", "submissions.change_pipelinestep")


@pytest.fixture
def failed_step(service):
    # Steps are pending; nothing ran (no commit). Routed to a unit whose staff see it.
    submission = submission_routed(service)
    step = PipelineStep.objects.get(submission=submission, name="receipt")
    PipelineStep.objects.filter(pk=step.pk).update(
        state=StepState.FAILED, attempts=6, last_error="OSError: disk full"
    )
    step.refresh_from_db()
    return step


@pytest.fixture
def retrier(failed_step):
    """Staff of the unit the failed step's request was routed to, who may retry it."""
    return department_staff(failed_step.submission.department, "staff1", *RETRY_PERMISSIONS)


def test_staff_see_failed_steps_with_their_error(client, failed_step, retrier):
    client.force_login(retrier)
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "OSError: disk full" in page
    assert f"/admin/pipeline/{failed_step.pk}/retry/" in page


def test_retry_runs_the_step_again(
    client, failed_step, django_capture_on_commit_callbacks, retrier
):
    client.force_login(retrier)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pipeline/{failed_step.pk}/retry/", {"next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST
    failed_step.refresh_from_db()
    assert failed_step.state == StepState.DONE
    assert failed_step.submission.receipt.size > 0


def test_retry_never_redirects_off_site(client, failed_step, retrier):
    client.force_login(retrier)
    response = client.post(
        f"/admin/pipeline/{failed_step.pk}/retry/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == LIST


def test_a_done_step_is_not_run_again(client, failed_step, retrier):
    PipelineStep.objects.filter(pk=failed_step.pk).update(
        state=StepState.DONE, finished_at=timezone.now()
    )
    client.force_login(retrier)
    client.post(f"/admin/pipeline/{failed_step.pk}/retry/")
    failed_step.refresh_from_db()
    assert failed_step.state == StepState.DONE and failed_step.attempts == 6


def test_managers_see_but_cannot_retry(client, failed_step):
    client.force_login(
        user_with_permissions(
            "manager1", "submissions.view_pipelinestep", "submissions.view_all_submissions"
        )
    )
    page = client.get(LIST)
    assert page.status_code == 200
    assert f"/admin/pipeline/{failed_step.pk}/retry/" not in page.content.decode()
    denied = client.post(f"/admin/pipeline/{failed_step.pk}/retry/")
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")  # Wagtail's "no"
    failed_step.refresh_from_db()
    assert failed_step.state == StepState.FAILED


def test_others_cannot_see_the_pipeline(client, failed_step):
    client.force_login(user_with_permissions("editor1"))
    denied = client.get(LIST)
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")


def test_filters_by_state_and_step(client, failed_step):
    client.force_login(
        department_staff(
            failed_step.submission.department, "staff1", "submissions.view_pipelinestep"
        )
    )
    assert "disk full" not in client.get(LIST + "?state=done").content.decode()
    assert "disk full" not in client.get(LIST + "?state=all&step=sms_received").content.decode()
    assert "disk full" in client.get(LIST + "?state=all&step=receipt").content.decode()
    assert client.get(LIST + "?state=bogus&p=x").status_code == 200


def test_staff_of_another_unit_neither_see_nor_retry(
    client, failed_step, django_capture_on_commit_callbacks
):
    client.force_login(department_staff(DepartmentFactory(), "staff2", *RETRY_PERMISSIONS))
    page = client.get(LIST + "?state=all").content.decode()
    assert "disk full" not in page
    assert f"/admin/pipeline/{failed_step.pk}/retry/" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pipeline/{failed_step.pk}/retry/")
    assert response.status_code == 404
    failed_step.refresh_from_db()
    assert failed_step.state == StepState.FAILED and failed_step.attempts == 6
