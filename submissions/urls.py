from django.urls import path, re_path

from . import citizen_views, draft_views, views

app_name = "submissions"
apply_view = views.ApplyView.as_view(url_name="submissions:apply_step")

urlpatterns = [
    path("track/", views.track, name="track"),
    path("track/sms/", views.track_status_sms, name="track_sms"),
    path("my/", citizen_views.my_requests, name="my"),
    path("my/signin/", citizen_views.my_signin, name="my_signin"),
    path("my/signout/", citizen_views.my_signout, name="my_signout"),
    path("requests/<str:access_token>/", views.confirmation, name="confirmation"),
    # A saved draft's SMS link (short: it shares one SMS with its words), and the same
    # draft opened from "my requests".
    path("d/<str:token>/", draft_views.draft_resume_by_token, name="draft_resume"),
    path("my/drafts/<int:draft_id>/", draft_views.draft_resume_mine, name="draft_resume_mine"),
    # `<service page>/apply/`: any page path ending in /apply/, resolved to a ServicePage.
    # Each step at its own URL, `<service page>/apply/<step>/` (formtools' named steps).
    re_path(r"^(?P<service_path>.+)/apply/$", apply_view, name="apply"),
    re_path(r"^(?P<service_path>.+)/apply/(?P<step>[\w-]+)/$", apply_view, name="apply_step"),
    # "Save and continue later" from any step: the draft saved, or the mobile to send it to.
    re_path(r"^(?P<service_path>.+)/save-draft/$", draft_views.draft_save_page, name="draft_save"),
]
