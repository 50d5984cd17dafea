"""The library's first ready steps, so a production install offers them without the demo.

Keys are left empty: the form makes them from the labels when the step is inserted and
saved, unique in that form. Running again adds nothing; reversing removes only these.
"""

import uuid

from django.db import migrations


def question(type_name, label, help_text="", **options):
    value = {"label": label, "key": "", "help_text": help_text, "required": True, **options}
    value["condition"] = {"match": "all", "rules": []}
    return {"type": type_name, "value": value, "id": str(uuid.uuid4())}


READY_STEPS = [
    (
        "مشخصات متقاضی",
        "",
        [
            question("text", "نام و نام خانوادگی"),
            question("national_id", "کد ملی"),
            question("mobile", "شماره همراه", "پیامک‌های پیگیری به این شماره فرستاده می‌شود."),
        ],
    ),
    (
        "مشخصات شرکت",
        "",
        [
            question("text", "نام شرکت"),
            question("legal_id", "شناسه ملی شرکت"),
            question("text", "شماره ثبت شرکت"),
        ],
    ),
    (
        "نشانی",
        "",
        [
            question("textarea", "نشانی"),
            question("postal_code", "کد پستی"),
        ],
    ),
    (
        "اقرارنامه",
        "",
        [
            question(
                "boolean",
                "اطلاعات واردشده را درست و کامل می‌دانم و مسئولیت آن را می‌پذیرم.",
            ),
        ],
    ),
]


def seed(apps, schema_editor):
    ReadyStep = apps.get_model("formbuilder", "ReadyStep")
    for title, description, fields in READY_STEPS:
        if not ReadyStep.objects.filter(title=title).exists():
            ReadyStep.objects.create(title=title, description=description, fields=fields)


def unseed(apps, schema_editor):
    ReadyStep = apps.get_model("formbuilder", "ReadyStep")
    ReadyStep.objects.filter(title__in=[title for title, _d, _f in READY_STEPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("formbuilder", "0006_ready_steps_and_question_outline")]

    operations = [migrations.RunPython(seed, unseed)]
