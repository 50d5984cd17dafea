"""Admin wiring of requests: the cartable, the in-person desk, and the pipeline's steps
(failed ones first) with retry."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, desk
from .cartable import views as cartable


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "pipeline/",
            admin_views.PipelineStepIndexView.as_view(),
            name="submissions_pipeline_steps",
        ),
        path(
            "pipeline/results/",
            admin_views.PipelineStepIndexView.as_view(results_only=True),
            name="submissions_pipeline_steps_results",
        ),
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


# The staff cartable (کارتابل) --------------------------------------------------------


@hooks.register("register_admin_urls")
def register_cartable_urls():
    return [
        path("cartable/", cartable.inbox, name="submissions_cartable_inbox"),
        path(
            "cartable/<str:tracking_code>/",
            cartable.detail,
            name="submissions_cartable_detail",
        ),
        path(
            "cartable/<str:tracking_code>/files/<int:pk>/",
            cartable.file_download,
            name="submissions_cartable_file",
        ),
        path(
            "cartable/<str:tracking_code>/<slug:name>/",
            cartable.action,
            name="submissions_cartable_action",
        ),
    ]


class CartableMenuItem(MenuItem):
    """Shown to staff with a view permission and to members of a department."""

    def is_shown(self, request):
        return cartable.cartable_may_enter(request.user)


@hooks.register("register_admin_menu_item")
def register_cartable_menu_item():
    return CartableMenuItem(
        _("Cartable"), reverse("submissions_cartable_inbox"), icon_name="tasks", order=150
    )


# The in-person desk (submissions/desk.py).


@hooks.register("register_admin_urls")
def register_desk_urls():
    desk_apply = desk.DeskApplyView.as_view(url_name="submissions_desk_apply_step")
    return [
        path("desk/", desk.desk_services, name="submissions_desk"),
        path("desk/<str:service_code>/", desk_apply, name="submissions_desk_apply"),
        path("desk/<str:service_code>/<str:step>/", desk_apply, name="submissions_desk_apply_step"),
    ]


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return PermissionMenuItem(
        _("In-person desk"),
        reverse("submissions_desk"),
        icon_name="user",
        order=150,
        permission="submissions.add_submission",
    )
