"""System checks of routing (`manage.py check --database default`, and `migrate`).

The connectors' configuration lives in rows (rules and their endpoints), so this check
reads the database, which Django lets a check do only for the databases it is given.
"""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from formbuilder.registry import check_errors


@register(Tags.database)
def routing_rules_check(app_configs, databases=None, **kwargs) -> list[Error]:
    """Every active rule names a registered connector, and the endpoint that connector
    needs, reachable in principle (an address, a secret, active)."""
    from .connectors import connectors
    from .models import RoutingRule

    if not databases or "default" not in databases:
        return []
    rules = RoutingRule.objects.filter(is_active=True).select_related("endpoint")
    try:
        rules = list(rules)
    except DatabaseError:  # not migrated yet: `migrate` checks before it creates tables
        return []
    errors: list[Error] = []
    for rule in rules:
        if rule.connector not in connectors:
            problems = [
                f"Routing rule {rule.name!r} delivers through {rule.connector!r}, "
                f"which no app registers ({', '.join(connectors.names())})."
            ]
        else:
            problems = connectors.get(rule.connector).rule_problems(rule)
        errors += check_errors(
            problems,
            obj=rule,
            check_id="routing.E001",
            hint="Edit the rule or its endpoint in the admin.",
        )
    return errors
