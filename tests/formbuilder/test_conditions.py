import pytest
from django.utils import translation

from formbuilder.conditions import condition_evaluate, condition_fields, condition_problems


def rule(field, operator, value=None):
    spec = {"field": field, "operator": operator}
    if value is not None:
        spec["value"] = value
    return spec


COMPANY = rule("kind", "equals", "company")
OVER_50 = rule("area", "greater_than", "50")
COMPANY_AND_OVER_50 = {"all": [COMPANY, OVER_50]}
COMPANY_OR_OVER_50 = {"any": [COMPANY, OVER_50]}


@pytest.mark.parametrize(
    "condition, answers, shown",
    [
        (None, {}, True),
        (rule("kind", "equals", "company"), {"kind": "company"}, True),
        (rule("kind", "equals", "company"), {"kind": "person"}, False),
        (rule("kind", "equals", "company"), {}, False),
        (rule("kind", "not_equals", "company"), {"kind": "person"}, True),
        (rule("kind", "not_equals", "company"), {}, True),
        (rule("kind", "not_equals", "company"), {"kind": "company"}, False),
        (rule("kind", "one_of", ["a", "b"]), {"kind": "b"}, True),
        (rule("kind", "one_of", ["a", "b"]), {"kind": "c"}, False),
        (rule("agree", "is_checked"), {"agree": True}, True),
        (rule("agree", "is_checked"), {"agree": False}, False),
        (rule("agree", "is_checked"), {"tags": []}, False),
        (rule("agree", "equals", "yes"), {"agree": True}, True),
        (rule("agree", "equals", "no"), {"agree": False}, True),
        (rule("agree", "equals", "بله"), {"agree": True}, True),
        (rule("tags", "equals", "x"), {"tags": ["x", "y"]}, True),
        (rule("tags", "one_of", ["z", "y"]), {"tags": ["x", "y"]}, True),
        (rule("area", "greater_than", "100"), {"area": 150}, True),
        (rule("area", "greater_than", "100"), {"area": 100}, False),
        (rule("area", "less_than", "100"), {"area": "99.5"}, True),
        (rule("area", "greater_than", "100"), {}, False),
        (rule("area", "equals", "100"), {"area": "100.00"}, True),
        (rule("born", "less_than", "2000-01-01"), {"born": "1999-12-31"}, True),
        (rule("born", "greater_than", "2000-01-01"), {"born": "1999-12-31"}, False),
        (COMPANY_AND_OVER_50, {"kind": "company", "area": 60}, True),
        (COMPANY_AND_OVER_50, {"kind": "company", "area": 40}, False),
        (COMPANY_OR_OVER_50, {"kind": "person", "area": 60}, True),
        (COMPANY_OR_OVER_50, {"kind": "person", "area": 10}, False),
    ],
)
def test_evaluate(condition, answers, shown):
    assert condition_evaluate(condition, answers) is shown


def test_fields_of_nested_conditions():
    condition = {"any": [rule("a", "is_checked"), {"all": [rule("b", "equals", "1")]}]}
    assert condition_fields(condition) == ["a", "b"]


@translation.override("en")
def test_problems_name_questions_by_their_labels_never_by_keys():
    condition = {"all": [rule("later", "is_checked"), rule("ghost", "equals", "1")]}
    labels = {"first": "First", "later": "Applicant type", "me": "Company ID"}
    problems = condition_problems(
        condition, label="Company ID", earlier={"first": {"type": "text"}}, labels=labels
    )
    assert [(p.index, p.part) for p in problems] == [(0, "field"), (1, "field")]
    assert "“Applicant type”" in problems[0].message and "after" in problems[0].message
    assert "not in this form" in problems[1].message
    for problem in problems:
        assert "later" not in problem.message and "ghost" not in problem.message
    earlier = {"first": {"key": "first", "type": "text", "label": "First", "validation": {}}}
    assert (
        condition_problems(rule("first", "is_checked"), label="Q", earlier=earlier, labels=labels)
        == []
    )
