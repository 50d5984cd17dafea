"""The bench's URLs: the bare view first, then the whole site (Wagtail's catch-all last)."""

from django.urls import path

from cms_site.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("bench/bare/", views.bare_form, name="bench-bare"),
    *site_urlpatterns,
]
