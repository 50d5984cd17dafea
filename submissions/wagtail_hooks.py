"""Admin wiring of requests: the pipeline's steps (failed ones first) with retry."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("pipeline/", admin_views.pipeline_steps, name="submissions_pipeline_steps"),
        path(
            "pipeline/<int:pk>/retry/",
            admin_views.pipeline_step_retry_view,
            name="submissions_pipeline_step_retry",
        ),
    ]


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users with one permission."""

    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_settings_menu_item")
def register_pipeline_menu_item():
    return PermissionMenuItem(
        _("Request pipeline"),
        reverse("submissions_pipeline_steps"),
        icon_name="cogs",
        order=900,
        permission=admin_views.VIEW_PERMISSION,
    )
