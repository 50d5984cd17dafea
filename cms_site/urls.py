import re

from django.conf import settings
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from appointments import api as appointments_api
from catalog import api as catalog_api
from cms_site import admin_reports, health, metrics
from cms_site.signin import views as signin_views
from routing import api as routing_api
from submissions import api as submissions_api
from submissions import api_otp, api_staff

api_v1 = [
    path("services/", catalog_api.ServiceListView.as_view(), name="service-list"),
    path(
        "services/<str:service_code>/",
        catalog_api.ServiceDetailView.as_view(),
        name="service-detail",
    ),
    path(
        "services/<str:service_code>/submissions/",
        submissions_api.SubmissionCreateView.as_view(),
        name="submission-create",
    ),
    path(
        "services/<str:service_code>/slots/",
        appointments_api.FreeSlotsView.as_view(),
        name="service-slots",
    ),
    path(
        "services/<str:service_code>/bookings/",
        appointments_api.BookView.as_view(),
        name="booking-create",
    ),
    path(
        "bookings/<str:code>/cancel/", appointments_api.CancelView.as_view(), name="booking-cancel"
    ),
    path("bookings/<str:code>/move/", appointments_api.MoveView.as_view(), name="booking-move"),
    path("track/", submissions_api.TrackView.as_view(), name="track"),
    path("track/sms/", submissions_api.StatusSmsView.as_view(), name="track-sms"),
    path("otp/", api_otp.OtpSendView.as_view(), name="otp"),
    path("otp/verify/", api_otp.OtpVerifyView.as_view(), name="otp-verify"),
    path("submissions/", api_staff.SubmissionListView.as_view(), name="staff-submission-list"),
    path(
        "submissions/<str:tracking_code>/",
        api_staff.SubmissionDetailView.as_view(),
        name="staff-submission-detail",
    ),
    path(
        "submissions/<str:tracking_code>/transitions/",
        api_staff.SubmissionTransitionView.as_view(),
        name="staff-submission-transition",
    ),
    path(
        "automation/events/",
        routing_api.AutomationEventView.as_view(),
        name="automation-events",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

# A database that is down is a 503 with Retry-After, not a 500 (cms_site/outage.py).
handler500 = "cms_site.outage.server_error"

urlpatterns = [
    # Before Wagtail's own: signing out only by POST (cms_site/signin/views.py).
    path("admin/logout/", signin_views.logout, name="signin_logout"),
    # Before Wagtail's own: its reports with Jalali filters and exports (cms_site/admin_reports.py).
    *admin_reports.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include((api_v1, "api"))),
    path("i18n/", include("django.conf.urls.i18n")),
    # For the load balancer and the operators (README, "Health and metrics").
    path("health/", health.HealthView.as_view(), name="health"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("", include("appointments.urls")),
    path("", include("receipts.urls")),
    path("", include("submissions.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # `make run` (settings/dev.py), DEBUG on or off; a web server does this in production.
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Wagtail's page serving last: it catches every other path.
urlpatterns += [path("", include(wagtail_urls))]
