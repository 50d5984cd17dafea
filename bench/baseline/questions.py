"""The 20 questions every contender asks, and one citizen's answers in each format.

Plain data (no Django): the load clients import it in their own processes. Each
question has our field type, the closest type of Wagtail's stock form builder, and
the answer as a citizen types it into our form (Persian digits, Arabic letters),
as the API receives it (JSON), and as the stock form accepts it (ASCII digits,
Gregorian ISO dates, choices by their label: the stock builder normalises nothing).
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Question:
    key: str
    type: str  # our formbuilder type
    stock_type: str  # wagtail.contrib.forms field_type
    label: str
    typed: str | list[str]  # what a citizen types into our form
    json: Any  # the API's answer
    stock: str | list[str] | None = None  # the stock form's answer, when not `typed`
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def stock_answer(self) -> str | list[str]:
        if self.stock is not None:
            return self.stock
        if self.choices:  # the stock builder's choices are their labels
            labels = dict(self.choices)
            typed = self.typed if isinstance(self.typed, list) else [self.typed]
            chosen = [labels[value] for value in typed]
            return chosen if isinstance(self.typed, list) else chosen[0]
        return self.typed


PROVINCES = (
    ("tehran", "تهران"),
    ("isfahan", "اصفهان"),
    ("fars", "فارس"),
    ("razavi", "خراسان رضوی"),
)
DOCUMENTS = (
    ("id_card", "کارت ملی"),
    ("birth_certificate", "شناسنامه"),
    ("deed", "سند مالکیت"),
    ("photo", "عکس"),
)
EDUCATION = (
    ("diploma", "دیپلم"),
    ("bachelor", "کارشناسی"),
    ("master", "کارشناسی ارشد"),
    ("doctorate", "دکتری"),
)

QUESTIONS = [
    Question("full_name", "text", "singleline", "نام و نام خانوادگی", "علي رضايي", "علی رضایی",
             options={"max_length": 100}),
    Question("father_name", "text", "singleline", "نام پدر", "حسن", "حسن"),
    Question("national_id", "national_id", "singleline", "کد ملی", "۰۰۱۳۵۴۲۴۱۹", "0013542419",
             stock="0013542419"),
    Question("birth_date", "jalali_date", "date", "تاریخ تولد", "۱۳۷۰/۰۵/۱۲", "1370/05/12",
             stock="1991-08-03"),
    Question("mobile", "mobile", "singleline", "شماره همراه", "۰۹۱۲ ۱۲۳ ۴۵۶۷", "09121234567",
             stock="09121234567"),
    Question("phone", "text", "singleline", "تلفن ثابت", "۰۲۱-۸۸۰۰۱۲۳۴", "021-88001234",
             stock="021-88001234", required=False),
    Question("email", "email", "email", "رایانامه", "ali.rezaei@example.ir",
             "ali.rezaei@example.ir"),
    Question("postal_code", "postal_code", "singleline", "کد پستی", "۱۴۱۵۹۴۳۹۵۱", "1415943951",
             stock="1415943951"),
    Question("province", "select", "dropdown", "استان", "tehran", "tehran", choices=PROVINCES),
    Question("city", "text", "singleline", "شهر", "تهران", "تهران"),
    Question("address", "textarea", "multiline", "نشانی", "خیابان آزادی، کوچه ۱۲، پلاک ۳۴، واحد ۵",
             "خیابان آزادی، کوچه ۱۲، پلاک ۳۴، واحد ۵", options={"max_length": 500}),
    Question("household_size", "integer", "number", "تعداد اعضای خانوار", "۴", 4, stock="4",
             options={"min_value": 1, "max_value": 30}),
    Question("property_area", "decimal", "number", "مساحت ملک (متر مربع)", "۱۲۰٫۵", "120.5",
             stock="120.5", options={"min_value": 1, "decimal_places": 2}),
    Question("applicant_type", "radio", "radio", "نوع متقاضی", "person", "person",
             choices=(("person", "شخص حقیقی"), ("company", "شخص حقوقی"))),
    Question("documents", "checkboxes", "checkboxes", "مدارک آماده", ["id_card", "deed"],
             ["id_card", "deed"], choices=DOCUMENTS, options={"min_choices": 1}),
    Question("education", "select", "dropdown", "تحصیلات", "bachelor", "bachelor",
             choices=EDUCATION),
    Question("visit_date", "jalali_date", "date", "تاریخ پیشنهادی بازدید", "۱۴۰۵/۰۹/۱۰",
             "1405/09/10", stock="2026-12-01", required=False),
    Question("description", "textarea", "multiline", "توضیحات", "لطفاً بازدید صبح انجام شود.",
             "لطفاً بازدید صبح انجام شود.", required=False),
    Question("has_insurance", "boolean", "checkbox", "بیمه دارم", "on", True, required=False),
    Question("agree_terms", "boolean", "checkbox", "درستی اطلاعات را تأیید می‌کنم", "on", True),
]  # fmt: skip
assert len(QUESTIONS) == 20 and len({q.key for q in QUESTIONS}) == 20


def _pairs(answers: dict[str, str | list[str]], prefix: str = "") -> list[tuple[str, str]]:
    pairs = []
    for key, value in answers.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((f"{prefix}{key}", item))
    return pairs


def wizard_step_pairs(step: str = "s1") -> list[tuple[str, str]]:
    """The step's answers as our wizard's form posts them (`<step>-<key>`)."""
    return _pairs({q.key: q.typed for q in QUESTIONS}, prefix=f"{step}-")


def api_answers() -> dict[str, Any]:
    return {q.key: q.json for q in QUESTIONS}


def stock_pairs() -> list[tuple[str, str]]:
    """The answers as the stock form and the bare form post them (by key)."""
    return _pairs({q.key: q.stock_answer for q in QUESTIONS})
