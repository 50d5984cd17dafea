"""Admin: which routing rule a request matches, and why (to check rules before relying on them)."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from submissions.selectors import submissions_visible_to
from submissions.tracking import tracking_code_normalise

from .models import RoutingRule
from .selectors import rule_for_submission, rule_matches


def rule_test(request):
    if not request.user.has_perm("routing.view_routingrule"):
        raise PermissionDenied
    raw = request.GET.get("code", "")
    code = tracking_code_normalise(raw) if raw else None
    # A request out of the user's sight is "not found", like the cartable's 404.
    submission = submissions_visible_to(request.user).filter(tracking_code=code).first()
    rows, chosen = [], None
    if submission is not None:
        chosen = rule_for_submission(submission)
        for rule in RoutingRule.objects.filter(is_active=True).prefetch_related(
            "services", "categories"
        ):
            rows.append(
                {"rule": rule, "matches": rule.is_default or rule_matches(rule, submission)}
            )
    return TemplateResponse(
        request,
        "routing/rule_test.html",
        {
            "page_title": _("Which rule matches?"),
            "header_icon": "resubmit",
            "code": raw,
            "submission": submission,
            "not_found": bool(raw) and submission is None,
            "rows": rows,
            "chosen": chosen,
            "routing": getattr(submission, "routing", None) if submission else None,
        },
    )
