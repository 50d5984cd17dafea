"""A new form's "add" page makes one form, however many saves leave it.

The add page's form carries a one-off editor session (`ServiceFormAdminForm.
editor_session`). Wagtail's autosave and the editor's own save both post to the add
address until the first answer tells the page the form's edit address; a save that
arrives once that session's form exists (or while it is being made) is sent on to the
form's edit address with its body (307), so it changes that form instead of making a
second one (issue 12: "after a failed first publish the form appears twice").
autosave-guard.js keeps the page from sending both at once; this holds without it.

The sessions are kept in the `default` cache (Redis in production). While it is
unreachable the guard steps aside and only logs: every save is made as Wagtail makes it,
so the editor's first save still makes the form (a late autosave could then make a second
one, which the script's own guard makes unlikely), never a server error.
"""

import logging
import re
import time

from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.urls import reverse
from wagtail.snippets.views.snippets import CreateView

from .shared_cache import SHARED_CACHE_UNREACHABLE

logger = logging.getLogger(__name__)

SESSION = re.compile(r"[0-9a-f]{32}")
SESSION_SECONDS = 24 * 3600
WAIT_SECONDS = 20  # for a save of the same session that is still being made
MAKING = 0  # the cache's value while the first save of a session runs


def _session_key(session: str) -> str:
    return f"formbuilder:add-session:{session}"


def _made_by_session(key: str) -> int | None:
    """The form the session has made, waiting while its first save is still running."""
    limit = time.monotonic() + WAIT_SECONDS
    while (pk := cache.get(key)) == MAKING and time.monotonic() < limit:
        time.sleep(0.1)
    return pk or None


def _session_record(key: str, made) -> None:
    """Keep the form the session made for its later saves, or, when the save was refused,
    free the session so that its next save makes the form."""
    try:
        if made is not None and made.pk:
            cache.set(key, made.pk, SESSION_SECONDS)
        else:
            cache.delete(key)
    except SHARED_CACHE_UNREACHABLE as error:
        logger.warning("The add page's save is not recorded, the cache is unreachable: %s", error)


class ServiceFormCreateView(CreateView):
    def post(self, request, *args, **kwargs):
        session = request.POST.get("editor_session", "")
        if not SESSION.fullmatch(session):
            return super().post(request, *args, **kwargs)
        key = _session_key(session)
        try:
            pk = None if cache.add(key, MAKING, SESSION_SECONDS) else _made_by_session(key)
        except SHARED_CACHE_UNREACHABLE as error:
            logger.warning(
                "The add page's saves are not guarded, the cache is unreachable: %s", error
            )
            return super().post(request, *args, **kwargs)
        if pk is not None:
            response = HttpResponseRedirect(reverse(self.edit_url_name, args=[pk]))
            response.status_code = 307  # the same POST, to the form it made
            return response
        made = None
        try:
            response = super().post(request, *args, **kwargs)
            made = getattr(self, "object", None)
        finally:
            _session_record(key, made)
        return response
