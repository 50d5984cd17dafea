"""Writes of the form builder."""

import logging

from django.db import transaction

from .models import FormVersion, ServiceForm
from .schema import schema_build, schema_problems

logger = logging.getLogger(__name__)


class FormNotPublishable(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@transaction.atomic
def form_version_freeze(*, form: ServiceForm, revision=None, user=None) -> FormVersion:
    """Freeze the form's live content into a new version, unless nothing changed.

    Called whenever a form is published. Raises FormNotPublishable when the schema
    has problems (the admin refuses such a publish before it gets here).
    """
    latest = FormVersion.objects.select_for_update().filter(form=form).order_by("-number").first()
    number = (latest.number + 1) if latest else 1
    schema = schema_build(form.steps, version=number)
    problems = schema_problems(schema)
    if problems:
        raise FormNotPublishable(problems)
    if latest is not None and {**latest.schema, "version": number} == schema:
        return latest
    version = FormVersion.objects.create(
        form=form, number=number, schema=schema, revision=revision, published_by=user
    )
    logger.info("Form %s published as version %s", form.pk, number)
    return version
