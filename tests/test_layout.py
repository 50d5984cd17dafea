"""DESIGN.md's layout, checked: imports between apps point down, and templates load no
other app's tag library but the language toolkit's (`scripts/check_imports.py`)."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def checker():
    spec = importlib.util.spec_from_file_location(
        "check_imports", ROOT / "scripts/check_imports.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_project_follows_the_layout():
    check_imports = checker()
    imports, loads, violations = check_imports.check(ROOT)
    assert violations == [], check_imports.report(imports, loads, violations)
    # The checker sees the imports it judges (an empty scan would pass too).
    pairs = {(item.source_app, item.target_app) for item in imports}
    assert {
        ("catalog", "formbuilder"),
        ("submissions", "catalog"),
        ("cms_site", "routing"),
    } <= pairs
    assert any(load.library == "khedmat" and load.app == "catalog" for load in loads)


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def tree(tmp_path):
    """A small project that keeps to the layout."""
    write(tmp_path, "formbuilder/persian/text.py", "import re\n")
    write(tmp_path, "formbuilder/templatetags/khedmat.py", "register = None\n")
    write(tmp_path, "catalog/models.py", "from formbuilder.persian.text import re\n")
    write(tmp_path, "submissions/templatetags/submissions_tags.py", "register = None\n")
    write(tmp_path, "submissions/views.py", "from catalog import models\n")
    write(tmp_path, "receipts/templates/receipts/r.html", "{% load i18n khedmat %}\n")
    write(tmp_path, "cms_site/audit/views.py", "from receipts import models\n")
    return tmp_path


def test_a_tree_that_keeps_to_the_layout_passes(tree):
    assert checker().check(tree)[2] == []


@pytest.mark.parametrize(
    "relative, text, expected",
    [
        ("catalog/api.py", "def f():\n    from submissions import models\n", "catalog/api.py:2"),
        ("formbuilder/forms.py", "from catalog.models import x\n", "formbuilder/forms.py:1"),
        ("routing/api.py", "import receipts.sms\n", "share a layer"),
        ("submissions/forms.py", "from cms_site.audit import views\n", "submissions/forms.py:1"),
        ("formbuilder/persian/jalali.py", "from ..models import x\n", "toolkit"),
        ("catalog/forms.py", "from .. import submissions\n", "catalog/forms.py:1"),
        (
            "receipts/templates/receipts/x.html",
            "{% load i18n submissions_tags %}",
            "loads submissions's tag library 'submissions_tags'",
        ),
        (
            "catalog/templates/catalog/x.html",
            "{% load tracking_code from submissions_tags %}",
            "catalog/templates/catalog/x.html:1",
        ),
    ],
)
def test_an_upward_import_or_a_foreign_tag_library_fails(tree, relative, text, expected):
    write(tree, relative, text)
    violations = checker().check(tree)[2]
    assert len(violations) == 1 and expected in violations[0], violations


def test_the_script_exits_non_zero_on_a_violation(tree, capsys):
    check_imports = checker()
    assert check_imports.main(["--root", str(tree)]) == 0
    write(tree, "catalog/api.py", "from receipts.models import SmsMessage\n")
    assert check_imports.main(["--root", str(tree)]) == 1
    assert "catalog/api.py:1: catalog.api imports receipts.models" in capsys.readouterr().out


# No function over 60 lines (STYLE.md), outside benchmarks and migrations.

MAX_FUNCTION_LINES = 60
PROJECT_PACKAGES = ("formbuilder", "catalog", "submissions", "routing", "receipts", "cms_site")


def long_functions(root: Path, packages=PROJECT_PACKAGES) -> list[str]:
    """`path:line name (N lines)` for every function or method longer than the limit,
    counted from its `def` (decorators aside) to its last line."""
    import ast

    found = []
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.relative_to(root).parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines = node.end_lineno - node.lineno + 1
                    if lines > MAX_FUNCTION_LINES:
                        relative = path.relative_to(root)
                        found.append(f"{relative}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_function_is_longer_than_sixty_lines():
    assert long_functions(ROOT) == []


def test_the_length_check_sees_a_long_method_and_skips_migrations(tmp_path):
    body = "".join(f"        x = {n}\n" for n in range(60))
    write(tmp_path, "catalog/views.py", f"class V:\n    def get(self):\n{body}")
    write(tmp_path, "catalog/migrations/0001_initial.py", f"def forwards():\n{body}")
    write(tmp_path, "catalog/short.py", "def f():\n" + body[: -len("        x = 59\n")])

    assert long_functions(tmp_path) == ["catalog/views.py:2 get (61 lines)"]
