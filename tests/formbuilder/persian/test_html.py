"""Persian digits in a page's text, never in what is typed, copied or followed."""

from formbuilder.persian.html import html_digits_persian, text_digits_persian


def test_text_and_read_attributes_get_persian_digits():
    html = '<p title="3 دقیقه پیش">صفحه 1 از 2</p><span aria-label="12 مورد">12</span>'
    assert html_digits_persian(html) == (
        '<p title="۳ دقیقه پیش">صفحه ۱ از ۲</p><span aria-label="۱۲ مورد">۱۲</span>'
    )


def test_values_links_scripts_and_codes_keep_their_digits():
    html = (
        '<a href="/admin/pages/12/" data-id="12">'
        '<input name="code" value="10061077000" placeholder="09121234567">'
        "<textarea>ماده 7</textarea><script>var n = 3;</script><style>.a{width:10px}</style>"
        '<code>sha256</code><pre>1 2</pre><span translate="no">0912 <b>123</b> 4567</span>'
        "<!-- 42 --></a>"
    )
    assert html_digits_persian(html) == html


def test_the_skipped_element_ends_where_it_closes():
    html = '<code><code>1</code>2</code>3<span translate="no"><span>4</span>5</span>6'
    assert (
        html_digits_persian(html)
        == '<code><code>1</code>2</code>۳<span translate="no"><span>4</span>5</span>۶'
    )


def test_names_addresses_and_codes_in_words_are_left_alone():
    assert text_digits_persian("v2 h.sadeghi2 127.0.0.1:8000/x a@b.ir 30 روز") == (
        "v2 h.sadeghi2 127.0.0.1:8000/x a@b.ir ۳۰ روز"
    )
