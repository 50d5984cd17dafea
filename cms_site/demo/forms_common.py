"""The questions most demo request forms ask, and the steps most of them open and close
with, built with `forms_blocks`.

Keys are readable ASCII where answers are looked up (full_name, mobile, ...); some
are left empty on purpose, so that publishing makes them from the Persian question.
Every helper returns new dicts, so no two forms share (and mutate) a question.
Digits are ASCII; the site shows them in Persian.
"""

from .forms_blocks import choices, question, step, when

# A file field's accepted types (`formbuilder.fields.files.FILE_KINDS`).
DOCUMENT_TYPES = ["pdf", "jpeg", "png"]
PHOTO_TYPES = ["jpeg", "png", "heic"]

# Tehran-style property renewal code (کد نوسازی): district-block-parcel.
RENEWAL_CODE_PATTERN = r"[0-9]{1,2}-[0-9]{1,4}-[0-9]{1,4}"
# A legal entity's national identifier (شناسه ملی اشخاص حقوقی): 11 digits.
COMPANY_ID_PATTERN = r"[0-9]{11}"


# -- Questions most forms ask -----------------------------------------------------


def full_name(label: str = "نام و نام خانوادگی", **kwargs) -> tuple[str, dict]:
    return question("text", label, "full_name", min_length=3, max_length=100, **kwargs)


def national_id(**kwargs) -> tuple[str, dict]:
    kwargs.setdefault("help_text", "کد 10 رقمی روی کارت ملی.")
    return question("national_id", "کد ملی", "national_id", **kwargs)


def mobile() -> tuple[str, dict]:
    """Required and unconditional: a form cannot be published without it."""
    return question(
        "mobile",
        "شماره همراه",
        "mobile",
        help_text="کد رهگیری و خبر هر مرحله رسیدگی به این شماره پیامک می‌شود.",
    )


def email(help_text: str = "اختیاری؛ برای دریافت رونوشت پاسخ‌ها.") -> tuple[str, dict]:
    return question("email", "نشانی ایمیل", "email", help_text=help_text, required=False)


def applicant_questions(name_help: str = "") -> list[tuple[str, dict]]:
    """Who is asking, as most forms open: full name (`name_help` under it), national ID, mobile."""
    return [full_name(help_text=name_help), national_id(), mobile()]


def applicant_type(company_label: str = "شخص حقوقی (شرکت یا مؤسسه)") -> tuple[str, dict]:
    return question(
        "radio",
        "متقاضی کیست؟",
        "applicant_type",
        choices=choices(("person", "شخص حقیقی"), ("company", company_label)),
    )


def company_questions() -> list[tuple[str, dict]]:
    """Asked only when the applicant is a company (`applicant_type` = company)."""
    return [
        question(
            "text",
            "نام شرکت یا مؤسسه",
            "company_name",
            help_text="همان نامی که در روزنامه رسمی آمده است.",
            max_length=150,
            condition=when("applicant_type", "equals", "company"),
        ),
        question(
            "text",
            "شناسه ملی شرکت",
            "company_national_id",
            help_text="شناسه 11 رقمی اشخاص حقوقی.",
            pattern=COMPANY_ID_PATTERN,
            pattern_message=(
                "شناسه ملی اشخاص حقوقی 11 رقم است؛ آن را از روزنامه رسمی یا "
                "سامانه ثبت شرکت‌ها بردارید."
            ),
            condition=when("applicant_type", "equals", "company"),
        ),
    ]


def renewal_code() -> tuple[str, dict]:
    return question(
        "text",
        "کد نوسازی ملک",
        "renewal_code",
        help_text="روی قبض عوارض نوسازی چاپ شده است: منطقه-بلوک-ملک.",
        pattern=RENEWAL_CODE_PATTERN,
        pattern_message="کد نوسازی را به شکل منطقه-بلوک-ملک وارد کنید، مثلاً 3-125-17.",
    )


def postal_code(label: str = "کد پستی ملک") -> tuple[str, dict]:
    return question("postal_code", label, "postal_code", help_text="کد پستی 10 رقمی، بدون خط تیره.")


def address(label: str = "نشانی کامل ملک") -> tuple[str, dict]:
    return question(
        "textarea",
        label,
        "address",
        help_text="خیابان اصلی، خیابان فرعی، کوچه، پلاک و طبقه.",
        min_length=15,
        max_length=500,
    )


def upload(
    label: str,
    key: str = "",
    *,
    types: list[str] | None = None,
    max_size_mb: float = 5,
    **kwargs,
) -> tuple[str, dict]:
    return question(
        "file",
        label,
        key,
        allowed_types=list(types or DOCUMENT_TYPES),
        max_size_mb=max_size_mb,
        **kwargs,
    )


def photo_upload(label: str, key: str, *, max_files: int, **kwargs) -> tuple[str, dict]:
    """Several photos taken on site (PHOTO_TYPES, up to 8 MB each)."""
    return upload(
        label, key, types=PHOTO_TYPES, max_size_mb=8, multiple=True, max_files=max_files, **kwargs
    )


def declaration() -> tuple[str, dict]:
    """The confirmation every form ends with."""
    return question(
        "boolean",
        "اطلاعات و مدارکی را که فرستاده‌ام درست و کامل می‌دانم و مسئولیت آن را می‌پذیرم.",
        "declaration",
        help_text="اگر اطلاعات نادرست باشد، درخواست رد می‌شود و ممکن است پیگرد قانونی داشته باشد.",
    )


def documents_step(*uploads: tuple[str, dict], description: str = "") -> tuple[str, dict]:
    """The last step of most forms: «مدارک و تأیید», its uploads, then the declaration."""
    return step("مدارک و تأیید", description, *uploads, declaration())
