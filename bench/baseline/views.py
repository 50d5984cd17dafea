"""The floors our form flow is compared with.

`bare_form`: a plain form page, and a POST that stores the answers as one JSON row. No
form class, no validation, no session: only what every Django view pays for (the
project's middleware, CSRF included, and one INSERT).

`same_writes`: the API's floor. A JSON POST that writes exactly the rows our API's
`submission_create` writes (the submission under a new tracking code, its history row
through django-simple-history's signal, its first event, its pipeline steps), in one
transaction, without what the API adds around them: no validation of the answers
against the form's schema, no rate limits, no DRF (parsers, serializers, content
negotiation), no hand-off of the pipeline to the broker after commit.
"""

import json

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from catalog.models import ServicePage
from formbuilder.models import FormVersion
from submissions.constants import EventKind, Status
from submissions.models import PipelineStep, Submission, SubmissionEvent
from submissions.pipeline import pipeline
from submissions.tracking import tracking_code_generate

from .models import BareSubmission
from .questions import QUESTIONS


def bare_form(request):
    if request.method == "POST":
        data = {
            key: values if len(values) > 1 else values[0]
            for key, values in request.POST.lists()
            if key != "csrfmiddlewaretoken"
        }
        row = BareSubmission.objects.create(data=data)
        return HttpResponse(f'<p data-bench="bare-saved">{row.pk}</p>')
    return render(
        request, "baseline/bare_form.html", {"names": [question.key for question in QUESTIONS]}
    )


@csrf_exempt  # as the API: an anonymous JSON client has no CSRF cookie
@require_POST
def same_writes(request, service_code: str):
    answers = json.loads(request.body)["data"]
    service = ServicePage.objects.only("pk", "service_form_id").get(service_code=service_code)
    version = (
        FormVersion.objects.filter(form_id=service.service_form_id).order_by("-number").first()
    )
    with transaction.atomic():
        submission = Submission(
            service=service,
            form_version=version,
            data=answers,
            mobile=answers["mobile"],
            national_id=answers["national_id"],
            tracking_code=tracking_code_generate(),
        )
        submission.save()
        SubmissionEvent.objects.create(
            submission=submission, kind=EventKind.SUBMITTED, status=Status.SUBMITTED
        )
        PipelineStep.objects.bulk_create(
            [PipelineStep(submission=submission, name=step.name) for step in pipeline]
        )
    return JsonResponse({"tracking_code": submission.tracking_code}, status=201)
