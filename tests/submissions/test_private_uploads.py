"""Citizens' files, online and at the desk: private, unguessable, the uploading session's
only, gone when the application ends or is abandoned."""

import importlib
import os
import re
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client
from django.urls import clear_url_caches

import cms_site.urls
from submissions.models import Submission, SubmissionFile
from tests.factories import user_with_permissions

from .conftest import PDF_BYTES
from .test_apply import APPLY, Wizard, pdf, step1

pytestmark = pytest.mark.django_db

DESK = "/admin/desk/10061077000/"
CITIZEN_NAME = "کارت ملی علی رضایی.pdf"
DESK_NAME = "شناسنامه.pdf"
RANDOM_NAME = re.compile(r"^[0-9a-f]{32}$")


def files_under(root) -> set[Path]:
    return {path for path in Path(root).rglob("*") if path.is_file()}


def wizard_files() -> set[Path]:
    return files_under(storages["wizard_uploads"].location)


def online(service) -> Wizard:
    return Wizard(Client(), APPLY, service)


def desk(service, clerk_name="clerk") -> Wizard:
    client = Client()
    client.force_login(user_with_permissions(clerk_name, "submissions.add_submission"))
    wizard = Wizard(client, DESK, service)
    wizard.prefix = f"khedmat_wizard_desk_{service.pk}"
    return wizard


def upload(wizard: Wizard, name: str) -> None:
    wizard.post("s1", step1())
    review = wizard.post("s2", {"area": "120"}, {"deed": pdf(name)})
    assert "پاسخ‌هایتان را پیش از ارسال بررسی کنید" in review.content.decode()


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    """The project's URLs as `make run` (DEBUG: /media/ served) or production builds them."""
    settings.DEBUG = request.param
    importlib.reload(cms_site.urls)
    clear_url_caches()
    yield request.param
    settings.DEBUG = False
    importlib.reload(cms_site.urls)
    clear_url_caches()


def urls_of(path: Path, *citizen_names: str) -> list[str]:
    """Every URL a stored file could be fetched by, if anything published it."""
    relative = path.relative_to(django_settings.PRIVATE_MEDIA_ROOT).as_posix()
    urls = [
        f"/media/{relative}",
        f"/media/{path.name}",
        f"/media/wizard-uploads/{path.name}",
        f"/media/private-media/{relative}",
        f"/private-media/{relative}",
        f"/{relative}",
    ]
    for name in citizen_names:
        urls += [f"/media/wizard-uploads/{quote(name)}", f"/media/{quote(name)}"]
    return urls


def assert_unreachable(paths, *citizen_names):
    anonymous = Client()
    for path in paths:
        for url in urls_of(path, *citizen_names):
            response = anonymous.get(url, follow=True)  # a slash appended, then 404
            assert response.status_code == 404, url
            assert PDF_BYTES not in response.content, url


def test_no_upload_is_reachable_by_any_url(debug, service):
    media = Path(django_settings.MEDIA_ROOT)
    # The control: what lies under MEDIA_ROOT is served when DEBUG is on.
    control = media / "wizard-uploads" / "control.pdf"
    control.parent.mkdir(parents=True, exist_ok=True)
    control.write_bytes(PDF_BYTES)
    try:
        served = Client().get("/media/wizard-uploads/control.pdf")
        assert served.status_code == (200 if debug else 404)
    finally:
        control.unlink()
    media_before = files_under(media)
    private_before = files_under(django_settings.PRIVATE_MEDIA_ROOT)

    citizen, clerk = online(service), desk(service)
    upload(citizen, CITIZEN_NAME)
    upload(clerk, DESK_NAME)

    in_progress = files_under(django_settings.PRIVATE_MEDIA_ROOT) - private_before
    assert len(in_progress) == 2
    assert in_progress <= wizard_files()
    assert files_under(media) == media_before  # nothing a web server publishing /media/ has
    assert_unreachable(in_progress, CITIZEN_NAME, DESK_NAME)

    citizen.post("review", {"confirm": "on"})
    clerk.post("review", {"confirm": "on"})
    assert Submission.objects.count() == 2
    submitted = files_under(django_settings.PRIVATE_MEDIA_ROOT) - private_before
    assert len(submitted) == 2 and not submitted & in_progress
    assert files_under(media) == media_before
    assert_unreachable(submitted | in_progress, CITIZEN_NAME, DESK_NAME)
    # The checked view of submitted files wants a signed-in member of the request's unit.
    for stored in SubmissionFile.objects.select_related("submission"):
        code = stored.submission.tracking_code
        response = Client().get(f"/admin/cartable/{code}/files/{stored.pk}/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_file_is_stored_under_a_random_name_and_shown_under_its_own(service):
    before = wizard_files()
    citizen = online(service)
    upload(citizen, "کارت\u202eملی.pdf")  # a direction override, to disguise the name

    (stored,) = wizard_files() - before
    assert RANDOM_NAME.match(stored.name)
    page = citizen.client.get(APPLY, follow=True).content.decode()  # back on the review page
    assert "کارتملی.pdf" in page and "\u202e" not in page
    citizen.post("review", {"confirm": "on"})
    submitted = SubmissionFile.objects.get()
    assert submitted.original_name == "کارتملی.pdf"
    assert "کارت" not in submitted.file.name


@pytest.mark.parametrize("start", [online, desk], ids=["online", "desk"])
def test_another_session_cannot_use_an_upload(start, service):
    before = wizard_files()
    first = start(service)
    upload(first, CITIZEN_NAME)
    (stored,) = wizard_files() - before

    other = start(service) if start is online else desk(service, "clerk2")
    other.post("s1", step1())
    page = other.client.get(other.url).content.decode()
    assert CITIZEN_NAME not in page and "deed.pdf" not in page
    # Even knowing the stored name, a field of its own cannot point at it.
    response = other.post("s2", {"area": "120", "deed": stored.name})
    assert "«سند مالکیت» را بارگذاری کنید" in response.content.decode()
    assert other.post("review", {"confirm": "on"}).status_code == 200
    assert not Submission.objects.exists()
    assert stored.read_bytes() == PDF_BYTES  # the owner's file, untouched


@pytest.mark.parametrize("end", ["finish", "restart"])
def test_the_wizards_files_go_when_it_finishes_or_restarts(end, service):
    before = wizard_files()
    citizen = online(service)
    upload(citizen, CITIZEN_NAME)
    assert len(wizard_files() - before) == 1
    if end == "finish":
        assert citizen.post("review", {"confirm": "on"}).status_code == 302
    else:
        assert citizen.client.get(APPLY + "?restart", follow=True).status_code == 200
    assert wizard_files() - before == set()


def test_replacing_a_file_deletes_the_old_one_and_keeping_one_stores_no_copy(service):
    before = wizard_files()
    citizen = online(service)
    upload(citizen, "a.pdf")
    (first,) = wizard_files() - before

    citizen.post("review", wizard_goto_step="s2")
    citizen.post("s2", {"area": "120"})  # the file kept, not sent again
    assert wizard_files() - before == {first}

    citizen.post("review", wizard_goto_step="s2")
    review = citizen.post("s2", {"area": "120"}, {"deed": pdf("b.pdf")}).content.decode()
    (second,) = wizard_files() - before
    assert second != first and "b.pdf" in review and "a.pdf" not in review
    citizen.post("review", {"confirm": "on"})
    assert SubmissionFile.objects.get().original_name == "b.pdf"


def test_abandoned_uploads_are_deleted_without_beat(service):
    """The embedded default has no beat: a new upload starts the cleanup, once an interval."""
    storage = storages["wizard_uploads"]

    def aged(seconds):
        name = storage.save("abandoned", ContentFile(PDF_BYTES))
        then = time.time() - seconds
        os.utime(storage.path(name), (then, then))
        return name

    abandoned, recent = aged(2 * 24 * 60 * 60), aged(60 * 60)
    upload(online(service), CITIZEN_NAME)
    assert not storage.exists(abandoned)
    assert storage.exists(recent)

    later = aged(2 * 24 * 60 * 60)
    upload(online(service), CITIZEN_NAME)
    assert storage.exists(later)  # not twice in one interval

    from django.core.cache import cache

    cache.clear()  # the interval has passed
    upload(online(service), CITIZEN_NAME)
    assert not storage.exists(later)


def test_a_failing_cleanup_does_not_cost_the_citizen_their_step(service, monkeypatch):
    from formbuilder import wizard

    def broker_down():
        raise ConnectionError("broker down")

    monkeypatch.setattr(wizard.wizard_uploads_cleanup, "delay", broker_down)
    upload(online(service), CITIZEN_NAME)  # reaches the review page


def test_an_upload_deleted_while_away_is_asked_for_again(service):
    before = wizard_files()
    citizen = online(service)
    upload(citizen, CITIZEN_NAME)
    (stored,) = wizard_files() - before
    stored.unlink()  # the cleanup took it while the citizen was away

    response = citizen.post("review", {"confirm": "on"})
    assert response.status_code == 200
    assert "«سند مالکیت» را بارگذاری کنید" in response.content.decode()
    assert not Submission.objects.exists()
    upload(citizen, CITIZEN_NAME)
    assert citizen.post("review", {"confirm": "on"}).status_code == 302
    assert SubmissionFile.objects.get().original_name == CITIZEN_NAME
