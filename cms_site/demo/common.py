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


# How a service is offered, spread into a service's dict: online only, or also (or only)
# at a desk of the central building.
ONLINE_ONLY = {
    "channel_online": True,
    "channel_in_person": False,
    "in_person_visits": 0,
    "visit_location": "",
    "visit_hours": "",
}


def at_the_desk(office: str, *, visits: int, online: bool) -> dict:
    return {
        "channel_online": online,
        "channel_in_person": True,
        "in_person_visits": visits,
        "visit_location": f"{CENTRAL_BUILDING}، {office}",
        "visit_hours": DESK_HOURS,
    }


def contact(department: str, phone: str, mailbox: str) -> dict:
    """The responsible department (by code) and the service's phone and e-mail."""
    return {"department": department, "contact_phone": phone, "contact_email": email(mailbox)}


# The rows of a service page's three lists (its StreamField blocks' raw values).


def document(title: str, note: str, *, original_required: bool = False) -> dict:
    """A required document; `original_required`: the original is seen, not only a copy."""
    return {"title": title, "note": note, "original_required": original_required}


def procedure_step(title: str, description: str) -> dict:
    """One step of how the service is carried out, as the page lists it."""
    return {"title": title, "description": description}


def law(title: str, reference: str) -> dict:
    """A law the service rests on and the article it cites; the demo links no text."""
    return {"title": title, "reference": reference, "url": ""}
