import pytest

from submissions.constants import Status
from tests.factories import (
    DepartmentFactory,
    clerk_of,
    rate_limits_fresh,
    submission_make,
    user_with_permissions,
)
from tests.submissions.staff_api import at_status

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"PE\x00\x00"
)
VALID_NATIONAL_ID = "0013542419"
# The SMS events of a request taken into review, referred, taken again and completed, in
# the order they are sent; a finished request invites the citizen to the survey.
SMS_OF_A_REFERRED_REQUEST = ["in_review", "referred", "in_review", "completed", "survey"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    with rate_limits_fresh():
        yield


# The cartable's departments and people (test_cartable*.py).


@pytest.fixture
def unit_a(db):
    return DepartmentFactory(name="واحد شهرسازی")


@pytest.fixture
def unit_b(db):
    return DepartmentFactory(name="واحد درآمد")


@pytest.fixture
def staff_a(unit_a):
    return clerk_of(unit_a, "staff_a")


@pytest.fixture
def staff_b(unit_b):
    return clerk_of(unit_b, "staff_b")


@pytest.fixture
def manager(db):
    return user_with_permissions(
        "manager", "submissions.view_submission", "submissions.view_all_submissions"
    )


# The staff API's departments, people and requests (test_api_staff*.py).


@pytest.fixture
def unit(service):
    return service.department


@pytest.fixture
def other_unit(db):
    return DepartmentFactory(name="اداره درآمد", code="REVENUE")


@pytest.fixture
def clerk(unit):
    return clerk_of(unit, "clerk")


@pytest.fixture
def outsider(other_unit):
    """Staff of another department, with the same permissions."""
    return clerk_of(other_unit, "outsider")


@pytest.fixture
def ours(service, unit):
    return at_status(submission_make(service), Status.SUBMITTED, department=unit)


@pytest.fixture
def theirs(service, other_unit):
    return at_status(submission_make(service), Status.SUBMITTED, department=other_unit)
