from django.urls import path, re_path

from . import views

app_name = "appointments"

urlpatterns = [
    path("visits/hall/<str:department_code>/", views.hall_screen, name="hall"),
    path("visits/hall/<str:department_code>/now.json", views.hall_now, name="hall_now"),
    path("visits/<str:token>/", views.booking_manage, name="manage"),
    path("visits/<str:token>/cancel/", views.booking_cancel_view, name="cancel"),
    path("visits/<str:token>/move/", views.booking_move_view, name="move"),
    # `<service page>/visit/`: any page path ending in /visit/, resolved to a ServicePage.
    re_path(r"^(?P<service_path>.+)/visit/$", views.booking_start, name="book"),
]
