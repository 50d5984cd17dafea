from django.urls import path, re_path

from . import views

app_name = "submissions"

urlpatterns = [
    path("track/", views.track, name="track"),
    path("track/sms/", views.track_status_sms, name="track_sms"),
    path("requests/<str:access_token>/", views.confirmation, name="confirmation"),
    # `<service page>/apply/`: any page path ending in /apply/, resolved to a ServicePage.
    re_path(r"^(?P<service_path>.+)/apply/$", views.ApplyView.as_view(), name="apply"),
]
