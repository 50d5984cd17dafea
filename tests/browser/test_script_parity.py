"""The browser's copies of server rules give the server's answers, run in Chromium itself.

- `formbuilder/static/formbuilder/conditions.js` decides which questions to show as the
  citizen types; `formbuilder/conditions.py` decides on submission.
- `receipts/static/receipts/sms_counter.js` counts an SMS template's characters and
  parts as the editor types; `receipts/sms/length.py` and `receipts/widgets.py` count
  what is sent.

Each is loaded into a blank page and fed the same inputs as the Python rule.
"""

import itertools
import random
from pathlib import Path

from django.contrib.staticfiles import finders

from formbuilder.conditions import condition_evaluate
from receipts.sms.length import GSM_BASIC, GSM_EXTENSION, sms_length
from receipts.widgets import sms_fill, sms_sample_values
from tests.receipts.test_widgets import mirror_texts

CONDITIONS_JS = Path(finders.find("formbuilder/conditions.js"))
COUNTER_JS = Path(finders.find("receipts/sms_counter.js"))

# Stored answers as `FieldType.to_storage` gives them, and values editors type.
ANSWERS = [
    None, "", True, False, 0, 2, 10, -3, "2", "10", " 2 ", "2.5", "2.50", "abc", "حقوقی",
    "حقیقی", "بله", "true", "1e3", [], ["a"], ["a", "b"], ["2"], "file",
]  # fmt: skip
VALUES = [
    "", "2", "۲", "10", "2.5", "۲٫۵", "abc", "حقوقی", "بله", "نه", "true", "False", "on",
    "a", "1e3", "0", "-3",
]  # fmt: skip
OPERATORS = ["equals", "not_equals", "one_of", "is_checked", "greater_than", "less_than"]


def rules() -> list[dict]:
    made = []
    for operator, answer, value in itertools.product(OPERATORS, ANSWERS, VALUES):
        expected = [value, "a"] if operator == "one_of" else value
        made.append(({"field": "x", "operator": operator, "value": expected}, {"x": answer}))
    rng = random.Random(1405)
    for _ in range(300):  # groups of rules on two answers
        parts = [
            {
                "field": rng.choice("xy"),
                "operator": rng.choice(OPERATORS),
                "value": rng.choice(VALUES),
            }
            for _ in range(rng.randint(1, 3))
        ]
        inner = {rng.choice(["all", "any"]): parts}
        condition = {rng.choice(["all", "any"]): [inner, rng.choice(parts)]}
        made.append((condition, {"x": rng.choice(ANSWERS), "y": rng.choice(ANSWERS)}))
    made.append((None, {}))
    made.append(({"field": "missing", "operator": "equals", "value": "2"}, {}))
    return made


def test_the_conditions_script_shows_what_the_server_accepts(blank_page):
    cases = rules()
    blank_page.add_script_tag(path=str(CONDITIONS_JS))
    in_browser = blank_page.evaluate(
        "cases => cases.map(([c, a]) => window.khedmatConditions.evaluate(c, a))",
        [list(case) for case in cases],
    )
    on_server = [condition_evaluate(condition, answers) for condition, answers in cases]
    differ = [
        (case, server, browser)
        for case, server, browser in zip(cases, on_server, in_browser, strict=True)
        if server != browser
    ]
    assert differ == []
    assert len(set(on_server)) == 2  # the cases reach both answers


def test_the_sms_counter_counts_exactly_like_the_server(blank_page):
    texts = mirror_texts()
    samples = sms_sample_values()  # what the widget hands the script
    blank_page.add_script_tag(path=str(COUNTER_JS))
    result = blank_page.evaluate(
        """([texts, samples]) => {
          const counter = window.khedmatSmsCounter;
          return {
            basic: counter.GSM_BASIC,
            extension: counter.GSM_EXTENSION,
            lengths: texts.map((text) => counter.smsLength(text)),
            filled: texts.map((text) => counter.fillSamples(text, samples)),
          };
        }""",
        [texts, samples],
    )
    assert set(result["basic"]) == GSM_BASIC
    assert len(result["basic"]) == len(GSM_BASIC)
    assert set(result["extension"]) == GSM_EXTENSION
    expected = [
        {
            "characters": measured.characters,
            "parts": measured.parts,
            "encoding": measured.encoding,
            "perPart": measured.per_part,
            "limit": measured.limit,
        }
        for measured in map(sms_length, texts)
    ]
    assert result["lengths"] == expected
    assert result["filled"] == [sms_fill(text, samples) for text in texts]
