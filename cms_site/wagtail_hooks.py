"""The admin's look for a Persian reader: the site's typeface and Persian list numbering."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_persian_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
