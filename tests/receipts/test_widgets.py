import html
import json
import random
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation

from receipts.models import SurveyResponse
from receipts.services import sms_values
from receipts.sms.length import sms_length
from receipts.widgets import SmsBodyWidget, sms_fill, sms_sample_values
from tests.factories import submission_make

COUNTER_JS = Path(finders.find("receipts/sms_counter.js") or "receipts/sms_counter.js")


def render(value: str, widget: SmsBodyWidget | None = None, language: str = "en") -> str:
    with translation.override(language):
        return (widget or SmsBodyWidget()).render("body", value, attrs={"id": "id_body"})


def data_attribute(rendered: str, name: str):
    match = re.search(rf'{name}="([^"]*)"', rendered)
    assert match, f"{name} is missing"
    return json.loads(html.unescape(match.group(1)))


def test_renders_the_textarea_and_a_live_counter():
    rendered = render("درخواست {tracking_code} ثبت شد.")

    assert re.search(r'<textarea[^>]*name="body"', rendered)
    assert "درخواست {tracking_code} ثبت شد.</textarea>" in rendered
    assert re.search(r'<div[^>]*id="id_body-sms-counter"[^>]*aria-live="polite"', rendered)
    assert 'aria-describedby="id_body-sms-counter"' in rendered


def test_the_counter_carries_the_sample_values_and_its_sentences():
    rendered = render("")

    assert data_attribute(rendered, "data-sms-samples") == sms_sample_values()
    texts = data_attribute(rendered, "data-sms-texts")
    assert "%(characters)s" in texts["written"]
    assert "%(parts)s" in texts["filled"]
    assert texts["warning"]


@pytest.mark.django_db
def test_sample_values_are_as_long_as_a_citizens(service, settings):
    """The links at the configured address with a real token's length, the tracking code
    as many digits as a real one: the count is the count of the SMS a citizen gets."""
    settings.SITE_BASE_URL = "https://khedmat.shahrdari-nemoone.gov.ir"
    submission = submission_make(service)
    survey = SurveyResponse.objects.create(submission=submission)
    real = sms_values(submission, survey_token=survey.token)

    samples = sms_sample_values()

    for name in ("tracking_code", "track_url", "survey_url"):
        assert len(samples[name]) == len(real[name]), (name, samples[name], real[name])
    assert samples["track_url"] == real["track_url"]
    assert samples["survey_url"].startswith("https://khedmat.shahrdari-nemoone.gov.ir/")
    assert samples["survey_url"] != real["survey_url"]  # no citizen's token in the admin
    rendered = render("{survey_url}")
    assert data_attribute(rendered, "data-sms-samples")["survey_url"] == samples["survey_url"]


def test_sample_values_can_be_chosen():
    widget = SmsBodyWidget(sample_values={"tracking_code": "X1"})

    rendered = render("{tracking_code}", widget)

    assert data_attribute(rendered, "data-sms-samples") == {"tracking_code": "X1"}
    assert "With sample values: 2 characters, SMS parts: 1" in rendered


def test_the_first_count_is_rendered_by_the_server():
    body = "درخواست {tracking_code} ثبت شد. پیگیری: {track_url}"

    rendered = render(body)

    filled = sms_length(sms_fill(body, sms_sample_values()))
    assert f"As written: {len(body)} characters, SMS parts: 1" in rendered
    assert f"With sample values: {filled.characters} characters, SMS parts: 1" in rendered
    assert "sms-counter--over" not in rendered
    assert re.search(r"data-sms-warning\s+hidden", rendered)


def test_the_counter_is_marked_when_the_filled_text_needs_two_sms():
    # GSM-7 as written (braces count twice: 47), Persian and 83 characters once filled.
    body = "{service} {service} {service} {service}"

    rendered = render(body)

    assert "As written: 47 characters, SMS parts: 1" in rendered
    assert "With sample values: 83 characters, SMS parts: 2" in rendered
    assert "sms-counter--over" in rendered
    assert not re.search(r"data-sms-warning\s+hidden", rendered)


def test_persian_pages_count_in_persian_digits():
    rendered = render("a" * 12, language="fa")

    assert 'data-sms-language="fa"' in rendered
    assert "۱۲" in rendered
    assert "12 characters" not in rendered


def test_media_brings_the_script_and_the_stylesheet():
    media = str(SmsBodyWidget().media)

    assert "/static/receipts/sms_counter.js" in media
    assert "/static/receipts/sms_counter.css" in media
    assert finders.find("receipts/sms_counter.js")
    assert finders.find("receipts/sms_counter.css")


# The script mirrors receipts/sms/length.py and SmsTemplate.render: both are run on the
# same texts in tests/browser/test_script_parity.py.

ALPHABET = (
    "aZ09 .,!?@£$¥èé\n\r_ΔΩÇ"  # GSM basic
    "{}[]~|^\\€\f"  # GSM extension
    "سلامپژک‌ی۱۲۳"  # Persian, ZWNJ, Persian digits
    "👋😀\u00a0\t`ç"  # emoji (two UTF-16 units), characters outside GSM
)


def mirror_texts() -> list[str]:
    rng = random.Random(1405)
    texts = [
        "",
        "س" * 70,
        "س" * 71,
        "س" * 134,
        "س" * 135,
        "a" * 160,
        "a" * 161,
        "a" * 306,
        "a" * 307,
        "{" * 80,
        "{" * 80 + "a",
        "👋" * 35,
        "👋" * 35 + "a",
        "درخواست {tracking_code} ثبت شد. {unknown} {} {{service}} {track_url}",
    ]
    for _ in range(400):
        size = rng.choice([rng.randint(0, 20), rng.randint(60, 170), rng.randint(130, 330)])
        texts.append("".join(rng.choice(ALPHABET) for _ in range(size)))
    return texts
