"""The citizen's flow on a phone: a URL per step (Post/Redirect/Get) and uploads kept
when another answer on the step is wrong (issue 15, item 7)."""

import pytest

from submissions.models import SubmissionFile

from .conftest import PDF_BYTES
from .test_apply import APPLY, Wizard, pdf, step1

pytestmark = pytest.mark.django_db


def test_every_step_is_reached_by_a_redirect_to_its_own_url(client, service):
    first = client.get(APPLY)
    assert (first.status_code, first["Location"]) == (302, APPLY + "s1/")
    assert client.get(APPLY + "s1/").status_code == 200
    response = client.post(
        APPLY + "s1/",
        {f"khedmat_wizard_{service.pk}-current_step": "s1", **prefixed("s1", step1())},
    )
    assert (response.status_code, response["Location"]) == (302, APPLY + "s2/")
    # Reload the second step, then Back to the first: pages, with the answers kept.
    assert "مشخصات ملک" in client.get(APPLY + "s2/").content.decode()
    back = client.get(APPLY + "s1/")
    assert back.status_code == 200 and 'value="علي رضايي"' in back.content.decode()
    # The wizard's own URL resumes at the step the citizen was last shown.
    assert client.get(APPLY)["Location"] == APPLY + "s1/"


def test_a_step_url_never_sends_and_an_unknown_one_goes_back(client, service):
    wizard = Wizard(client, APPLY, service)
    wizard.fill_every_step(area="50")
    assert wizard.redirected_to == APPLY + "review/"
    for step in ("done", "nope"):
        response = client.get(APPLY + step + "/")
        assert (response.status_code, response["Location"]) == (302, APPLY + "review/")
    response = client.post(
        APPLY + "review/",
        {f"khedmat_wizard_{service.pk}-current_step": "review", "review-confirm": "on"},
    )
    assert response["Location"].startswith("/requests/")


def test_a_new_visitor_on_a_later_step_starts_at_the_first(client, service):
    response = client.get(APPLY + "s2/")
    assert (response.status_code, response["Location"]) == (302, APPLY + "s1/")
    assert not client.session.keys()


def test_a_valid_upload_is_kept_when_another_answer_is_wrong(client, service):
    wizard = Wizard(client, APPLY, service)
    wizard.post("s1", step1())
    response = wizard.post("s2", {"area": "not a number"}, {"deed": pdf("plan.pdf")})
    html = response.content.decode()
    assert response.status_code == 200 and 'href="#id_s2-area"' in html
    # Shown as uploaded, with its size in Persian digits and a way to remove it.
    size = f"{len(PDF_BYTES)}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert "<bdi>plan.pdf</bdi>، " + size in html
    assert 'name="wizard_remove_file" value="s2-deed"' in html
    # Sent again with the mistake fixed and no file chosen: the file is there.
    review = wizard.post("s2", {"area": "50"}).content.decode()
    assert "پاسخ‌هایتان را پیش از ارسال بررسی کنید" in review and "plan.pdf" in review
    wizard.post("review", {"confirm": "on"})
    assert SubmissionFile.objects.get().original_name == "plan.pdf"


def test_a_kept_upload_can_be_removed(client, service):
    wizard = Wizard(client, APPLY, service)
    wizard.post("s1", step1())
    wizard.post("s2", {"area": "x"}, {"deed": pdf("plan.pdf")})
    html = wizard.post("s2", {"area": "x"}, wizard_remove_file="s2-deed").content.decode()
    assert "plan.pdf" not in html
    html = wizard.post("s2", {"area": "50"}).content.decode()
    assert 'href="#id_s2-deed"' in html and "plan.pdf" not in html


def prefixed(step, data):
    return {f"{step}-{key}": value for key, value in data.items()}
