"""Request forms of the «شهرسازی و ساختمان» services."""

from .forms_blocks import any_of, choices, question, rule, step, when
from .forms_common import (
    address,
    applicant_questions,
    documents_step,
    email,
    photo_upload,
    postal_code,
    renewal_code,
    upload,
)

BUILDING_PERMIT_FORM = {
    "service_code": "12031045000",
    "title": "فرم درخواست صدور پروانه ساختمانی",
    "intro": (
        "پیش از شروع، تصویر سند مالکیت، نقشه‌های تأییدشده سازمان نظام مهندسی و شماره "
        "پروانه اشتغال مهندس ناظر را آماده کنید. اگر وکیل مالک هستید، تصویر وکالت‌نامه "
        "رسمی را هم لازم دارید. تکمیل فرم حدود 15 دقیقه طول می‌کشد."
    ),
    "next_steps": (
        "کارشناس شهرسازی ظرف 3 روز کاری مدارک را بررسی می‌کند و زمان بازدید از ملک را "
        "پیامک می‌کند. پس از بازدید، دستور نقشه و صورت‌حساب عوارض برایتان فرستاده می‌شود."
    ),
    "steps": [
        step(
            "مشخصات متقاضی",
            "درخواست را مالک ملک یا وکیل رسمی او ثبت می‌کند.",
            question(
                "radio",
                "درخواست را به چه عنوان ثبت می‌کنید؟",
                "applicant_role",
                choices=choices(("owner", "مالک ملک"), ("attorney", "وکیل رسمی مالک")),
            ),
            *applicant_questions(),
            email("اختیاری؛ دستور نقشه و صورت‌حساب عوارض به این نشانی هم فرستاده می‌شود."),
            question(
                "text",
                "نام و نام خانوادگی مالک",
                "owner_name",
                max_length=100,
                condition=when("applicant_role", "equals", "attorney"),
            ),
            question(
                "national_id",
                "کد ملی مالک",
                "owner_national_id",
                condition=when("applicant_role", "equals", "attorney"),
            ),
        ),
        step(
            "مشخصات ملک",
            "نشانی و مشخصات ملک را مطابق سند مالکیت وارد کنید.",
            renewal_code(),
            question(
                "select",
                "منطقه شهرداری",
                "district",
                choices=choices(
                    ("1", "منطقه 1"),
                    ("2", "منطقه 2"),
                    ("3", "منطقه 3"),
                    ("4", "منطقه 4"),
                    ("5", "منطقه 5"),
                ),
            ),
            postal_code(),
            address(),
            question(
                "decimal",
                "مساحت عرصه طبق سند (متر مربع)",
                "land_area",
                help_text="مثلاً 245.5",
                min_value="20",
                max_value="100000",
                decimal_places=2,
            ),
            question(
                "radio",
                "نوع سند",
                "deed_type",
                choices=choices(
                    ("single", "سند تک‌برگ"),
                    ("booklet", "سند دفترچه‌ای"),
                    ("shared", "سند مشاعی"),
                ),
            ),
        ),
        step(
            "بنای درخواستی",
            "مشخصات بنا را مطابق نقشه‌های معماری وارد کنید.",
            question(
                "select",
                "نوع پروانه",
                "permit_type",
                choices=choices(
                    ("new", "احداث بنا در زمین خالی"),
                    ("rebuild", "تخریب و نوسازی"),
                    ("extension", "افزایش بنا (اضافه اشکوب)"),
                ),
            ),
            question(
                "integer",
                "عمر بنای موجود (سال)",
                help_text="تقریبی هم کافی است.",
                min_value=0,
                max_value=150,
                condition=when("permit_type", "one_of", "rebuild, extension"),
            ),
            question(
                "radio",
                "کاربری درخواستی",
                "land_use",
                choices=choices(
                    ("residential", "مسکونی"),
                    ("commercial", "تجاری"),
                    ("office", "اداری"),
                    ("mixed", "مختلط (تجاری و مسکونی)"),
                ),
            ),
            question(
                "integer",
                "تعداد طبقات (بدون زیرزمین)",
                "floors",
                min_value=1,
                max_value=30,
            ),
            question("integer", "تعداد واحدها", "units", min_value=1, max_value=300),
            question(
                "integer",
                "زیربنای کل درخواستی (متر مربع)",
                min_value=20,
                max_value=200000,
            ),
            question(
                "text",
                "شماره پروانه اشتغال مهندس ناظر",
                "supervisor_licence",
                help_text="از قرارداد ناظر ثبت‌شده در سامانه نظام مهندسی، مثلاً 1-11-12345.",
                pattern=r"[0-9]{1,2}-[0-9]{2,3}-[0-9]{4,6}",
                pattern_message=(
                    "شماره پروانه اشتغال را همان‌طور که روی پروانه آمده وارد کنید، مثلاً 1-11-12345."
                ),
            ),
            question(
                "jalali_date",
                "تاریخ پیشنهادی برای بازدید کارشناس",
                help_text="اختیاری؛ کارشناس تا جای ممکن همین روز بازدید می‌کند.",
                required=False,
                earliest="today",
            ),
        ),
        documents_step(
            upload("تصویر سند مالکیت", "deed", help_text="همه صفحات سند در یک فایل PDF یا عکس."),
            upload(
                "نقشه‌های معماری، سازه و تأسیسات",
                "plans",
                types=["pdf"],
                max_size_mb=20,
                multiple=True,
                max_files=10,
                help_text="هر نقشه یک فایل PDF با مهر نظام مهندسی؛ حداکثر 10 فایل.",
            ),
            upload(
                "وکالت‌نامه رسمی",
                "power_of_attorney",
                types=["pdf", "jpeg"],
                condition=when("applicant_role", "equals", "attorney"),
            ),
            upload(
                "گزارش مطالعات ژئوتکنیک (مکانیک خاک)",
                "soil_report",
                types=["pdf"],
                max_size_mb=10,
                help_text="برای بنای بیش از 5 طبقه یا بیش از 20 واحد لازم است.",
                condition=any_of(
                    rule("floors", "greater_than", "5"), rule("units", "greater_than", "20")
                ),
            ),
            description="هر مدرک را جدا بارگذاری کنید؛ تصویر باید خوانا باشد.",
        ),
    ],
}

RENOVATION_PERMIT_FORM = {
    "service_code": "12031047000",
    "title": "فرم درخواست مجوز تعمیرات و بازسازی",
    "intro": (
        "این فرم برای تعمیراتی است که سازه و زیربنا را تغییر نمی‌دهد. چند عکس از وضع "
        "موجود ساختمان و تصویر پروانه یا گواهی پایان کار را آماده کنید."
    ),
    "next_steps": (
        "کارشناس ظرف 5 روز کاری درخواست را بررسی می‌کند؛ اگر بازدید لازم باشد، زمان آن "
        "پیامک می‌شود. مجوز پس از پرداخت هزینه صادر می‌شود."
    ),
    "steps": [
        step(
            "مشخصات مالک",
            "",
            *applicant_questions(),
        ),
        step(
            "ملک و تعمیرات",
            "تعمیراتی را که می‌خواهید انجام دهید مشخص کنید.",
            renewal_code(),
            postal_code(),
            question(
                "checkboxes",
                "چه تعمیراتی انجام می‌شود؟",
                "works",
                choices=choices(
                    ("facade", "نوسازی نما"),
                    ("roof", "تعمیر یا عایق‌کاری بام"),
                    ("interior", "تعمیرات داخلی بدون تغییر سازه"),
                    ("installations", "تعویض تأسیسات"),
                    ("fence", "مرمت دیوار و در ورودی"),
                    ("other", "موارد دیگر"),
                ),
                min_choices=1,
            ),
            question(
                "textarea",
                "شرح موارد دیگر",
                max_length=500,
                condition=when("works", "equals", "other"),
            ),
            question(
                "integer",
                "مدت اجرای تعمیرات (روز)",
                min_value=1,
                max_value=180,
            ),
            question(
                "jalali_date",
                "تاریخ شروع عملیات",
                "start_date",
                earliest="today",
            ),
            question(
                "radio",
                "آیا مصالح یا داربست در پیاده‌رو قرار می‌گیرد؟",
                "sidewalk_use",
                choices=choices(("yes", "بله"), ("no", "خیر")),
            ),
            question(
                "decimal",
                "مساحت پیاده‌روی اشغال‌شده (متر مربع)",
                "sidewalk_area",
                min_value="0.5",
                max_value="200",
                decimal_places=1,
                condition=when("sidewalk_use", "equals", "yes"),
            ),
        ),
        documents_step(
            photo_upload(
                "عکس‌های وضع موجود",
                "photos",
                max_files=6,
                help_text="از نما و بخش‌هایی که تعمیر می‌شود؛ حداکثر 6 عکس.",
            ),
            upload("تصویر پروانه ساختمانی یا گواهی پایان کار", "permit_document"),
        ),
    ],
}

URBAN_FORMS = [BUILDING_PERMIT_FORM, RENOVATION_PERMIT_FORM]
