"""Reads of routing: which rule a request matches."""

from catalog.models import ServiceCategoryPage
from formbuilder.conditions import condition_evaluate
from formbuilder.schema import condition_from_block
from submissions.models import Submission

from .models import RoutingRule


def rule_condition(rule: RoutingRule) -> dict | None:
    """The rule's condition on the answers, in DESIGN.md's shape (None: any answers)."""
    for block in rule.answer_condition:
        return condition_from_block(block.value)
    return None


def _category_id(submission: Submission) -> int | None:
    parent = submission.service.get_parent()
    return parent.pk if parent and isinstance(parent.specific, ServiceCategoryPage) else None


def rule_matches(rule: RoutingRule, submission: Submission) -> bool:
    """Whether every "when" of the rule holds for the request (empty ones always do)."""
    service_ids = {service.pk for service in rule.services.all()}
    if service_ids and submission.service_id not in service_ids:
        return False
    category_ids = {category.pk for category in rule.categories.all()}
    if category_ids and _category_id(submission) not in category_ids:
        return False
    if rule.channel and rule.channel != submission.channel:
        return False
    return condition_evaluate(rule_condition(rule), submission.data)


def rule_for_submission(submission: Submission) -> RoutingRule | None:
    """The first active rule that matches, in order; else the default rule (or None)."""
    rules = RoutingRule.objects.filter(is_active=True).prefetch_related("services", "categories")
    for rule in rules.filter(is_default=False):
        if rule_matches(rule, submission):
            return rule
    return rules.filter(is_default=True).first()
