"""The admin's look for a Persian reader (the site's typeface and Persian list numbering),
and what every editor of the admin shares."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_persian_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_editor_js")
def autosave_guard_js():
    """No autosave after the editor saves or publishes (static/js/autosave-guard.js)."""
    return format_html('<script src="{}"></script>', static("js/autosave-guard.js"))
