import datetime
import io
import zipfile
import zlib
from decimal import Decimal

import jdatetime
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import assume, given
from hypothesis import strategies as st

from formbuilder.validators import (
    NoSuchDate,
    boolean_parse,
    date_limit_parse,
    decimal_parse,
    file_name_sanitise,
    file_sniff_mime,
    integer_parse,
    jalali_parse,
    json_number,
    mobile_normalise,
    national_id_check_digit,
    national_id_is_valid,
    national_id_normalise,
    option_int,
    option_number,
    postal_code_normalise,
    text_clean,
)

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SCRIPTS = st.sampled_from([{}, PERSIAN, ARABIC])


def reference_check_digit(first_nine: str) -> int:
    """iran_domain.md §3, written out independently of the code under test."""
    total = 0
    for i in range(9):
        total += int(first_nine[i]) * (10 - i)
    r = total % 11
    return r if r < 2 else 11 - r


def reference_is_valid(code: str) -> bool:
    return len(set(code)) > 1 and reference_check_digit(code[:9]) == int(code[9])


def png_bytes() -> bytes:
    def chunk(kind, data):
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# -- National ID --------------------------------------------------------------------


@pytest.mark.parametrize("code", ["0013542419", "0076229645", "1583250689"])
def test_known_national_ids_are_valid(code):
    assert national_id_is_valid(code)


@pytest.mark.parametrize(
    "code",
    ["0013542418", "1111111111", "0000000000", "013542419", "00135424190", "۰۰۱۳۵۴۲۴۱۹", ""],
)
def test_bad_national_ids_are_refused(code):
    assert not national_id_is_valid(code)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_generated_national_ids_validate(first_nine):
    code = first_nine + str(reference_check_digit(first_nine))
    assume(len(set(code)) > 1)
    assert national_id_check_digit(first_nine) == reference_check_digit(first_nine)
    assert national_id_is_valid(code)


@given(
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=1, max_value=9),
)
def test_single_digit_changes_are_refused_unless_valid_by_chance(first_nine, position, shift):
    code = first_nine + str(reference_check_digit(first_nine))
    changed_digit = str((int(code[position]) + shift) % 10)
    changed = code[:position] + changed_digit + code[position + 1 :]
    assert national_id_is_valid(changed) == reference_is_valid(changed)


def test_national_id_normalise_pads_and_reads_any_digits():
    assert national_id_normalise("13542419") == "0013542419"
    assert national_id_normalise("۷۶۲۲۹۶۴۵") == "0076229645"
    assert national_id_normalise(" ١٥٨-٣٢٥٠٦٨-٩ ") == "1583250689"
    assert national_id_normalise("1354241") is None
    assert national_id_normalise("00135424190") is None
    assert national_id_normalise("12345abcde") is None
    assert national_id_normalise("1" * 5000) is None


# -- Mobile and postal code -----------------------------------------------------------


@given(
    st.sampled_from(["", "0", "98", "+98", "0098", "+98 0", "+98-"]),
    st.integers(min_value=0, max_value=999_999_999),
    st.sampled_from(["", " ", "-", "\u200e"]),
    SCRIPTS,
)
def test_mobile_prefixes_separators_and_scripts(prefix, number, separator, script):
    expected = f"09{number:09d}"
    rest = f"9{number:09d}"
    typed = prefix + separator.join([rest[:3], rest[3:6], rest[6:]])
    assert mobile_normalise(typed.translate(script)) == expected


@pytest.mark.parametrize(
    "raw",
    ["08121234567", "0912123456", "091212345678", "+1 912 123 4567", "abc", "", "9" * 200],
)
def test_bad_mobiles_are_refused(raw):
    assert mobile_normalise(raw) is None


def test_mobile_starting_with_98_without_prefix():
    # 0998… is a real operator prefix: «9981234567» must not lose its 98 to a country code.
    assert mobile_normalise("9981234567") == "09981234567"
    assert mobile_normalise("989981234567") == "09981234567"


def test_postal_code_normalise():
    assert postal_code_normalise("۱۲۳۴۵-۶۷۸۹۰") == "1234567890"
    assert postal_code_normalise("12345 67890") == "1234567890"
    assert postal_code_normalise("123456789") is None
    assert postal_code_normalise("12345678901") is None
    assert postal_code_normalise("12345abcde") is None


# -- Numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("۱۲٬۳۴۵٫۶۷", Decimal("12345.67")),
        ("12,345.67", Decimal("12345.67")),
        ("۲/۵", Decimal("2.5")),
        ("−۳", Decimal("-3")),
        (" ٠٫٥ ", Decimal("0.5")),
        (".5", Decimal("0.5")),
    ],
)
def test_decimal_parse(raw, expected):
    assert decimal_parse(raw) == expected


@pytest.mark.parametrize("raw", ["", "abc", "nan", "Infinity", "1e5", "1.2.3", "--1", "1" * 40])
def test_decimal_parse_refuses(raw):
    with pytest.raises(ValueError):
        decimal_parse(raw)


def test_integer_parse():
    assert integer_parse("۱٬۰۰۰") == 1000
    assert integer_parse("12.0") == 12
    with pytest.raises(ValueError):
        integer_parse("12.5")


# -- Dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1404/01/01", datetime.date(2025, 3, 21)),
        ("۱۴۰۴/۱/۱", datetime.date(2025, 3, 21)),
        ("١٤٠٤-٠١-٠١", datetime.date(2025, 3, 21)),
        ("1404.1.1", datetime.date(2025, 3, 21)),
        ("1404 / 01 / 01", datetime.date(2025, 3, 21)),
        ("14040101", datetime.date(2025, 3, 21)),
        ("1403/12/30", datetime.date(2025, 3, 20)),
        ("2025-03-21", datetime.date(2025, 3, 21)),
        ("2024-02-29", datetime.date(2024, 2, 29)),
    ],
)
def test_jalali_parse(raw, expected):
    assert jalali_parse(raw) == expected


@pytest.mark.parametrize(
    "raw", ["1404/12/30", "1404/13/01", "1404/07/31", "2025-02-29", "0999/01/01"]
)
def test_jalali_parse_refuses_days_that_do_not_exist(raw):
    with pytest.raises(NoSuchDate):
        jalali_parse(raw)


@pytest.mark.parametrize(
    "raw", ["", "abc", "1404/01", "04/01/01", "1404/001/01", "1" * 100, "9999-12-31"]
)
def test_jalali_parse_refuses_other_text(raw):
    with pytest.raises(ValueError):
        jalali_parse(raw)


@given(
    st.dates(min_value=datetime.date(1701, 1, 1), max_value=datetime.date(2300, 12, 31)), SCRIPTS
)
def test_jalali_round_trip(day, script):
    jalali = jdatetime.date.fromgregorian(date=day)
    typed = f"{jalali.year}/{jalali.month}/{jalali.day}".translate(script)
    assert jalali_parse(typed) == day
    assert jalali_parse(day.isoformat()) == day


def test_date_limit_parse():
    assert date_limit_parse("today") == "today"
    assert date_limit_parse(" Today ") == "today"
    assert date_limit_parse("امروز") == "today"
    assert date_limit_parse("۱۴۰۴/۰۱/۰۱") == "2025-03-21"
    assert date_limit_parse("2025-03-21") == "2025-03-21"
    with pytest.raises(ValueError):
        date_limit_parse("tomorrow")


# -- Files ------------------------------------------------------------------------------


def test_file_sniff_mime_reads_content_and_seeks_back():
    pdf = SimpleUploadedFile("photo.png", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    pdf.read(3)
    assert file_sniff_mime(pdf) == "application/pdf"
    assert pdf.tell() == 0
    assert file_sniff_mime(SimpleUploadedFile("x.pdf", png_bytes())) == "image/png"
    exe = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00" + b"\x00" * 2000)
    assert file_sniff_mime(exe) not in ("application/pdf", "image/png", "image/jpeg")


def test_file_sniff_mime_knows_office_documents():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    docx = SimpleUploadedFile("letter.pdf", buffer.getvalue())
    assert file_sniff_mime(docx) == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


@pytest.mark.parametrize(
    "name, expected",
    [
        ("C:\\Users\\ali\\scan.pdf", "scan.pdf"),
        ("../../etc/passwd", "passwd"),
        ("scan\u202efdp.exe", "scanfdp.exe"),
        ("نامه‌ي اداري.pdf", "نامه‌ی اداری.pdf"),
        ('a<b>:"c".pdf', "a_b___c_.pdf"),
        ("  .. ", "file"),
        ("", "file"),
    ],
)
def test_file_name_sanitise(name, expected):
    assert file_name_sanitise(name) == expected


def test_long_file_names_keep_their_extension():
    name = file_name_sanitise("x" * 400 + ".pdf")
    assert len(name) == 150
    assert name.endswith(".pdf")


# -- Text, yes/no and options -----------------------------------------------------------


def test_text_clean():
    assert text_clean("  علي\x00 ۱۲\u200e ") == "علی 12"
    assert text_clean("می‌خواهم") == "می‌خواهم"  # ZWNJ kept
    assert text_clean("a\r\nb\tc") == "a b c"
    assert text_clean("a\r\nb\tc", multiline=True) == "a\nb\tc"


@pytest.mark.parametrize(
    "raw, expected",
    [(True, True), (False, False), (None, False), ("on", True), ("", False), ("false", False)]
    + [("TRUE", True), ("0", False), (1, True), (0, False), ("بله", True), ("خیر", False)],
)
def test_boolean_parse(raw, expected):
    assert boolean_parse(raw) is expected


@pytest.mark.parametrize("raw", ["maybe", 2, 1.0, [], {}, "x" * 1000])
def test_boolean_parse_refuses(raw):
    with pytest.raises(ValueError):
        boolean_parse(raw)


def test_options():
    assert option_int(5) == 5
    assert option_int("7") == 7
    assert option_int(5.0) == 5
    assert option_int(5.5) is None
    assert option_int(True) is None
    assert option_int([1]) is None
    assert option_number(Decimal("2.5")) == Decimal("2.5")
    assert option_number("nan") is None
    assert option_number("1e1000000") is None
    assert json_number(Decimal("5.0")) == 5
    assert isinstance(json_number(Decimal("5.0")), int)
    assert json_number(Decimal("2.5")) == 2.5
