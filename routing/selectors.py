"""Reads of routing: which rule a request matches, and which unit receives a service's
requests."""

from dataclasses import dataclass, field

from catalog.models import Department, ServiceCategoryPage, ServicePage
from formbuilder.conditions import condition_evaluate
from formbuilder.schema import condition_from_block
from submissions.models import Submission

from .models import RoutingRule


def rule_condition(rule: RoutingRule) -> dict | None:
    """The rule's condition on the answers, in DESIGN.md's shape (None: any answers)."""
    for block in rule.answer_condition:
        return condition_from_block(block.value)
    return None


def _category_id(service: ServicePage, parent=None) -> int | None:
    parent = parent or (service.get_parent() if service.pk else None)
    return parent.pk if parent and isinstance(parent.specific, ServiceCategoryPage) else None


def _rule_covers_service(rule: RoutingRule, service_id: int, category_id: int | None) -> bool:
    """The rule's "which service" whens: its services and categories (empty: every one)."""
    service_ids = {service.pk for service in rule.services.all()}
    if service_ids and service_id not in service_ids:
        return False
    category_ids = {category.pk for category in rule.categories.all()}
    return not category_ids or category_id in category_ids


def rule_matches(rule: RoutingRule, submission: Submission) -> bool:
    """Whether every "when" of the rule holds for the request (empty ones always do)."""
    if not _rule_covers_service(rule, submission.service_id, _category_id(submission.service)):
        return False
    if rule.channel and rule.channel != submission.channel:
        return False
    return condition_evaluate(rule_condition(rule), submission.data)


def rule_for_submission(submission: Submission) -> RoutingRule | None:
    """The first active rule that matches, in order; else the default rule (or None)."""
    # One read of the active rules (in their order), the default one among them.
    rules = list(
        RoutingRule.objects.filter(is_active=True).prefetch_related("services", "categories")
    )
    for rule in rules:
        if not rule.is_default and rule_matches(rule, submission):
            return rule
    return next((rule for rule in rules if rule.is_default), None)


@dataclass(frozen=True)
class ServiceRecipient:
    """Who receives a service's requests, and why (for the service page's editor)."""

    department: Department | None  # the unit the requests go to (None: nobody named one)
    rule: RoutingRule | None  # the rule that decides; None: the service's own unit
    service_department: Department | None = None  # the unit the service page shows
    # Earlier rules that take only some requests (by channel or by the answers).
    partial_rules: list[RoutingRule] = field(default_factory=list)

    @property
    def overrides_service_unit(self) -> bool:
        """A rule sends the requests to another unit than the one shown on the service."""
        return self.rule is not None and self.department != self.service_department


def service_recipient(service: ServicePage, *, parent=None) -> ServiceRecipient:
    """Which unit receives the service's requests: the first active rule, in order, that
    covers the service (by service or category) whatever the request says, else the
    default rule, with the rule's unit, or the service's own unit when no rule names one
    (as `submission_route` decides). Rules that cover the service but depend on the
    channel or the answers take only some requests: they are listed apart. `parent`: the
    category of a page not saved yet."""
    rules = RoutingRule.objects.filter(is_active=True).prefetch_related("services", "categories")
    category_id = _category_id(service, parent)
    partial, deciding = [], None
    for rule in rules.filter(is_default=False).select_related("department"):
        if not _rule_covers_service(rule, service.pk, category_id):
            continue
        if rule.channel or rule_condition(rule) is not None:
            partial.append(rule)
            continue
        deciding = rule
        break
    if deciding is None:
        deciding = rules.filter(is_default=True).select_related("department").first()
    department = (deciding.department if deciding else None) or service.department
    return ServiceRecipient(
        department=department,
        rule=deciding if deciding and deciding.department else None,
        partial_rules=partial,
        service_department=service.department,
    )
