import os
import time

from formbuilder import tasks


def test_abandoned_wizard_uploads_are_deleted(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "WIZARD_UPLOADS", tmp_path)
    old = tmp_path / "old.pdf"
    fresh = tmp_path / "nested" / "fresh.pdf"
    fresh.parent.mkdir()
    old.write_bytes(b"%PDF")
    fresh.write_bytes(b"%PDF")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))

    assert tasks.wizard_uploads_cleanup() == 1
    assert not old.exists()
    assert fresh.exists()


def test_cleanup_without_uploads_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "WIZARD_UPLOADS", tmp_path / "missing")
    assert tasks.wizard_uploads_cleanup() == 0
