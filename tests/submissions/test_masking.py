"""Secret tokens as admin lists show them: the first four characters and «…»."""

from submissions.masking import text_links_mask, token_mask

SURVEY_TOKEN = "AbCdEfGhIjKlMnOpQrStUv"
ACCESS_TOKEN = "Zx-9_yW8vU7tS6rQ5pO4nM3lK2jI1hG0"
NAMES = ("receipts:survey", "receipts:receipt", "submissions:confirmation")


def test_a_token_keeps_four_characters():
    assert token_mask(SURVEY_TOKEN) == "AbCd…"
    assert token_mask("") == ""


def test_every_link_with_a_token_is_masked():
    text = (
        f"نظر شما: https://desk.example.ir/s/{SURVEY_TOKEN}/ "
        f"رسید: https://desk.example.ir/requests/{ACCESS_TOKEN}/receipt.pdf "
        f"درخواست: /requests/{ACCESS_TOKEN}/"
    )
    masked = text_links_mask(text, url_names=NAMES)
    assert masked == (
        "نظر شما: https://desk.example.ir/s/AbCd…/ "
        "رسید: https://desk.example.ir/requests/Zx-9…/receipt.pdf "
        "درخواست: /requests/Zx-9…/"
    )


def test_text_without_links_is_unchanged():
    text = "کد رهگیری ۱۲۳۴ ۵۶۷۸ ۹۰۱۲ — https://desk.example.ir/track/"
    assert text_links_mask(text, url_names=NAMES) == text
