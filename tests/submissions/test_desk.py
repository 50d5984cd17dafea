"""The in-person desk: a clerk fills the same form for a citizen; channel "in person"."""

import pytest

from submissions.models import Submission
from tests.factories import user_with_permissions

from .test_apply import Wizard

pytestmark = pytest.mark.django_db

DESK = "/admin/desk/10061077000/"


def test_a_clerk_registers_an_in_person_request(client, service):
    clerk = user_with_permissions("clerk", "submissions.add_submission")
    client.force_login(clerk)
    listing = client.get("/admin/desk/").content.decode()
    assert DESK in listing
    wizard = Wizard(client, DESK, service)
    wizard.prefix = f"khedmat_wizard_desk_{service.pk}"
    assert client.get(DESK, follow=True).status_code == 200
    wizard.fill_every_step(area="120")
    response = wizard.post("review", {"confirm": "on"})
    submission = Submission.objects.get()
    assert response["Location"] == f"/requests/{submission.access_token}/"
    assert submission.channel == "in_person" and submission.created_by == clerk


def test_the_desk_needs_its_permission(client, service):
    client.force_login(user_with_permissions("editor1"))
    for url in ("/admin/desk/", DESK):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_an_unknown_service_is_404(client, service):
    client.force_login(user_with_permissions("clerk", "submissions.add_submission"))
    assert client.get("/admin/desk/99999/").status_code == 404
