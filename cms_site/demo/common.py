"""Facts shared by every demo data module: the agency, its address and office hours.

Digits are stored as ASCII (0-9); the site shows them in Persian.
"""

AGENCY_NAME = "شهرداری نمونه"
EMAIL_DOMAIN = "shahrdari-nemooneh.ir"
MAIN_PHONE = "021-88001200"

CENTRAL_BUILDING = "ساختمان مرکزی شهرداری نمونه، میدان شهرداری، خیابان آزادی"
OFFICE_HOURS = "شنبه تا چهارشنبه، 8 تا 14"
DESK_HOURS = "شنبه تا چهارشنبه، 8 تا 13 (پذیرش مراجعان)"


def email(local_part: str) -> str:
    return f"{local_part}@{EMAIL_DOMAIN}"
