"""The demo agency, its fixed holidays, and the SMS templates (each fits one SMS filled)."""

import datetime

AGENCY = {
    "name": "شهرداری نمونه",
    "phone": "021-12345678",
    "address": "خیابان آزادی، میدان شهرداری، ساختمان مرکزی، طبقه همکف",
    "desk_hours": "شنبه تا چهارشنبه، 7:30 تا 14:30",
    "closed_on_thursday": True,
}

# The fixed (solar) official holidays of the coming months; the lunar ones move every
# year, and editors add them to the table from the official calendar.
HOLIDAYS = [
    (datetime.date(2027, 2, 11), "پیروزی انقلاب اسلامی (22 بهمن)"),
    (datetime.date(2027, 3, 20), "ملی شدن صنعت نفت (29 اسفند)"),
    (datetime.date(2027, 3, 21), "نوروز"),
    (datetime.date(2027, 3, 22), "نوروز"),
    (datetime.date(2027, 3, 23), "نوروز"),
    (datetime.date(2027, 3, 24), "نوروز"),
    (datetime.date(2027, 4, 1), "روز جمهوری اسلامی (12 فروردین)"),
    (datetime.date(2027, 4, 2), "روز طبیعت (13 فروردین)"),
    (datetime.date(2027, 6, 4), "رحلت امام خمینی (14 خرداد)"),
    (datetime.date(2027, 6, 5), "قیام 15 خرداد"),
]

# Event → text (the SMS shows digits in Persian). Placeholders: {tracking_code}
# {service} {status} {letter_number} {track_url} {survey_url}; the one-time code's {code}.
# Each fits one Persian SMS (70 characters) filled, with a site address of up to 40
# characters: the tracking link is then 47 characters and the survey link 60, so their
# texts are a few words.
SMS_TEMPLATES = {
    "received": "درخواست شما ثبت شد. کد رهگیری: {tracking_code}",
    "registered": "درخواست {tracking_code} با شماره نامه {letter_number} ثبت شد.",
    "in_review": "درخواست {tracking_code} در حال بررسی است.",
    "referred": "درخواست {tracking_code} برای رسیدگی به واحد مربوط ارجاع شد.",
    "needs_info": "نقص مدارک {tracking_code}\n{track_url}",
    "completed": "درخواست {tracking_code} انجام شد. نتیجه در صفحه پیگیری است.",
    "rejected": "درخواست {tracking_code} رد شد. دلیل در صفحه پیگیری است.",
    "survey": "نظرسنجی\n{survey_url}",
    "otp": "کد تأیید میز خدمت: {code}\nاین کد را به کسی ندهید.",
}
