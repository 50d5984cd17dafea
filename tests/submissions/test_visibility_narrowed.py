"""The visibility rule narrowed to one unit or to "assigned to me" (cartable and staff
API): the same requests as the rule with a filter on top, with each column named once
in the SQL (PostgreSQL misjudged the repeated condition into sorting a whole unit), and
the cartable's capped count without the list's sort."""

import re

import pytest
from rest_framework.test import APIClient

from submissions.constants import Status
from submissions.models import Submission
from submissions.selectors import submissions_visible_to
from tests.factories import DepartmentFactory, clerk_of, submission_make, user_with_permissions

pytestmark = pytest.mark.django_db

INBOX = "/admin/cartable/"
LIST = "/api/v1/submissions/"


@pytest.fixture
def units(db):
    return DepartmentFactory(name="واحد شهرسازی"), DepartmentFactory(name="واحد درآمد")


@pytest.fixture
def me(units):
    return clerk_of(units[0], "me")


@pytest.fixture
def requests(service, units, me):
    """Five requests: mine and not mine, in my unit, in the other one and in none."""
    own, other = units
    someone = clerk_of(other, "someone")

    def made(department, assigned_to):
        submission = submission_make(service)
        Submission.objects.filter(pk=submission.pk).update(
            department=department, assigned_to=assigned_to, status=Status.IN_REVIEW
        )
        return submission.tracking_code

    return {
        "own_unit": made(own, None),
        "own_unit_mine": made(own, me),
        "other_unit_mine": made(other, me),
        "other_unit": made(other, someone),
        "no_unit_mine": made(None, me),
    }


def codes(queryset) -> set[str]:
    return set(queryset.values_list("tracking_code", flat=True))


def test_narrowed_rule_gives_the_requests_of_the_rule_and_the_filter(requests, units, me):
    own, other = units
    code = requests
    assert codes(submissions_visible_to(me)) == set(code.values()) - {code["other_unit"]}
    assert codes(submissions_visible_to(me, department=own)) == {
        code["own_unit"],
        code["own_unit_mine"],
    }
    # Another unit: only what is assigned to me there; by id as by instance.
    assert codes(submissions_visible_to(me, department=other)) == {code["other_unit_mine"]}
    assert codes(submissions_visible_to(me, department=other.pk)) == {code["other_unit_mine"]}
    assert codes(submissions_visible_to(me, mine=True)) == {
        code["own_unit_mine"],
        code["other_unit_mine"],
        code["no_unit_mine"],
    }
    assert codes(submissions_visible_to(me, department=own, mine=True)) == {code["own_unit_mine"]}
    manager = user_with_permissions("manager", "submissions.view_all_submissions")
    assert codes(submissions_visible_to(manager, department=other)) == {
        code["other_unit_mine"],
        code["other_unit"],
    }
    assert codes(submissions_visible_to(manager, mine=True)) == set()
    outsider = user_with_permissions("outsider", "submissions.view_submission")
    assert codes(submissions_visible_to(outsider, department=own)) == set()


def where_clause(queryset) -> str:
    return str(queryset.query).split(" WHERE ", 1)[1]


def test_narrowed_rule_names_each_column_once(requests, units, me):
    own = units[0]
    assert where_clause(submissions_visible_to(me, department=own)).count("department_id") == 1
    mine = where_clause(submissions_visible_to(me, mine=True))
    assert mine.count("assigned_to_id") == 1 and "department_id" not in mine


def test_the_cartable_filters_list_the_narrowed_requests(client, requests, units, me):
    own, other = units
    code = requests
    client.force_login(me)

    def listed(**params) -> set[str]:
        response = client.get(INBOX, params)
        assert response.status_code == 200
        return set(re.findall(r'data-tracking-code="(\d{12})"', response.content.decode()))

    assert listed(department=own.pk) == {code["own_unit"], code["own_unit_mine"]}
    assert listed(department=other.pk) == {code["other_unit_mine"]}
    assert listed(mine="on") == {
        code["own_unit_mine"],
        code["other_unit_mine"],
        code["no_unit_mine"],
    }
    assert listed(mine="on", department=other.pk) == {code["other_unit_mine"]}


def test_the_staff_api_department_filter_is_the_narrowed_rule(requests, units, me):
    own, other = units
    client = APIClient()
    client.force_login(me)
    for unit, expected in ((own, {"own_unit", "own_unit_mine"}), (other, {"other_unit_mine"})):
        response = client.get(LIST, {"department": unit.code})
        assert response.status_code == 200
        assert {item["tracking_code"] for item in response.json()["results"]} == {
            requests[name] for name in expected
        }
