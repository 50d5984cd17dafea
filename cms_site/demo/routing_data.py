"""Demo routing: rules (one on a form answer), a default rule, and an example automation
endpoint, inactive (see README, "Office automation")."""

ENDPOINT = {
    "name": "اتوماسیون اداری (نمونه)",
    "url": "http://127.0.0.1:9000/khedmat/letters",
    "timeout_seconds": 10,
    "is_active": False,
}

# In order. "services"/"categories" name service codes and category slugs; "condition"
# is on the answers, by question key.
RULES = [
    {
        "name": "پروانه ساختمانی با وکالت: بررسی حقوقی در کنترل ساختمان",
        "sort_order": 10,
        "services": ["12031045000"],
        "condition": {"match": "all", "rules": [("applicant_role", "equals", "attorney")]},
        "department": "BUILDING-CONTROL",
        "sla_days": 12,
    },
    {
        "name": "خدمات کسب و کار: اداره صدور پروانه کسب",
        "sort_order": 20,
        "categories": ["business"],
        "department": "BUSINESS-LICENSING",
    },
    {
        "name": "درخواست‌های ثبت‌شده در میز حضوری: میز خدمت",
        "sort_order": 30,
        "channel": "in_person",
        "department": "SERVICE-DESK",
        "priority": 1,
    },
    {
        "name": "ارسال به اتوماسیون اداری (نمونه، غیرفعال)",
        "sort_order": 40,
        "is_active": False,
        "connector": "webhook",
        "endpoint": True,
    },
    {
        "name": "پیش‌فرض: واحد مسئول هر خدمت",
        "sort_order": 100,
        "is_default": True,
    },
]
