"""The demo catalog of an imaginary municipality (شهرداری نمونه).

Departments come first because services name their responsible unit by code.
Each category's services live in their own module (`services_*`). Digits are
stored as ASCII; the site shows them in Persian.
"""

from .common import AGENCY_NAME, CENTRAL_BUILDING, MAIN_PHONE, OFFICE_HOURS, email
from .services_business import BUSINESS_SERVICES
from .services_certificates import CERTIFICATE_SERVICES
from .services_citizen import CITIZEN_SERVICES
from .services_urban import URBAN_PLANNING_SERVICES

SITE_NAME = AGENCY_NAME

HOME_PAGE = {
    "slug": "home",
    "title": f"میز خدمت الکترونیک {AGENCY_NAME}",
    "intro": (
        "درخواست خود را بدون مراجعه حضوری ثبت کنید، کد رهگیری بگیرید و مراحل رسیدگی را "
        "پیگیری کنید. پیش از ثبت درخواست، شناسنامه هر خدمت را بخوانید: مدارک لازم، هزینه، "
        "مدت انجام کار و واحد پاسخ‌گو."
    ),
}

SERVICE_INDEX_PAGE = {
    "slug": "services",
    "title": "فهرست خدمات",
    "intro": "همه خدمات شهرداری به تفکیک موضوع؛ با جست‌وجو خدمت مورد نظر را سریع‌تر پیدا کنید.",
}

# Parents are listed before their children; `parent` is the parent's code.
DEPARTMENTS = [
    {
        "code": "DEPUTY-URBAN",
        "name": "معاونت شهرسازی و معماری",
        "parent": None,
        "phone": "021-88001230",
        "email": email("shahrsazi"),
        "address": f"{CENTRAL_BUILDING}، طبقه دوم",
        "working_hours": OFFICE_HOURS,
    },
    {
        "code": "URBAN-PLANNING",
        "name": "اداره شهرسازی و صدور پروانه",
        "parent": "DEPUTY-URBAN",
        "phone": "021-88001234",
        "email": email("parvaneh"),
        "address": f"{CENTRAL_BUILDING}، طبقه دوم",
        "working_hours": OFFICE_HOURS,
    },
    {
        "code": "BUILDING-CONTROL",
        "name": "اداره کنترل ساختمان و پایان کار",
        "parent": "DEPUTY-URBAN",
        "phone": "021-88001240",
        "email": email("payankar"),
        "address": f"{CENTRAL_BUILDING}، طبقه سوم",
        "working_hours": OFFICE_HOURS,
    },
    {
        "code": "DEPUTY-FINANCE",
        "name": "معاونت مالی و اقتصادی",
        "parent": None,
        "phone": "021-88001245",
        "email": email("mali"),
        "address": f"{CENTRAL_BUILDING}، طبقه چهارم",
        "working_hours": OFFICE_HOURS,
    },
    {
        "code": "REVENUE",
        "name": "اداره درآمد و وصول عوارض",
        "parent": "DEPUTY-FINANCE",
        "phone": "021-88001250",
        "email": email("daramad"),
        "address": f"{CENTRAL_BUILDING}، طبقه چهارم",
        "working_hours": OFFICE_HOURS,
    },
    {
        "code": "DEPUTY-SERVICES",
        "name": "معاونت خدمات شهری",
        "parent": None,
        "phone": "021-88001255",
        "email": email("khadamat"),
        "address": f"{CENTRAL_BUILDING}، طبقه اول",
        "working_hours": OFFICE_HOURS,
    },
    {
        "code": "BUSINESS-LICENSING",
        "name": "اداره کسب‌وپیشه و ساماندهی مشاغل شهری",
        "parent": "DEPUTY-SERVICES",
        "phone": "021-88001260",
        "email": email("kasb"),
        "address": f"{CENTRAL_BUILDING}، طبقه همکف",
        "working_hours": OFFICE_HOURS,
    },
    {
        "code": "GREEN-SPACE",
        "name": "اداره فضای سبز شهری",
        "parent": "DEPUTY-SERVICES",
        "phone": "021-88001270",
        "email": email("fazayesabz"),
        "address": "بوستان ملت، ساختمان اداره فضای سبز",
        "working_hours": OFFICE_HOURS,
    },
    {
        "code": "PUBLIC-RELATIONS",
        "name": "اداره روابط عمومی و امور بین‌الملل",
        "parent": None,
        "phone": "021-88001280",
        "email": email("ravabetomoomi"),
        "address": f"{CENTRAL_BUILDING}، طبقه پنجم",
        "working_hours": OFFICE_HOURS,
    },
    {
        "code": "SERVICE-DESK",
        "name": "اداره ارتباطات مردمی و میز خدمت",
        "parent": "PUBLIC-RELATIONS",
        "phone": MAIN_PHONE,
        "email": email("info"),
        "address": f"{CENTRAL_BUILDING}، طبقه همکف",
        "working_hours": OFFICE_HOURS,
    },
]

CATEGORIES = [
    {
        "slug": "urban-planning",
        "title": "شهرسازی و ساختمان",
        "summary": (
            "پروانه ساختمانی، مجوز تعمیرات و بازسازی، تغییر کاربری و سایر خدمات "
            "ساخت‌وساز در محدوده شهر."
        ),
        "services": URBAN_PLANNING_SERVICES,
    },
    {
        "slug": "certificates",
        "title": "گواهی‌ها و عوارض",
        "summary": "گواهی پایان کار ساختمان و مفاصاحساب عوارض برای نقل و انتقال املاک.",
        "services": CERTIFICATE_SERVICES,
    },
    {
        "slug": "business",
        "title": "کسب‌وکار و مشاغل شهری",
        "summary": "مجوز شهرداری برای پروانه کسب، تابلوی سردر و بازارچه‌های ساماندهی دست‌فروشان.",
        "services": BUSINESS_SERVICES,
    },
    {
        "slug": "citizen-services",
        "title": "خدمات شهروندی",
        "summary": "ثبت شکایت از خدمات شهرداری، فضای سبز و سایر خدمات عمومی شهر.",
        "services": CITIZEN_SERVICES,
    },
]
