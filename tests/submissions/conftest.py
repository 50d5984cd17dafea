import pytest
from django.core.cache import cache

from tests.factories import DepartmentFactory, clerk_of, user_with_permissions

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"PE\x00\x00"
)
VALID_NATIONAL_ID = "0013542419"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


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
