from django import forms
from django.utils.translation import gettext_lazy as _

from formbuilder.persian.text import text_clean

from .survey import SURVEY_COMMENT_MAX_LENGTH

# From 1 (very poor) to 5 (very good), as receipts.survey.survey_answer expects.
SCORE_CHOICES = [
    (1, _("Very poor")),
    (2, _("Poor")),
    (3, _("Fair")),
    (4, _("Good")),
    (5, _("Very good")),
]


def score_field(label, help_text) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose an answer for this question."),
            "invalid_choice": _("Choose one of the five answers."),
        },
    )


class SurveyForm(forms.Form):
    """The satisfaction survey: the instruction's axes, each 1 to 5, and a comment.

    The field names are receipts.constants.SURVEY_SCORES (and `comment`).
    """

    overall = score_field(
        _("Overall satisfaction"), _("Overall, how satisfied are you with this service?")
    )
    transparency = score_field(
        _("Transparency of the process"),
        _("Were the steps, the documents needed and the decision clear to you?"),
    )
    responsiveness = score_field(
        _("Responsiveness and accountability"),
        _("Were your questions answered, and did someone take responsibility for your request?"),
    )
    timeliness = score_field(_("Timeliness"), _("Was the work done within the committed time?"))
    staff_conduct = score_field(
        _("Staff conduct"), _("Were you treated with respect and courtesy?")
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        help_text=_("Optional: anything we should do better, or did well."),
        # The length is checked once line breaks are normalised (a browser sends \r\n
        # but counts one character), in clean_comment.
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": SURVEY_COMMENT_MAX_LENGTH}),
    )

    def clean_comment(self) -> str:
        comment = text_clean(self.cleaned_data["comment"], multiline=True)
        if len(comment) > SURVEY_COMMENT_MAX_LENGTH:
            raise forms.ValidationError(_("Write at most 1,000 characters."), code="max_length")
        return comment

    def scores(self) -> dict[str, int]:
        """The valid answers as `survey_answer` takes them."""
        return {name: value for name, value in self.cleaned_data.items() if name != "comment"}
