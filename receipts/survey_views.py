"""The satisfaction survey page, reached only through the link in its SMS."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .forms import SurveyForm
from .survey import SurveyAlreadyAnswered, survey_answer, survey_by_token

THANKS, ANSWERED = "thanks", "answered"


@require_http_methods(["GET", "POST"])
def survey(request, token: str):
    """`/survey/<token>/`: the form, then thanks; an answered survey shows no form again."""
    survey = survey_by_token(token=token)
    if survey is None:
        raise Http404
    if survey.answered_at is not None:
        return _survey_render(request, survey, state=ANSWERED)
    if request.method != "POST":
        return _survey_render(request, survey, form=SurveyForm())
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return _survey_render(request, survey, form=form, status=400)
    try:
        survey_answer(survey=survey, scores=form.scores(), comment=form.cleaned_data["comment"])
    except SurveyAlreadyAnswered:  # answered in another tab meanwhile
        return _survey_render(request, survey, state=ANSWERED)
    except ValidationError as error:  # the form checks the same rules; kept for safety
        form.add_error(None, error)
        return _survey_render(request, survey, form=form, status=400)
    return _survey_render(request, survey, state=THANKS)


def _survey_render(request, survey, *, form=None, state: str = "", status: int = 200):
    response = render(
        request,
        "receipts/survey.html",
        {
            "survey": survey,
            "submission": survey.submission,
            "service": survey.submission.service,
            "form": form,
            "state": state,
        },
        status=status,
    )
    # The token in the address is the only key: never indexed or sent on (nor cached:
    # cms_site/middleware.py PrivateAnswersMiddleware).
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
