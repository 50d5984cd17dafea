"""Request forms of the «گواهی‌ها و عوارض» and «خدمات شهروندی» services."""

from .forms_blocks import any_of, choices, question, rule, step, when
from .forms_common import (
    address,
    applicant_questions,
    applicant_type,
    company_questions,
    declaration,
    email,
    full_name,
    mobile,
    national_id,
    photo_upload,
    postal_code,
    renewal_code,
    upload,
)

NO_DEBT_FORM = {
    "service_code": "12033021000",
    "title": "فرم درخواست مفاصاحساب عوارض ملک",
    "intro": (
        "کد نوسازی ملک را از قبض عوارض نوسازی بردارید. این فرم بارگذاری مدرک ندارد و "
        "کمتر از 5 دقیقه وقت می‌گیرد."
    ),
    "next_steps": (
        "بدهی ملک ظرف 2 روز کاری محاسبه و پیوند پرداخت برایتان پیامک می‌شود. پس از "
        "پرداخت، گواهی مفاصاحساب برای دفترخانه یا بانک قابل استعلام است."
    ),
    "steps": [
        step(
            "مشخصات مالک",
            "درخواست را یکی از مالکان یا وکیل رسمی او ثبت می‌کند.",
            *applicant_questions(),
            email(),
            question(
                "integer",
                "تعداد مالکان مشاع",
                help_text="اگر ملک یک مالک دارد، 1 بنویسید.",
                min_value=1,
                max_value=50,
            ),
        ),
        step(
            "ملک و دلیل درخواست",
            "",
            renewal_code(),
            postal_code(),
            question(
                "radio",
                "کاربری فعلی ملک",
                "property_use",
                choices=choices(
                    ("residential", "مسکونی"),
                    ("commercial", "تجاری"),
                    ("office", "اداری"),
                    ("vacant", "زمین خالی"),
                ),
            ),
            question(
                "select",
                "مفاصاحساب را برای چه کاری می‌خواهید؟",
                "reason",
                choices=choices(
                    ("transfer", "نقل و انتقال قطعی در دفترخانه"),
                    ("subdivision", "تفکیک و صدور سند"),
                    ("loan", "ارائه به بانک برای دریافت وام"),
                    ("other", "دلیل دیگر"),
                ),
            ),
            question(
                "text",
                "دلیل دیگر را بنویسید",
                "reason_other",
                max_length=200,
                condition=when("reason", "equals", "other"),
            ),
            question(
                "national_id",
                "کد ملی خریدار",
                "buyer_national_id",
                condition=when("reason", "equals", "transfer"),
            ),
            question(
                "integer",
                "شماره دفترخانه اسناد رسمی",
                help_text="اختیاری؛ اگر دفترخانه را انتخاب کرده‌اید.",
                required=False,
                min_value=1,
                max_value=5000,
                condition=when("reason", "equals", "transfer"),
            ),
            declaration(),
        ),
    ],
}

COMPLAINT_FORM = {
    "service_code": "12034001000",
    "title": "فرم ثبت شکایت از خدمات شهرداری",
    "intro": (
        "شکایت شما محرمانه می‌ماند و فقط واحد بازرسی و واحد مسئول آن را می‌بینند. هرچه "
        "شرح شکایت دقیق‌تر باشد، رسیدگی سریع‌تر است."
    ),
    "next_steps": (
        "شکایت ظرف 2 روز کاری به واحد مسئول ارجاع می‌شود و نتیجه رسیدگی حداکثر تا 30 روز "
        "کاری پیامک می‌شود. اگر پاسخ را قانع‌کننده ندانستید، می‌توانید به بازرسی شهرداری "
        "اعتراض کنید."
    ),
    "steps": [
        step(
            "مشخصات شما",
            "اطلاعات شما فقط برای رسیدگی و پاسخ به کار می‌رود.",
            full_name(),
            mobile(),
            national_id(required=False, help_text="اختیاری؛ برای پیگیری سوابق شکایت."),
            email("اختیاری؛ پاسخ کتبی به این نشانی هم فرستاده می‌شود."),
        ),
        step(
            "موضوع شکایت",
            "",
            question(
                "radio",
                "شکایت شما درباره چیست؟",
                "complaint_about",
                choices=choices(
                    ("employee", "رفتار یا عملکرد یکی از کارکنان"),
                    ("delay", "تأخیر در انجام درخواست"),
                    ("city_service", "کیفیت خدمات شهری (نظافت، فضای سبز، معابر)"),
                    ("other", "موضوع دیگر"),
                ),
            ),
            question(
                "text",
                "نام یا سمت کارمند",
                "employee_name",
                help_text="اگر نام را نمی‌دانید، سمت یا محل کار او را بنویسید.",
                max_length=100,
                condition=when("complaint_about", "equals", "employee"),
            ),
            question(
                "select",
                "واحد محل خدمت کارمند",
                "employee_unit",
                choices=choices(
                    ("service_desk", "میز خدمت و پاسخ‌گویی"),
                    ("urban_planning", "شهرسازی و صدور پروانه"),
                    ("revenue", "درآمد و وصول عوارض"),
                    ("green_space", "فضای سبز"),
                    ("business", "کسب‌وپیشه"),
                    ("unknown", "نمی‌دانم"),
                ),
                condition=when("complaint_about", "equals", "employee"),
            ),
            question(
                "text",
                "کد رهگیری درخواست قبلی",
                "previous_tracking_code",
                help_text="اختیاری؛ کد 12 رقمی که هنگام ثبت درخواست پیامک شده است.",
                required=False,
                pattern=r"[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}",
                pattern_message="کد رهگیری 12 رقم است، مثلاً 1234-5678-9012.",
                condition=when("complaint_about", "one_of", "delay, employee"),
            ),
            question(
                "text",
                "موضوع شکایت را بنویسید",
                "other_subject",
                max_length=150,
                condition=when("complaint_about", "equals", "other"),
            ),
            question(
                "jalali_date",
                "تاریخ رخداد",
                "incident_date",
                help_text="مثلاً 1404/02/15",
                latest="today",
            ),
            question(
                "text",
                "محل رخداد",
                help_text="مثلاً ساختمان مرکزی، طبقه دوم؛ یا نشانی خیابان.",
                required=False,
                max_length=200,
            ),
            question(
                "textarea",
                "شرح شکایت",
                "description",
                help_text="آنچه رخ داده و انتظاری که از رسیدگی دارید را بنویسید.",
                min_length=30,
                max_length=2000,
            ),
        ),
        step(
            "مستندات و تأیید",
            "",
            question(
                "checkboxes",
                "جز پیامک، پاسخ را از چه راهی هم می‌خواهید؟",
                "reply_channels",
                required=False,
                choices=choices(
                    ("call", "تماس تلفنی کارشناس"),
                    ("meeting", "جلسه حضوری با مدیر واحد"),
                    ("letter", "پاسخ کتبی"),
                ),
            ),
            upload(
                "مستندات",
                "attachments",
                required=False,
                multiple=True,
                max_files=5,
                help_text="اختیاری؛ عکس یا تصویر نامه‌ها و رسیدها، حداکثر 5 فایل.",
            ),
            declaration(),
        ),
    ],
}

TREE_CUTTING_FORM = {
    "service_code": "12034008000",
    "title": "فرم درخواست مجوز قطع یا جابه‌جایی درخت",
    "intro": (
        "قطع درخت بدون مجوز جرم است و جریمه دارد. چند عکس واضح از درخت، از تنه تا تاج، "
        "آماده کنید؛ اگر درخت داخل ملک است، تصویر سند یا اجاره‌نامه را هم لازم دارید."
    ),
    "next_steps": (
        "کارشناس فضای سبز ظرف 5 روز کاری از درخت بازدید می‌کند و پرونده در کمیسیون "
        "ماده 7 طرح می‌شود. رأی کمیسیون و تعداد درختان جایگزین برایتان پیامک می‌شود. "
        "اگر خطر سقوط فوری است، با سامانه 137 تماس بگیرید."
    ),
    "steps": [
        step(
            "مشخصات متقاضی",
            "",
            applicant_type("شخص حقوقی (شرکت، مجتمع یا سازمان)"),
            *applicant_questions("برای شخص حقوقی، نام نماینده قانونی یا مدیر ساختمان."),
            *company_questions(),
        ),
        step(
            "مشخصات درخت",
            "اگر درخواست برای چند درخت است، مشخصات بزرگ‌ترین درخت را وارد کنید.",
            question(
                "radio",
                "نوع درخواست",
                "request_type",
                choices=choices(("cut", "قطع درخت"), ("move", "جابه‌جایی (انتقال) درخت")),
            ),
            question(
                "radio",
                "محل درخت",
                "tree_location",
                choices=choices(
                    ("property", "داخل ملک (حیاط یا باغ)"),
                    ("public", "پیاده‌رو یا معبر عمومی"),
                ),
            ),
            question("integer", "تعداد درختان", "tree_count", min_value=1, max_value=20),
            question(
                "select",
                "گونه درخت",
                "species",
                choices=choices(
                    ("plane", "چنار"),
                    ("pine", "کاج"),
                    ("cypress", "سرو"),
                    ("mulberry", "توت"),
                    ("locust", "اقاقیا"),
                    ("ash", "زبان‌گنجشک"),
                    ("other", "گونه دیگر"),
                ),
            ),
            question(
                "text",
                "نام گونه درخت",
                "species_other",
                max_length=60,
                condition=when("species", "equals", "other"),
            ),
            question(
                "decimal",
                "محیط تنه در ارتفاع 1 متری (سانتی‌متر)",
                "trunk_circumference",
                min_value="5",
                max_value="1000",
                decimal_places=1,
            ),
            question(
                "checkboxes",
                "دلیل درخواست",
                "reasons",
                choices=choices(
                    ("falling", "خطر سقوط یا شکستن"),
                    ("dry", "خشکیدگی کامل"),
                    ("damage", "آسیب به ساختمان یا تأسیسات"),
                    ("disease", "آفت یا بیماری"),
                    ("construction", "احداث یا نوسازی بنا"),
                    ("other", "دلیل دیگر"),
                ),
                min_choices=1,
            ),
            question(
                "text",
                "دلیل دیگر",
                "reasons_other",
                max_length=200,
                condition=when("reasons", "equals", "other"),
            ),
            question(
                "textarea",
                "شرح خطر یا آسیب",
                "danger_description",
                help_text="ترک‌ها، کجی تنه یا آسیب به دیوار و لوله‌ها را توضیح دهید.",
                min_length=20,
                max_length=1000,
                condition=any_of(
                    rule("reasons", "equals", "falling"),
                    rule("reasons", "equals", "damage"),
                ),
            ),
            question(
                "text",
                "شماره پروانه ساختمانی",
                max_length=30,
                condition=when("reasons", "equals", "construction"),
            ),
        ),
        step(
            "نشانی، مدارک و تأیید",
            "",
            postal_code(),
            address("نشانی محل درخت"),
            question(
                "jalali_date",
                "تاریخ پیشنهادی بازدید",
                help_text="اختیاری؛ روزی که در محل حضور دارید.",
                required=False,
                earliest="today",
            ),
            photo_upload(
                "عکس‌های درخت",
                "tree_photos",
                max_files=5,
                help_text="از تنه، تاج و محل آسیب؛ حداکثر 5 عکس.",
            ),
            upload(
                "سند مالکیت یا اجاره‌نامه ملک",
                "ownership_document",
                condition=when("tree_location", "equals", "property"),
            ),
            declaration(),
        ),
    ],
}

CITIZEN_FORMS = [NO_DEBT_FORM, COMPLAINT_FORM, TREE_CUTTING_FORM]
