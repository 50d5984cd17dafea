"""The demo's sample requests: who asked for what, when, and what became of it.

`REQUESTS` is the plan, one row per request: the service (by code), its story (what
staff and the citizen did after it was routed), how many working days ago it was
submitted, the channel, the citizen's satisfaction score if they answered the survey,
and optionally which answer variant of the service to use. The rest of the texts are
what people typed: answers (`ANSWERS`, as a citizen fills the form; a question is named
by its key, or by its label when the key was made from the Persian label), staff
messages, citizens' replies and survey comments.

`cms_site.demo.requests` turns this into requests through the real services. Digits
are ASCII; the site shows them in Persian.
"""

from dataclasses import dataclass
from enum import StrEnum

# The showcase request README names, to try on /track/ (valid Verhoeff check digit; the
# same code as the example in the automation API's documentation).
SHOWCASE_TRACKING_CODE = "123456789010"
SHOWCASE_MOBILE = "09121234567"
SHOWCASE_CITIZEN = "سارا محمدی"

RANDOM_SEED = 1405

# Service codes of the demo services with an online form (see forms_*.py).
BUILDING_PERMIT = "12031045000"
RENOVATION = "12031047000"
NO_DEBT = "12033021000"
BUSINESS_LICENCE = "12032011000"
SHOP_SIGN = "12032014000"
COMPLAINT = "12034001000"
TREE_CUTTING = "12034008000"

# The desk clerk who registers in-person requests, and the staff member of the
# departments the demo login `staff` belongs to (accounts_data.DEMO_USERS).
CLERK = "staff"

# Colleagues who handle the requests of the other departments. They have no password:
# they are the names on the timeline and in the audit trail, not demo logins.
COLLEAGUES = [
    # (username, first name, last name, department code)
    ("b.navabi", "بهرام", "نوابی", "BUILDING-CONTROL"),
    ("n.ghasemi", "نرگس", "قاسمی", "REVENUE"),
    ("h.sadeghi", "حمید", "صادقی", "BUSINESS-LICENSING"),
    ("l.mousavi", "لیلا", "موسوی", "GREEN-SPACE"),
]


class Story(StrEnum):
    """What happens to a request after it is routed."""

    NEW = "new"  # nobody has taken it yet
    REGISTERED = "registered"  # registered in the secretariat with a letter number
    IN_REVIEW = "in_review"
    NEEDS_INFO = "needs_info"  # waiting for a document from the citizen
    REPLIED = "replied"  # asked for a document, answered, back in review
    REFERRED = "referred"  # sent to another unit, not taken there yet
    COMPLETED = "completed"
    COMPLETED_LATE = "completed_late"  # after its due date
    COMPLETED_AFTER_INFO = "completed_after_info"
    COMPLETED_AFTER_REFERRAL = "completed_after_referral"
    REJECTED = "rejected"


ONLINE, IN_PERSON = "online", "in_person"


@dataclass(frozen=True)
class PlannedRequest:
    service: str
    story: Story
    working_days_ago: int
    channel: str = ONLINE
    survey: int | None = None  # the overall score (1-5) when the survey was answered
    variant: int | None = None  # index into ANSWERS[service]; drawn at random if None
    showcase: bool = False


# Oldest first, about five months. Open requests older than their service's duration
# (complaint 30, permit 20, tree 15, licence 10, renovation and sign 7, no-debt 3
# working days) are overdue.
REQUESTS = [
    PlannedRequest(NO_DEBT, Story.COMPLETED, 104, survey=5),
    PlannedRequest(COMPLAINT, Story.COMPLETED, 98, IN_PERSON, variant=0),
    PlannedRequest(RENOVATION, Story.COMPLETED_LATE, 95, survey=2),
    PlannedRequest(TREE_CUTTING, Story.COMPLETED, 92),
    PlannedRequest(NO_DEBT, Story.REJECTED, 87, survey=1, variant=2),
    PlannedRequest(SHOP_SIGN, Story.COMPLETED, 84),
    PlannedRequest(COMPLAINT, Story.COMPLETED_AFTER_REFERRAL, 82, variant=1),
    PlannedRequest(BUILDING_PERMIT, Story.REJECTED, 80, variant=1),
    PlannedRequest(BUSINESS_LICENCE, Story.COMPLETED_AFTER_INFO, 73, IN_PERSON, survey=3),
    PlannedRequest(TREE_CUTTING, Story.COMPLETED_LATE, 68, survey=2),
    PlannedRequest(BUILDING_PERMIT, Story.COMPLETED_AFTER_INFO, 65, variant=2),
    PlannedRequest(SHOP_SIGN, Story.REJECTED, 60, survey=2),
    PlannedRequest(RENOVATION, Story.COMPLETED, 57),
    PlannedRequest(COMPLAINT, Story.REJECTED, 55, IN_PERSON, variant=3),
    PlannedRequest(BUILDING_PERMIT, Story.COMPLETED, 50, IN_PERSON, survey=5, variant=0),
    PlannedRequest(COMPLAINT, Story.NEEDS_INFO, 45, variant=2),
    PlannedRequest(RENOVATION, Story.COMPLETED_LATE, 43),
    PlannedRequest(BUSINESS_LICENCE, Story.REJECTED, 41, survey=1),
    PlannedRequest(BUILDING_PERMIT, Story.REFERRED, 38, variant=0),
    PlannedRequest(NO_DEBT, Story.COMPLETED, 36),
    PlannedRequest(SHOP_SIGN, Story.COMPLETED_AFTER_INFO, 34, survey=4),
    PlannedRequest(COMPLAINT, Story.COMPLETED, 31, survey=4, variant=0),
    PlannedRequest(TREE_CUTTING, Story.IN_REVIEW, 29),
    PlannedRequest(NO_DEBT, Story.COMPLETED, 25, survey=3),
    PlannedRequest(BUSINESS_LICENCE, Story.COMPLETED, 23),
    PlannedRequest(BUILDING_PERMIT, Story.COMPLETED_AFTER_REFERRAL, 21, variant=1),
    PlannedRequest(COMPLAINT, Story.REFERRED, 18, variant=1),
    PlannedRequest(NO_DEBT, Story.NEW, 16),
    PlannedRequest(SHOP_SIGN, Story.COMPLETED, 15, survey=5),
    PlannedRequest(RENOVATION, Story.NEEDS_INFO, 13),
    PlannedRequest(BUILDING_PERMIT, Story.REPLIED, 12, variant=0, showcase=True),
    PlannedRequest(TREE_CUTTING, Story.COMPLETED, 11, survey=4),
    PlannedRequest(NO_DEBT, Story.COMPLETED, 9),
    PlannedRequest(BUSINESS_LICENCE, Story.NEEDS_INFO, 7),
    PlannedRequest(COMPLAINT, Story.IN_REVIEW, 6, IN_PERSON, variant=2),
    PlannedRequest(BUILDING_PERMIT, Story.REGISTERED, 4, variant=1),
    PlannedRequest(NO_DEBT, Story.COMPLETED, 4, survey=5),
    PlannedRequest(TREE_CUTTING, Story.NEW, 2),
    PlannedRequest(BUSINESS_LICENCE, Story.REGISTERED, 1),
    PlannedRequest(COMPLAINT, Story.NEW, 1, variant=0),
]

# The citizens; mobile numbers and national IDs are drawn for them. Every SMS to the
# one whose line is out of service fails (the SMS log shows failures to retry).
CITIZENS = [
    "علی رضایی", "مریم کاظمی", "حسین جعفری", "فاطمه نوری", "محمد یزدانی", "زینب اکبری",
    "رضا شریفی", "نسرین طاهری", "امیر حیدری", "الهام رحیمی", "مهدی کریم‌زاده", "سمیه فرهادی",
    "جواد بهرامی", "پریسا عسگری", "کاوه مرادی", "شیما سلطانی", "داوود نجفی", "مینا قربانی",
    "سعید پورمحمدی", "راحله اسدی", "بابک زمانی", "نازنین کیانی", "یوسف خسروی", "هانیه ملکی",
]  # fmt: skip
UNREACHABLE_CITIZEN = "کاوه مرادی"

# A file to upload: (file name, "pdf" or "png"). The bytes are a drawn page or photo.
BUILDING_PERMIT_FILES = {
    "deed": [("سند-مالکیت.pdf", "pdf")],
    "plans": [("نقشه-معماری.pdf", "pdf"), ("نقشه-سازه.pdf", "pdf")],
}

# Answer variants by service, as a citizen types them; the citizen's name, national
# ID, mobile number and (sometimes) email are added. `files` are the uploads. A date
# is `("days", n)`: n days after the request (before it when negative), moved after
# today when the question accepts only dates from today.
ANSWERS: dict[str, list[dict]] = {
    BUILDING_PERMIT: [
        {
            "applicant_role": "owner",
            "renewal_code": "3-125-17",
            "district": "3",
            "address": "خیابان بهار، کوچه نسترن، پلاک 14",
            "land_area": "245.5",
            "deed_type": "single",
            "permit_type": "new",
            "land_use": "residential",
            "floors": 4,
            "units": 8,
            "زیربنای کل درخواستی (متر مربع)": 820,
            "supervisor_licence": "1-11-12345",
            "declaration": True,
            "files": BUILDING_PERMIT_FILES,
        },
        {
            "applicant_role": "owner",
            "renewal_code": "2-48-6",
            "district": "2",
            "address": "بلوار کشاورز، خیابان لاله، پلاک 32، ساختمان قدیمی دو طبقه",
            "land_area": "410",
            "deed_type": "booklet",
            "permit_type": "rebuild",
            "عمر بنای موجود (سال)": 38,
            "land_use": "mixed",
            "floors": 6,
            "units": 14,
            "زیربنای کل درخواستی (متر مربع)": 1950,
            "supervisor_licence": "1-12-20417",
            "declaration": True,
            "files": {
                **BUILDING_PERMIT_FILES,
                "soil_report": [("گزارش-مکانیک-خاک.pdf", "pdf")],
            },
        },
        {
            "applicant_role": "attorney",
            "owner_name": "غلامرضا توکلی",
            "owner_national_id": "4521983766",
            "renewal_code": "5-310-2",
            "district": "5",
            "address": "شهرک گلستان، خیابان دوم غربی، پلاک 7",
            "land_area": "180",
            "deed_type": "shared",
            "permit_type": "extension",
            "عمر بنای موجود (سال)": 12,
            "land_use": "residential",
            "floors": 3,
            "units": 3,
            "زیربنای کل درخواستی (متر مربع)": 430,
            "supervisor_licence": "2-14-8812",
            "declaration": True,
            "files": {
                **BUILDING_PERMIT_FILES,
                "power_of_attorney": [("وکالت‌نامه.pdf", "pdf")],
            },
        },
    ],
    RENOVATION: [
        {
            "renewal_code": "4-77-21",
            "works": ["facade", "fence"],
            "مدت اجرای تعمیرات (روز)": 30,
            "start_date": ("days", 20),
            "sidewalk_use": "yes",
            "sidewalk_area": "6.5",
            "declaration": True,
            "files": {
                "photos": [("نما-1.png", "png"), ("نما-2.png", "png")],
                "permit_document": [("پایان-کار.pdf", "pdf")],
            },
        },
        {
            "renewal_code": "1-203-9",
            "works": ["roof", "other"],
            "شرح موارد دیگر": "تعویض ناودان‌های فرسوده و آب‌بندی دودکش",
            "مدت اجرای تعمیرات (روز)": 12,
            "start_date": ("days", 10),
            "sidewalk_use": "no",
            "declaration": True,
            "files": {
                "photos": [("بام.png", "png")],
                "permit_document": [("پروانه-ساختمان.pdf", "pdf")],
            },
        },
    ],
    NO_DEBT: [
        {
            "تعداد مالکان مشاع": 1,
            "renewal_code": "3-91-40",
            "property_use": "residential",
            "reason": "loan",
            "declaration": True,
        },
        {
            "تعداد مالکان مشاع": 2,
            "renewal_code": "2-156-3",
            "property_use": "commercial",
            "reason": "transfer",
            "buyer_national_id": "2287640193",
            "شماره دفترخانه اسناد رسمی": 214,
            "declaration": True,
        },
        {
            "تعداد مالکان مشاع": 3,
            "renewal_code": "5-12-118",
            "property_use": "vacant",
            "reason": "subdivision",
            "declaration": True,
        },
    ],
    BUSINESS_LICENCE: [
        {
            "applicant_type": "person",
            "نام واحد صنفی": "نانوایی سنگک برکت",
            "guild": "other",
            "guild_other": "اتحادیه نانوایان",
            "شماره نامه استعلام اتحادیه": "1405/2587",
            "مساحت واحد (متر مربع)": "64",
            "ownership": "tenant",
            "lease_end": ("days", 340),
            "address": "خیابان امام، نبش کوچه یاس، پلاک 102",
            "declaration": True,
            "files": {
                "guild_letter": [("استعلام-اتحادیه.pdf", "pdf")],
                "premises_document": [("اجاره‌نامه.pdf", "pdf")],
            },
        },
        {
            "applicant_type": "company",
            "company_name": "شرکت پوشاک آرین‌تن",
            "company_national_id": "10320458791",
            "نام واحد صنفی": "فروشگاه پوشاک آرین",
            "guild": "clothing",
            "شماره نامه استعلام اتحادیه": "1405/9140",
            "مساحت واحد (متر مربع)": "120.5",
            "ownership": "owner",
            "address": "بازار بزرگ شهر، راسته کفاشان، واحد 18",
            "declaration": True,
            "files": {
                "guild_letter": [("استعلام-اتحادیه.pdf", "pdf")],
                "premises_document": [("سند-مغازه.pdf", "pdf")],
                "official_gazette": [("روزنامه-رسمی.pdf", "pdf")],
            },
        },
    ],
    SHOP_SIGN: [
        {
            "business_licence_number": "40512877",
            "sign_type": "front",
            "sign_width": "4.5",
            "sign_height": "1.2",
            "جنس تابلو": ["composite"],
            "lighting": "backlit",
            "declaration": True,
            "files": {
                "sign_design": [("طرح-تابلو.pdf", "pdf")],
                "facade_photos": [("نمای-مغازه.png", "png")],
            },
        },
        {
            "business_licence_number": "7730915",
            "sign_type": "projecting",
            "sign_width": "1.2",
            "sign_height": "0.8",
            "جنس تابلو": ["metal", "acrylic"],
            "lighting": "letters",
            "sign_clearance_cm": 280,
            "declaration": True,
            "files": {
                "sign_design": [("طرح-تابلو.pdf", "pdf")],
                "facade_photos": [("نما.png", "png"), ("پیاده‌رو.png", "png")],
                "owner_consent": [("رضایت-مالک.pdf", "pdf")],
            },
        },
    ],
    COMPLAINT: [
        {
            "complaint_about": "delay",
            "incident_date": ("days", -3),
            "description": (
                "درخواست مفاصاحساب من بیش از دو هفته است که بدون پاسخ مانده و هر بار "
                "که تماس می‌گیرم می‌گویند در حال بررسی است."
            ),
            "reply_channels": ["call"],
            "declaration": True,
        },
        {
            "complaint_about": "city_service",
            "incident_date": ("days", -6),
            "محل رخداد": "پارک محله، ضلع شمالی",
            "description": (
                "درختان پارک محله چند هفته است آبیاری نشده‌اند و چند نهال خشک شده است. "
                "لطفاً رسیدگی کنید."
            ),
            "declaration": True,
            "files": {"attachments": [("پارک.png", "png")]},
        },
        {
            "complaint_about": "employee",
            "employee_name": "کارشناس باجه 3",
            "employee_unit": "revenue",
            "incident_date": ("days", -1),
            "محل رخداد": "ساختمان مرکزی، طبقه همکف",
            "description": (
                "کارشناس باجه بدون توضیح پرونده را نپذیرفت و مرا به روز دیگری حواله داد."
            ),
            "reply_channels": ["call", "letter"],
            "declaration": True,
        },
        {
            "complaint_about": "other",
            "other_subject": "قطعی مکرر گاز ساختمان",
            "incident_date": ("days", -2),
            "description": ("گاز ساختمان ما در هفته گذشته سه بار قطع شده است و کسی پاسخ‌گو نیست."),
            "declaration": True,
        },
    ],
    TREE_CUTTING: [
        {
            "applicant_type": "person",
            "request_type": "cut",
            "tree_location": "property",
            "tree_count": 1,
            "species": "plane",
            "trunk_circumference": "145",
            "reasons": ["falling", "damage"],
            "danger_description": (
                "تنه درخت ترک برداشته و به سمت دیوار همسایه کج شده است؛ ریشه‌ها لوله آب "
                "حیاط را شکسته‌اند."
            ),
            "address": "خیابان سعدی، کوچه اقاقیا، پلاک 5",
            "declaration": True,
            "files": {
                "tree_photos": [("درخت-1.png", "png"), ("درخت-2.png", "png")],
                "ownership_document": [("سند-ملک.pdf", "pdf")],
            },
        },
        {
            "applicant_type": "company",
            "company_name": "مجتمع مسکونی بهاران",
            "company_national_id": "14002938475",
            "request_type": "move",
            "tree_location": "public",
            "tree_count": 2,
            "species": "ash",
            "trunk_circumference": "60.5",
            "reasons": ["construction"],
            "شماره پروانه ساختمانی": "1405-3381",
            "address": "بلوار ولیعصر، روبه‌روی مجتمع بهاران، پیاده‌روی شرقی",
            "declaration": True,
            "files": {"tree_photos": [("پیاده‌رو.png", "png")]},
        },
    ],
}

# What staff write to the citizen: asking for a document, completing, rejecting.
NEEDS_INFO_MESSAGES = {
    BUILDING_PERMIT: (
        "تصویر سند مالکیت خوانا نیست. لطفاً تصویر واضح همه صفحات سند را در پاسخ "
        "همین پیام بارگذاری کنید."
    ),
    RENOVATION: "در عکس‌ها بام دیده نمی‌شود. لطفاً دو عکس واضح از بام و محل نشت آب بفرستید.",
    NO_DEBT: "لطفاً تصویر آخرین قبض عوارض نوسازی ملک را بارگذاری کنید.",
    BUSINESS_LICENCE: (
        "مهلت نامه استعلام اتحادیه گذشته است. لطفاً نامه استعلام جدید را بارگذاری کنید."
    ),
    SHOP_SIGN: "ابعاد طرح تابلو با فرم یکی نیست. لطفاً طرح اصلاح‌شده با ابعاد دقیق را بفرستید.",
    COMPLAINT: "لطفاً تصویر رسید یا نامه‌ای را که در شکایت به آن اشاره کرده‌اید بفرستید.",
    TREE_CUTTING: "لطفاً تصویر سند یا اجاره‌نامه ملکی را که درخت در آن است بفرستید.",
}
CITIZEN_REPLIES = {
    BUILDING_PERMIT: ("تصویر همه صفحات سند را دوباره اسکن کردم و فرستادم.", "سند-کامل.pdf"),
    RENOVATION: ("عکس بام و محل نشت را فرستادم.", "بام.pdf"),
    NO_DEBT: ("قبض عوارض پیوست است.", "قبض-عوارض.pdf"),
    BUSINESS_LICENCE: ("نامه جدید اتحادیه را گرفتم و پیوست کردم.", "استعلام-جدید.pdf"),
    SHOP_SIGN: ("طرح اصلاح‌شده پیوست است.", "طرح-اصلاحی.pdf"),
    COMPLAINT: ("تصویر رسید پیوست است.", "رسید.pdf"),
    TREE_CUTTING: ("تصویر سند ملک پیوست است.", "سند.pdf"),
}
COMPLETION_MESSAGES = {
    BUILDING_PERMIT: (
        "پروانه ساختمانی صادر شد. اصل پروانه را با کارت ملی از دبیرخانه اداره شهرسازی تحویل بگیرید."
    ),
    RENOVATION: "مجوز تعمیرات صادر شد. مجوز را در محل کار نگه دارید تا به مأموران ارائه شود.",
    NO_DEBT: "گواهی مفاصاحساب عوارض ملک صادر شد و برای دفترخانه و بانک قابل استعلام است.",
    BUSINESS_LICENCE: (
        "پاسخ استعلام شهرداری برای اتحادیه فرستاده شد. برای دریافت پروانه کسب به "
        "اتحادیه مراجعه کنید."
    ),
    SHOP_SIGN: "مجوز نصب تابلو صادر شد. تابلو را ظرف 30 روز نصب کنید.",
    COMPLAINT: (
        "شکایت شما بررسی شد و به واحد مربوط تذکر داده شد. سپاس که ما را در بهبود خدمات یاری کردید."
    ),
    TREE_CUTTING: (
        "کمیسیون ماده 7 با درخواست موافقت کرد. کاشت 3 اصله درخت جایگزین در همان محل الزامی است."
    ),
}
REJECTION_REASONS = {
    BUILDING_PERMIT: "کاربری ملک در طرح تفصیلی فضای سبز است و صدور پروانه ساختمانی ممکن نیست.",
    RENOVATION: "تعمیرات درخواستی سازه بنا را تغییر می‌دهد؛ برای آن پروانه ساختمانی بگیرید.",
    NO_DEBT: "این ملک پرونده تخلف ساختمانی باز دارد؛ پس از رأی کمیسیون ماده 100 درخواست دهید.",
    BUSINESS_LICENCE: "کاربری ثبت‌شده ملک مسکونی است و فعالیت صنفی در آن مجاز نیست.",
    SHOP_SIGN: "ابعاد تابلو از حد مجاز ضوابط سیما و منظر شهری بیشتر است.",
    COMPLAINT: "رسیدگی به قطعی گاز با شرکت گاز استان است؛ لطفاً با شماره 194 تماس بگیرید.",
    TREE_CUTTING: "درخت سالم است و دلیل کافی برای قطع آن وجود ندارد.",
}

# Internal notes staff leave on the way (the citizen never sees them).
INTERNAL_NOTES = [
    "با متقاضی تماس گرفته شد و زمان بازدید هماهنگ شد.",
    "مدارک بارگذاری‌شده بررسی شد و کامل است.",
    "بازدید میدانی انجام شد؛ گزارش بازدید در پرونده است.",
    "استعلام از اداره ثبت انجام شد و پاسخ آن رسید.",
    "سوابق ملک در سامانه درآمد بررسی شد؛ بدهی معوق ندارد.",
]
# Where a department refers a request, and the note that says why.
REFERRALS = {
    "SERVICE-DESK": ("GREEN-SPACE", "موضوع شکایت فضای سبز است؛ برای رسیدگی ارجاع شد."),
    "URBAN-PLANNING": ("BUILDING-CONTROL", "برای بررسی سوابق تخلف ملک ارجاع شد."),
    "BUILDING-CONTROL": ("URBAN-PLANNING", "بررسی کنترل ساختمان تمام است؛ برای صدور ارجاع شد."),
}

# Survey comments by overall score; some answers leave none.
SURVEY_COMMENTS = {
    5: ["کارشناس خیلی سریع و محترمانه پاسخ داد. ممنون از میز خدمت.", ""],
    4: ["کار زودتر از موعد انجام شد؛ فقط پیامک‌ها کمی دیر می‌رسید.", ""],
    3: ["کار انجام شد، ولی برای یک مدرک ساده دو بار مراجعه کردم."],
    2: ["چند روز دیرتر از موعد اعلام‌شده جواب گرفتم و کسی توضیح نداد."],
    1: ["دلیل رد درخواست را قانع‌کننده نمی‌دانم و راهی برای اعتراض نگفتند.", ""],
}
