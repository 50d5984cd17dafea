"""The editor's lock notice dated in Jalali (issue 15, item 1).

Wagtail writes «'…' was locked by … on <date>» and «… scheduled to go live at <date>» in
Python with Django's Gregorian DATETIME_FORMAT (`wagtail.utils.timestamps.render_timestamp`).
Its documented `get_lock()` on lockable models (pages, snippets) returns the lock whose
`get_message` the editor shows: `JalaliLockMixin` returns the same locks with the same
sentences (Wagtail's msgids, so its translations), the date in Jalali.
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_latest_str, get_user_display_name
from wagtail.locks import BasicLock, ScheduledForPublishLock

from .persian.filters import jalali


class JalaliBasicLock(BasicLock):
    def get_message(self, user):
        locked = self.object
        if not locked.locked_at or not (locked.locked_by_id == user.pk or locked.locked_by):
            return super().get_message(user)  # no date in these sentences
        when = jalali(locked.locked_at, "longtime")
        title = get_latest_str(locked)
        if locked.locked_by_id == user.pk:
            return format_html(
                _("<b>'{title}' was locked</b> by <b>you</b> on <b>{datetime}</b>."),
                title=title,
                datetime=when,
            )
        return format_html(
            _("<b>'{title}' was locked</b> by <b>{user}</b> on <b>{datetime}</b>."),
            title=title,
            user=get_user_display_name(locked.locked_by),
            datetime=when,
        )


class JalaliScheduledForPublishLock(ScheduledForPublishLock):
    def get_message(self, user):
        revision = self.object.scheduled_revision
        message = format_html(
            _("{model_name} '{title}' is locked and has been scheduled to go live at {datetime}"),
            model_name=self.model_name,
            title=revision.object_str,
            datetime=jalali(revision.approved_go_live_at, "longtime"),
        )
        return mark_safe(capfirst(message))  # noqa: S308 - format_html escaped it


JALALI_LOCKS = {BasicLock: JalaliBasicLock, ScheduledForPublishLock: JalaliScheduledForPublishLock}


class JalaliLockMixin:
    """For a lockable model, before Wagtail's mixins in its bases."""

    def get_lock(self):
        lock = super().get_lock()
        jalali_lock = JALALI_LOCKS.get(type(lock))
        return jalali_lock(self) if jalali_lock else lock
