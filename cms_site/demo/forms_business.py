"""Request forms of the «کسب‌وکار و مشاغل شهری» services."""

from .forms_blocks import choices, question, step, when
from .forms_common import (
    address,
    applicant_questions,
    applicant_type,
    company_questions,
    documents_step,
    email,
    photo_upload,
    postal_code,
    upload,
)

BUSINESS_LICENCE_FORM = {
    "service_code": "12032011000",
    "title": "فرم درخواست مجوز شهرداری برای پروانه کسب",
    "intro": (
        "پیش از شروع، نامه استعلام اتحادیه صنفی و سند مالکیت یا اجاره‌نامه محل کسب را "
        "آماده کنید. اشخاص حقوقی آگهی تأسیس در روزنامه رسمی را هم لازم دارند."
    ),
    "next_steps": (
        "کارشناس کاربری ملک و سوابق آن را بررسی می‌کند و ظرف 7 روز کاری صورت‌حساب عوارض "
        "کسب و پیشه را پیامک می‌کند. پس از پرداخت، پاسخ استعلام مستقیم برای اتحادیه "
        "فرستاده می‌شود."
    ),
    "steps": [
        step(
            "مشخصات متقاضی",
            "متقاضی کسی است که پروانه کسب به نام او صادر می‌شود.",
            applicant_type(),
            *applicant_questions("برای شخص حقوقی، نام مدیر عامل یا نماینده قانونی."),
            *company_questions(),
            email(),
        ),
        step(
            "مشخصات واحد صنفی",
            "اطلاعات را مطابق نامه استعلام اتحادیه وارد کنید.",
            question(
                "text",
                "نام واحد صنفی",
                help_text="همان نامی که روی تابلو و در پروانه کسب می‌آید.",
                max_length=100,
            ),
            question(
                "select",
                "اتحادیه صنفی",
                "guild",
                choices=choices(
                    ("grocery", "خواربارفروشان"),
                    ("clothing", "پوشاک"),
                    ("restaurant", "رستوران‌داران و اغذیه‌فروشان"),
                    ("barber", "آرایشگران"),
                    ("car_repair", "تعمیرکاران خودرو"),
                    ("other", "سایر اتحادیه‌ها"),
                ),
            ),
            question(
                "text",
                "نام اتحادیه",
                "guild_other",
                max_length=150,
                condition=when("guild", "equals", "other"),
            ),
            question(
                "text",
                "شماره نامه استعلام اتحادیه",
                help_text="مثلاً 1404/2587",
                pattern=r"[0-9]{4}/[0-9]{1,7}",
                pattern_message="شماره نامه را مانند 1404/2587 وارد کنید: سال، خط مورب، شماره.",
            ),
            question(
                "decimal",
                "مساحت واحد (متر مربع)",
                min_value="6",
                max_value="5000",
                decimal_places=2,
            ),
            question(
                "radio",
                "وضعیت مالکیت محل کسب",
                "ownership",
                choices=choices(("owner", "ملک شخصی"), ("tenant", "استیجاری")),
            ),
            question(
                "jalali_date",
                "تاریخ پایان اجاره",
                "lease_end",
                help_text="از اجاره‌نامه رسمی یا اجاره‌نامه دارای کد رهگیری.",
                earliest="today",
                condition=when("ownership", "equals", "tenant"),
            ),
            postal_code("کد پستی محل کسب"),
            address("نشانی محل کسب"),
        ),
        documents_step(
            upload("نامه استعلام اتحادیه", "guild_letter"),
            upload("سند مالکیت یا اجاره‌نامه محل کسب", "premises_document"),
            upload(
                "آگهی تأسیس و آخرین تغییرات در روزنامه رسمی",
                "official_gazette",
                types=["pdf"],
                condition=when("applicant_type", "equals", "company"),
            ),
        ),
    ],
}

SHOP_SIGN_FORM = {
    "service_code": "12032014000",
    "title": "فرم درخواست مجوز نصب تابلوی سردر",
    "intro": (
        "طرح تابلو با ابعاد و جنس آن، و عکس نمای ساختمان را آماده کنید. تابلو باید با "
        "ضوابط سیما و منظر شهری سازگار باشد."
    ),
    "next_steps": (
        "کارشناس سیما و منظر شهری ظرف 5 روز کاری طرح را بررسی می‌کند. اگر اصلاحی لازم "
        "باشد، پیامک می‌گیرید؛ در غیر این صورت صورت‌حساب عوارض تابلو فرستاده می‌شود."
    ),
    "steps": [
        step(
            "متقاضی و واحد صنفی",
            "",
            *applicant_questions(),
            question(
                "text",
                "شماره پروانه کسب",
                "business_licence_number",
                pattern=r"[0-9]{6,12}",
                pattern_message="شماره پروانه کسب فقط رقم است: 6 تا 12 رقم، بدون خط تیره.",
            ),
            postal_code("کد پستی محل کسب"),
        ),
        step(
            "مشخصات تابلو",
            "ابعاد را مطابق طرح تابلو و به متر وارد کنید.",
            question(
                "select",
                "نوع تابلو",
                "sign_type",
                choices=choices(
                    ("front", "تابلوی سردر (موازی نما)"),
                    ("projecting", "تابلوی عمود بر نما (پرچمی)"),
                    ("standing", "تابلوی ایستاده (استند)"),
                ),
            ),
            question(
                "decimal",
                "طول تابلو (متر)",
                "sign_width",
                min_value="0.3",
                max_value="20",
                decimal_places=2,
            ),
            question(
                "decimal",
                "ارتفاع تابلو (متر)",
                "sign_height",
                min_value="0.2",
                max_value="3",
                decimal_places=2,
            ),
            question(
                "checkboxes",
                "جنس تابلو",
                choices=choices(
                    ("composite", "کامپوزیت"),
                    ("metal", "فلزی"),
                    ("acrylic", "پلکسی"),
                    ("wood", "چوبی"),
                ),
                min_choices=1,
                max_choices=2,
            ),
            question(
                "radio",
                "نورپردازی",
                "lighting",
                choices=choices(
                    ("none", "بدون نور"),
                    ("backlit", "نور داخلی (بک‌لایت)"),
                    ("letters", "حروف نورانی"),
                ),
            ),
            question(
                "integer",
                "فاصله لبه پایین تابلو از کف پیاده‌رو (سانتی‌متر)",
                "sign_clearance_cm",
                help_text="تابلوی پرچمی دست‌کم 250 سانتی‌متر بالاتر از کف پیاده‌رو نصب می‌شود.",
                min_value=250,
                max_value=1000,
                condition=when("sign_type", "equals", "projecting"),
            ),
        ),
        documents_step(
            upload("طرح تابلو", "sign_design"),
            photo_upload(
                "عکس نمای ساختمان",
                "facade_photos",
                max_files=3,
            ),
            upload(
                "رضایت‌نامه مالک یا مدیر ساختمان",
                "owner_consent",
                types=["pdf", "jpeg"],
                max_size_mb=3,
                required=False,
                help_text="اگر مالک ساختمان نیستید.",
            ),
        ),
    ],
}

BUSINESS_FORMS = [BUSINESS_LICENCE_FORM, SHOP_SIGN_FORM]
