"""The floor: a plain form page, and a POST that stores the answers as one JSON row.

No form class, no validation, no session: only what every Django view pays for
(the project's middleware, CSRF included, and one INSERT).
"""

from django.http import HttpResponse
from django.shortcuts import render

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
