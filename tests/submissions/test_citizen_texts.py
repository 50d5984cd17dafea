"""What a citizen reads (issue 15, item 7): Persian digits in editors' texts and in
messages that quote them, each problem said once, examples inside the field's limits,
Persian content marked as such on English pages, autofill, headings, «only if» notes."""

import datetime
import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from formbuilder.fields.dates import JalaliDateField
from formbuilder.persian.jalali import format_jalali
from formbuilder.persian.text import to_persian_digits
from submissions.forms import CitizenReplyForm

from .test_apply import APPLY, Wizard, step1

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load khedmat %}" + source).render(Context(context))


def test_an_error_summary_line_says_the_problem_once():
    with translation.override("fa"):
        named = render("{{ e|error_line:l }}", e="«کد ملی» را وارد کنید.", l="کد ملی")
        other = render("{{ e|error_line:l }}", e="عددی وارد کنید.", l="ارتفاع 1 متری.")
    assert named == "«کد ملی» را وارد کنید."
    assert other == "ارتفاع ۱ متری: عددی وارد کنید."


def test_the_wizards_summary_names_each_question_once(client, service):
    html = Wizard(client, APPLY, service).post("s1", step1(national_id="")).content.decode()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    line = re.search(r'href="#id_s1-national_id">(.*?)</a>', summary).group(1)
    assert line.count("کد ملی") == 1 and ".:" not in summary


def test_an_editors_format_message_is_shown_in_persian_digits():
    from formbuilder.fields.text import TextRulesValidator, compile_pattern

    check = TextRulesValidator(pattern=compile_pattern(r"\d{11}"), pattern_message="11 رقم است.")
    with translation.override("fa"), pytest.raises(ValidationError) as refused:
        check("123")
    assert refused.value.messages == ["۱۱ رقم است."]


def test_rich_text_takes_persian_digits_but_its_markup_does_not():
    html = mark_safe('<p>ماده 7، <a href="/laws/30/">30 روز</a> &#1776;</p>')  # as |richtext
    with translation.override("fa"):
        out = render("{{ html|html_digits }}", html=html)
    assert out == '<p>ماده ۷، <a href="/laws/30/">۳۰ روز</a> &#1776;</p>'


def test_rich_text_digits_follow_the_admins_rule_for_code_and_latin_words():
    # One rule for editors' texts and the admin's pages (formbuilder/persian/html.py).
    html = mark_safe("<p>بند 3 <code>X-12</code> نسخه v2 و 40 روز</p>")
    with translation.override("fa"):
        out = render("{{ html|html_digits }}", html=html)
    assert out == "<p>بند ۳ <code>X-12</code> نسخه v2 و ۴۰ روز</p>"


def test_a_date_example_lies_inside_the_fields_limits():
    earliest, latest = datetime.date(2027, 3, 1), datetime.date(2027, 3, 11)
    with translation.override("fa"):
        example = JalaliDateField(earliest=earliest, latest=latest).example()
        after = JalaliDateField(earliest=earliest).example()
    assert example == to_persian_digits(format_jalali(datetime.date(2027, 3, 6), persian=False))
    assert after == to_persian_digits(format_jalali(datetime.date(2027, 3, 31), persian=False))


def test_the_first_step_autofills_the_name_and_notes_its_conditions(client, service):
    html = client.get(APPLY, follow=True).content.decode()
    assert re.search(r'name="s1-full_name"[^>]*autocomplete="name"', html)
    # Without JavaScript the company's name says when it is asked for.
    assert "فقط اگر پاسخ «نوع متقاضی» «شخص حقوقی» باشد." in html


def test_english_pages_mark_persian_content(client, service):
    client.cookies["khedmat_language"] = "en"
    step = client.get(APPLY, follow=True).content.decode()
    assert '<h1 lang="fa" dir="rtl">مشخصات متقاضی</h1>' in step
    assert '<span lang="fa" dir="rtl">کد ملی</span>' in step
    page = client.get(service.url).content.decode()
    assert '<h1 lang="fa" dir="rtl">صدور پروانه ساختمانی</h1>' in page


def test_a_persian_page_carries_no_extra_marks(client, service):
    html = client.get(service.url).content.decode()
    assert "<h1>صدور پروانه ساختمانی</h1>" in html


def test_the_category_page_goes_from_h1_to_h2(client, service, category):
    html = client.get(category.url).content.decode()
    main = html.split("<main", 1)[1]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


def test_optional_is_said_once():
    with translation.override("fa"):
        help_text = str(CitizenReplyForm.base_fields["files"].help_text)
    assert "اختیاری" not in help_text
