from django.urls import path

from . import survey_views, views

app_name = "receipts"

urlpatterns = [
    path("requests/<str:access_token>/receipt.pdf", views.receipt_pdf, name="receipt"),
    # Short: the link goes into a one-part SMS.
    path("s/<str:token>/", survey_views.survey, name="survey"),
]
