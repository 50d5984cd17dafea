"""The admin for a Persian reader (the site's typeface and Persian list numbering, Persian
digits in what Wagtail's scripts draw after load, Jalali page history), and what every
editor of the admin shares."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_persian_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def admin_persian_digits_js():
    # Counters, «n selected», the minimap… drawn by Wagtail's scripts (static/js/admin-digits.js).
    return format_html('<script src="{}" defer></script>', static("js/admin-digits.js"))


# After Wagtail's own base page viewset (registered for Page by wagtail.admin's hook, which
# runs later than ours by app order): the same views, page history in Jalali.
@hooks.register("register_admin_viewset", order=100)
def register_jalali_page_viewset():
    from cms_site.admin_reports import JalaliPageViewSet

    return JalaliPageViewSet(name="khedmat_pages")


@hooks.register("insert_editor_js")
def autosave_guard_js():
    """No autosave after the editor saves or publishes (static/js/autosave-guard.js)."""
    return format_html('<script src="{}"></script>', static("js/autosave-guard.js"))
