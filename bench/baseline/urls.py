"""The bench's URLs: the floors first, then the whole site (Wagtail's catch-all last)."""

from django.urls import path

from cms_site.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("bench/bare/", views.bare_form, name="bench-bare"),
    path("bench/same-writes/<str:service_code>/", views.same_writes, name="bench-same"),
    *site_urlpatterns,
]
