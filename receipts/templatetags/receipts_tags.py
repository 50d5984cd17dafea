"""Receipts' own template library (the receipt, the survey page): the tracking code as
people read it, the same filter the submissions pages use."""

from django import template

from submissions.templatetags.submissions_tags import tracking_code

register = template.Library()
register.filter("tracking_code", tracking_code)
