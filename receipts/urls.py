from django.urls import path

from . import views

app_name = "receipts"

urlpatterns = [
    path("requests/<str:access_token>/receipt.pdf", views.receipt_pdf, name="receipt"),
]
