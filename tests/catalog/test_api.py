import pytest

from tests.factories import DepartmentFactory, ServiceCategoryPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

LIST_KEYS = {
    "service_code",
    "title",
    "summary",
    "category",
    "department",
    "duration_days",
    "fee",
    "url",
    "has_form",
}
DETAIL_KEYS = LIST_KEYS | {
    "service_type",
    "service_level",
    "audience",
    "description",
    "eligibility",
    "required_documents",
    "steps",
    "legal_basis",
    "channels",
    "in_person_visits",
    "visit_location",
    "visit_hours",
    "contact",
    "form",
}


@pytest.fixture
def services(category, catalog_index):
    other = ServiceCategoryPageFactory(parent=catalog_index, title="کسب و کار", slug="business")
    department = DepartmentFactory(name="اداره شهرسازی", code="URBAN")
    return [
        ServicePageFactory(
            parent=category,
            title="صدور پروانه ساختمانی",
            service_code="10061077000",
            department=department,
            fee=2_000_000,
            duration_days=15,
        ),
        ServicePageFactory(parent=other, title="پروانه کسب", service_code="10061077100"),
        ServicePageFactory(
            parent=other, title="خدمت پیش‌نویس", service_code="10061077200", live=False
        ),
    ]


def test_list_has_every_documented_key(client, services):
    response = client.get("/api/v1/services/")
    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    first = body["results"][0]
    assert set(first) == LIST_KEYS
    assert first["service_code"] == "10061077000"
    assert first["category"] == {"slug": "urban", "title": "شهرسازی"}
    assert first["department"] == {"code": "URBAN", "name": "اداره شهرسازی"}
    assert first["fee"] == 2_000_000
    assert first["duration_days"] == 15
    assert first["url"] == "http://localhost/services/urban/" + services[0].slug + "/"
    assert first["has_form"] is False


def test_filter_by_category_and_search(client, services):
    by_category = client.get("/api/v1/services/", {"category": "business"}).json()
    assert [s["title"] for s in by_category["results"]] == ["پروانه کسب"]
    found = client.get("/api/v1/services/", {"search": "پروانه"}).json()
    assert {s["title"] for s in found["results"]} == {"صدور پروانه ساختمانی", "پروانه کسب"}
    arabic = client.get("/api/v1/services/", {"search": "كسب"}).json()
    assert [s["title"] for s in arabic["results"]] == ["پروانه کسب"]


def test_pagination(client, services):
    body = client.get("/api/v1/services/", {"page_size": 1}).json()
    assert body["count"] == 2
    assert len(body["results"]) == 1
    assert body["next"].endswith("page=2&page_size=1")
    assert body["previous"] is None


def test_detail_has_the_identity_card(client, services):
    response = client.get("/api/v1/services/10061077000/")
    body = response.json()
    assert response.status_code == 200
    assert set(body) == DETAIL_KEYS
    assert body["required_documents"] == [
        {"title": "تصویر کارت ملی", "note": "", "original_required": True}
    ]
    assert body["steps"] == [{"title": "ثبت درخواست", "description": "فرم را پر کنید."}]
    assert body["legal_basis"] == [{"title": "قانون شهرداری‌ها", "reference": "ماده ۵۵", "url": ""}]
    assert body["channels"] == ["online"]
    assert body["contact"]["phone"] == "021-88001234"
    assert body["form"] is None


def test_detail_accepts_persian_digits(client, services):
    response = client.get("/api/v1/services/۱۰۰۶۱۰۷۷۰۰۰/")
    assert response.status_code == 200
    assert response.json()["service_code"] == "10061077000"


@pytest.mark.parametrize("code", ["99999999999", "10061077200", "not-a-code", "1" * 40])
def test_unknown_or_unpublished_service_is_a_json_404(client, services, code):
    response = client.get(f"/api/v1/services/{code}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "خدمتی با این شناسه منتشر نشده است."}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "۲x"}, "page"),
        ({"page_size": "-5"}, "page_size"),
        ({"category": "no-such-category"}, "category"),
        ({"category": "bad slug!"}, "category"),
        ({"search": "x" * 500}, "search"),
    ],
)
def test_malformed_query_parameters_are_a_400(client, services, params, field):
    response = client.get("/api/v1/services/", params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert isinstance(errors[field], list) and errors[field][0]


def test_a_page_past_the_end_is_a_404_not_a_500(client, services):
    response = client.get("/api/v1/services/", {"page": "9"})
    assert response.status_code == 404
    assert "detail" in response.json()


def test_errors_are_in_english_when_english_is_chosen(client, services):
    client.cookies["khedmat_language"] = "en"
    response = client.get("/api/v1/services/99999999999/")
    assert response.json() == {"detail": "There is no published service with this code."}


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/services/" in paths
    assert "/api/v1/services/{service_code}/" in paths
    assert all(path.startswith("/api/") for path in paths)
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "unpkg" not in docs.lower()


def test_openapi_schema_validates_without_warnings():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "/api/v1/services/{service_code}/" in out.getvalue()


def test_a_malformed_category_is_refused_in_persian(client, services):
    response = client.get("/api/v1/services/", {"category": "bad slug!"})
    assert response.status_code == 400
    assert response.json() == {"errors": {"category": ["نامک دسته فقط حرف، رقم، - و _ دارد."]}}
