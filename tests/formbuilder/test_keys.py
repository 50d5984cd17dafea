import re

from hypothesis import given
from hypothesis import strategies as st

from formbuilder.constants import KEY_PATTERN
from formbuilder.keys import key_from_label, key_unique


def test_persian_labels_become_readable_ascii():
    assert key_from_label("نام خانوادگی") == "nam_khanvadgi"
    assert key_from_label("کد ملی") == "kd_mli"
    assert key_from_label("شماره همراه") == "shmarh_hmrah"
    assert key_from_label("Full name") == "full_name"
    assert key_from_label("نشانی محل‌کار") == "nshani_mhl_kar"


def test_arabic_letters_and_digits_give_the_same_key():
    assert key_from_label("آدرس ۲") == key_from_label("آدرس 2") == "adrs_2"
    assert key_from_label("كد ملي") == key_from_label("کد ملی")


def test_labels_without_letters():
    assert key_from_label("۱۲۳") == "f_123"
    assert key_from_label("؟!") == "answer"
    assert key_from_label("؟!", fallback="mobile") == "mobile"


@given(st.text(max_size=200))
def test_every_label_gives_a_valid_key(label):
    key = key_from_label(label)
    assert re.fullmatch(KEY_PATTERN, key)
    assert "u06" not in key or "u06" in label.lower()


def test_unique_keys():
    assert key_unique("name", set()) == "name"
    assert key_unique("name", {"name"}) == "name_2"
    assert key_unique("name", {"name", "name_2"}) == "name_3"


def test_ain_is_kept_and_long_labels_are_cut_at_a_word():
    assert key_from_label("تعداد") == "tadad"
    key = key_from_label("تصویر پروانه ساختمانی یا گواهی پایان کار ساختمان")
    assert len(key) <= 40 and not key.endswith("_")
    assert key == "tsvir_prvanh_sakhtmani_ia_gvahi_paian"
