"""The system check that keeps citizens' files out of published folders."""

from cms_site.checks import private_files_check


def wizard_storage_at(location):
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": location},
    }


def test_the_configured_folders_pass():
    assert private_files_check(None) == []


def test_private_media_inside_media_root_is_an_error(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    settings.STORAGES = {**settings.STORAGES, "wizard_uploads": wizard_storage_at(tmp_path / "w")}
    (error,) = private_files_check(None)
    assert error.id == "cms_site.E001" and "PRIVATE_MEDIA_ROOT" in error.msg


def test_wizard_uploads_in_a_published_folder_are_an_error(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    for published in ("MEDIA_ROOT", "STATIC_ROOT"):
        setattr(settings, published, tmp_path / published)
        settings.STORAGES = {
            **settings.STORAGES,
            "wizard_uploads": wizard_storage_at(tmp_path / published / "wizard-uploads"),
        }
        (error,) = private_files_check(None)
        assert "wizard_uploads" in error.msg and published in error.msg


def test_storage_other_than_a_folder_is_not_checked(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "wizard_uploads": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    assert private_files_check(None) == []
