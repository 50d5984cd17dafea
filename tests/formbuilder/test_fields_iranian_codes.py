"""The company national ID, IBAN, bank card and postal code types, checked against
reference implementations written here independently of formbuilder's own code."""

import re
from itertools import cycle

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st
from wagtail.blocks import StreamBlock

from formbuilder.blocks import StepBlock
from formbuilder.fields import registry
from formbuilder.schema import schema_build, schema_problems
from formbuilder.validation import answers_validate
from tests.formbuilder.helpers import error_messages, field_for, field_spec, stored

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SCRIPTS = st.sampled_from([{}, PERSIAN, ARABIC])
SEPARATORS = st.sampled_from(["", " ", "-", "\u00a0"])
DIGITS = "0123456789"


def persian_errors(type_name, typed):
    with override("fa"):
        return error_messages(field_for(type_name), typed)


def spaced(code, separator, size=4):
    return separator.join(code[i : i + size] for i in range(0, len(code), size))


# -- References ------------------------------------------------------------------------


def reference_legal_id_valid(code: str) -> bool:
    """شناسه ملی: weights 29, 27, 23, 19, 17 repeated; each digit plus (tenth + 2)."""
    if not re.fullmatch(r"\d{11}", code) or int(code[3:9]) == 0:
        return False
    plus = int(code[9]) + 2
    total = 0
    for digit, weight in zip(code[:10], cycle([29, 27, 23, 19, 17]), strict=False):
        total += (int(digit) + plus) * weight
    remainder = total % 11
    if remainder == 10:
        remainder = 0
    return remainder == int(code[10])


def reference_legal_id(first_ten: str) -> str:
    """The valid ID starting with `first_ten`: the one last digit the reference accepts."""
    (code,) = [first_ten + d for d in DIGITS if reference_legal_id_valid(first_ten + d)]
    return code


def reference_iban_valid(iban: str) -> bool:
    """ISO 13616 with Python's big integers: I=18, R=27, moved to the end."""
    return bool(re.fullmatch(r"IR\d{24}", iban)) and int(iban[4:] + "1827" + iban[2:4]) % 97 == 1


def reference_iban(bban: str) -> str:
    return f"IR{98 - int(bban + '182700') % 97:02d}{bban}"


_DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]  # Luhn's table: 2·d with its digits added.


def reference_luhn_valid(number: str) -> bool:
    digits = [int(c) for c in number]
    odd = digits[-1::-2]
    even = [_DOUBLED[d] for d in digits[-2::-2]]
    return (sum(odd) + sum(even)) % 10 == 0


def reference_card(first_fifteen: str) -> str:
    (card,) = [first_fifteen + d for d in DIGITS if reference_luhn_valid(first_fifteen + d)]
    return card


# The community regex for Iran Post's structure (/work/shared/research).
POSTAL = re.compile(r"^(?!(\d)\1{3})[13-9]{4}[1346-9][013-9]{5}$")


# -- The references agree with published examples --------------------------------------


def test_references_against_known_examples():
    assert reference_legal_id_valid("10380284790")
    assert reference_legal_id_valid("14007650912")
    assert not reference_legal_id_valid("10380284791")
    assert reference_iban_valid("IR050170000000123456789012")
    assert reference_iban("0170000000123456789012") == "IR050170000000123456789012"
    assert reference_luhn_valid("6037991234567893")
    assert reference_luhn_valid("4111111111111111")
    assert POSTAL.match("1193653471") and not POSTAL.match("1234567890")


# -- Each type accepts exactly what its reference accepts --------------------------------


def codes(size: int):
    """Strings of `size` ASCII digits, valid or not."""
    return st.text(alphabet=DIGITS, min_size=size, max_size=size)


AS_IT_IS = st.just({})  # typed in ASCII digits


@pytest.mark.parametrize(
    "type_name, candidates, scripts, reference_valid, refusal",
    [
        (
            "legal_id",
            codes(11),
            AS_IT_IS,
            reference_legal_id_valid,
            "این شناسه ملی معتبر نیست. رقم‌های آن را با مدارک شرکت مطابقت دهید.",
        ),
        (
            "iban",
            codes(24).map(lambda digits: f"IR{digits}"),
            AS_IT_IS,
            reference_iban_valid,
            "این شماره شبا معتبر نیست. رقم‌های آن را با اطلاعات حساب بانکی خود مطابقت دهید.",
        ),
        (
            "bank_card",
            codes(16),
            AS_IT_IS,
            reference_luhn_valid,
            "این شماره کارت معتبر نیست. رقم‌های آن را با کارت مطابقت دهید.",
        ),
        (
            "postal_code",  # the public rule, typed in any script
            codes(10),
            SCRIPTS,
            POSTAL.match,
            "چنین کد پستی وجود ندارد. آن را با یک قبض یا سامانهٔ شرکت پست مطابقت دهید.",
        ),
    ],
)
@given(data=st.data())
def test_accepted_exactly_when_the_reference_says_so(
    type_name, candidates, scripts, reference_valid, refusal, data
):
    code = data.draw(candidates)
    typed = code.translate(data.draw(scripts))
    if reference_valid(code):
        assert stored(type_name, typed) == code
    else:
        assert persian_errors(type_name, typed) == [refusal]


# -- Company national ID (شناسه ملی) ----------------------------------------------------


@given(st.text(alphabet=DIGITS, min_size=10, max_size=10), SCRIPTS, SEPARATORS)
def test_valid_legal_ids_in_any_script_are_stored_in_ascii(first_ten, script, separator):
    if int(first_ten[3:9]) == 0:
        first_ten = first_ten[:8] + "1" + first_ten[9]
    code = reference_legal_id(first_ten)
    assert stored("legal_id", spaced(code, separator).translate(script)) == code


@given(st.text(alphabet=DIGITS, min_size=10, max_size=10), st.integers(1, 9))
def test_a_changed_check_digit_is_refused(first_ten, change):
    if int(first_ten[3:9]) == 0:
        first_ten = "1" * 10
    code = reference_legal_id(first_ten)
    wrong = code[:10] + str((int(code[10]) + change) % 10)
    with pytest.raises(ValidationError):
        stored("legal_id", wrong)


@pytest.mark.parametrize("typed", ["1038028479", "103802847900", "1038028479a"])
def test_legal_id_of_the_wrong_shape(typed):
    assert persian_errors("legal_id", typed) == ["شناسه ملی شرکت را وارد کنید: همان ۱۱ رقم."]


def test_legal_id_with_an_all_zero_registration_number_is_refused():
    # The checksum alone would accept it: the last digit is the one it computes.
    for last in DIGITS:
        assert stored_or_none("legal_id", f"1230000004{last}") is None


def stored_or_none(type_name, typed):
    try:
        return stored(type_name, typed)
    except ValidationError:
        return None


# -- IBAN (شبا) -------------------------------------------------------------------------


@given(
    st.text(alphabet=DIGITS, min_size=22, max_size=22),
    st.sampled_from(["IR", "ir", "Ir", ""]),
    SCRIPTS,
    SEPARATORS,
)
def test_valid_ibans_typed_any_way_are_stored_as_ir_and_24_digits(bban, prefix, script, sep):
    iban = reference_iban(bban)
    typed = spaced(prefix + iban[2:].translate(script), sep)
    assert stored("iban", typed) == iban


@given(st.text(alphabet=DIGITS, min_size=22, max_size=22), st.integers(0, 23), st.integers(1, 9))
def test_one_wrong_digit_in_an_iban_is_caught(bban, position, change):
    iban = reference_iban(bban)
    digits = list(iban[2:])
    digits[position] = str((int(digits[position]) + change) % 10)
    with pytest.raises(ValidationError):
        stored("iban", "IR" + "".join(digits))


@pytest.mark.parametrize(
    "typed", ["IR05017000000012345678901", "DE89370400440532013000", "IR0501700000001234567890123"]
)
def test_iban_of_the_wrong_shape(typed):
    assert persian_errors("iban", typed) == ["شماره شبا را وارد کنید: IR و پس از آن ۲۴ رقم."]


# -- Bank card --------------------------------------------------------------------------


@given(st.text(alphabet=DIGITS, min_size=15, max_size=15), SCRIPTS, SEPARATORS)
def test_valid_cards_in_any_script_are_stored_in_ascii(first_fifteen, script, separator):
    card = reference_card(first_fifteen)
    assert stored("bank_card", spaced(card, separator).translate(script)) == card


@pytest.mark.parametrize("typed", ["603799123456789", "60379912345678930", "6037-9912-3456-789x"])
def test_card_of_the_wrong_shape(typed):
    assert persian_errors("bank_card", typed) == ["شماره ۱۶ رقمی روی کارت بانکی را وارد کنید."]


# -- Postal code ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    ["1234567890", "0193653471", "1193553471", "1111153471", "1193653472", "5555513471"],
)
def test_postal_codes_no_address_can_have(code):
    assert stored_or_none("postal_code", code) is None


# -- Display, editor and schema ---------------------------------------------------------


@pytest.mark.parametrize(
    "type_name, value, persian, english",
    [
        ("bank_card", "6037991234567893", "۶۰۳۷ ۹۹۱۲ ۳۴۵۶ ۷۸۹۳", "6037 9912 3456 7893"),
        (
            "iban",
            "IR050170000000123456789012",
            "IR۰۵ ۰۱۷۰ ۰۰۰۰ ۰۰۱۲ ۳۴۵۶ ۷۸۹۰ ۱۲",
            "IR05 0170 0000 0012 3456 7890 12",
        ),
    ],
)
def test_long_codes_display_in_groups_of_four_left_to_right(type_name, value, persian, english):
    field_type = registry.get(type_name)
    with override("fa"):
        assert field_type.display(field_spec(type_name), value) == f"\u2066{persian}\u2069"
    with override("en"):
        assert field_type.display(field_spec(type_name), value) == f"\u2066{english}\u2069"


def test_legal_id_displays_in_persian_digits():
    with override("fa"):
        assert registry.get("legal_id").display({}, "10380284790") == "۱۰۳۸۰۲۸۴۷۹۰"


@pytest.mark.parametrize(
    "type_name, name, help_text",
    [
        (
            "legal_id",
            "شناسه ملی (اشخاص حقوقی)",
            "شناسه ملی ۱۱ رقمی شرکت یا سازمان؛ رقم کنترل آن بررسی می‌شود.",
        ),
        ("iban", "شماره شبا", "شماره شبای بانکی: IR و ۲۴ رقم؛ رقم‌های کنترل آن بررسی می‌شود."),
        ("bank_card", "شماره کارت بانکی", "شماره کارت بانکی ۱۶ رقمی؛ رقم آخر آن بررسی می‌شود."),
        (
            "postal_code",
            "کد پستی",
            "کد پستی ۱۰ رقمی؛ کدی که به هیچ نشانی تعلق ندارد پذیرفته نمی‌شود.",
        ),
    ],
)
def test_editor_offers_each_type_with_a_persian_name_and_one_line_help(type_name, name, help_text):
    block = StepBlock().child_blocks["fields"].child_blocks[type_name]
    with override("fa"):
        assert str(block.meta.label) == name
        assert str(block.meta.help_text) == help_text


def test_a_form_with_the_new_types_publishes_and_validates_like_any_other():
    step_block = StepBlock()
    fields = [
        ("mobile", "شماره همراه", "mobile"),
        ("legal_id", "شناسه ملی شرکت", "company_id"),
        ("iban", "شماره شبا", "iban"),
        ("bank_card", "شماره کارت", "card"),
        ("postal_code", "کد پستی", "postal_code"),
    ]
    raw = [
        {
            "type": "step",
            "value": {
                "title": "مشخصات",
                "description": "",
                "fields": [
                    {
                        "type": type_name,
                        "value": {"label": label, "key": key, "help_text": "", "required": True},
                    }
                    for type_name, label, key in fields
                ],
            },
        }
    ]
    steps = StreamBlock([("step", step_block)]).to_python(raw)
    schema = schema_build(steps, version=1)
    assert schema_problems(schema) == []
    assert [spec["type"] for spec in schema["steps"][0]["fields"]] == [f[0] for f in fields]
    result = answers_validate(
        schema,
        {
            "mobile": "09121234567",
            "company_id": "۱۰۳۸۰۲۸۴۷۹۰",
            "iban": "ir05 0170 0000 0012 3456 7890 12",
            "card": "۶۰۳۷-۹۹۱۲-۳۴۵۶-۷۸۹۳",
            "postal_code": "۱۱۹۳۶-۵۳۴۷۱",
        },
    )
    assert result.errors == {}
    assert result.answers == {
        "mobile": "09121234567",
        "company_id": "10380284790",
        "iban": "IR050170000000123456789012",
        "card": "6037991234567893",
        "postal_code": "1193653471",
    }
    with override("fa"):
        refused = answers_validate(
            schema,
            {
                "mobile": "09121234567",
                "company_id": "10380284791",
                "iban": "IR060170000000123456789012",
                "card": "6037991234567894",
                "postal_code": "1234567890",
            },
        )
    assert sorted(refused.errors) == ["card", "company_id", "iban", "postal_code"]
