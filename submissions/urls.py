from django.urls import path, re_path

from . import views

app_name = "submissions"
apply_view = views.ApplyView.as_view(url_name="submissions:apply_step")

urlpatterns = [
    path("track/", views.track, name="track"),
    path("track/sms/", views.track_status_sms, name="track_sms"),
    path("requests/<str:access_token>/", views.confirmation, name="confirmation"),
    # `<service page>/apply/`: any page path ending in /apply/, resolved to a ServicePage.
    # Each step at its own URL, `<service page>/apply/<step>/` (formtools' named steps).
    re_path(r"^(?P<service_path>.+)/apply/$", apply_view, name="apply"),
    re_path(r"^(?P<service_path>.+)/apply/(?P<step>[\w-]+)/$", apply_view, name="apply_step"),
]
